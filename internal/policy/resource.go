package policy

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Scope names the API a resource policy belongs to: its "execute-api:/"
// shorthand expands to this API's ARN prefix.
type Scope struct {
	Region, Account, APIID string
}

const (
	// arnPrefix starts every execute-api ARN in the aws partition.
	arnPrefix = "arn:aws:execute-api:"
	// shorthand starts a Resource that names the policy's own API, as API
	// Gateway lets a resource policy write it ("execute-api:/*").
	shorthand = "execute-api:/"
)

// ParseResource reads and compiles an API's resource policy, to be
// evaluated with EvaluateIn against each request's method ARN for an
// anonymous caller (PIPE-1 step 2, P-3). It reads what Parse reads, and
// also:
//   - Version may be absent and Statement may be one object (IAM allows
//     both, and SAM's transform writes the latter);
//   - each statement may carry Principal or NotPrincipal. A statement
//     applies to an anonymous caller only when its Principal is "*" or
//     {"AWS": "*"} (or a list holding "*"); one that names other
//     principals never applies;
//   - a Resource "execute-api:/{stage}/{METHOD}/{path}" stands for this
//     API's ARN, "arn:aws:execute-api:{region}:{account}:{apiID}/...";
//   - Conditions are evaluated against the request's Context, as for
//     Parse.
//
// Where apigw cannot tell what AWS would decide it fails closed: an Allow
// with a Condition apigw cannot evaluate, with NotPrincipal, or with no
// principal never allows; such a Deny denies (under a Condition: whenever
// the rest of it holds). Each such statement, and each literal
// region, account or API id that cannot match this API, is one line of
// notes, for the user to read once at load. An error wraps ErrMalformed.
func ParseResource(doc []byte, scope Scope) (*Policy, []string, error) {
	res := &resourceReader{scope: scope}
	stmts, err := read(doc, res)
	if err != nil {
		return nil, nil, err
	}
	return compile(stmts), res.notes, nil
}

// resourceReader is what reading a resource policy adds to reader.
type resourceReader struct {
	scope Scope
	notes []string
}

func (rr *resourceReader) note(where, format string, args ...any) {
	rr.notes = append(rr.notes, where+": "+fmt.Sprintf(format, args...))
}

// statements reads Statement: an array, or one statement object.
func (rr *resourceReader) statements(r *reader) ([]rawStatement, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, syntax(err)
	}
	switch tok {
	case json.Delim('['):
		return r.statementList()
	case json.Delim('{'):
		s, err := r.statementBody(keyStatement)
		return []rawStatement{s}, err
	}
	return nil, malformed("%s: want an array or an object, got %s", keyStatement, describe(tok))
}

// principal is what a statement's Principal or NotPrincipal says about an
// anonymous caller.
type principal struct {
	set    bool // Principal or NotPrincipal is present
	not    bool // it is NotPrincipal
	anyone bool // it names everyone: "*", or "*" among the AWS principals
}

// principalTypes are the keys a Principal object may have.
var principalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}

func (rr *resourceReader) principal(r *reader, p *principal, where, key string) error {
	if p.set {
		return malformed("%s: both %s and %s", where, keyPrincipal, keyNotPrinc)
	}
	p.set, p.not = true, key == keyNotPrinc
	at := where + "." + key
	tok, err := r.dec.Token()
	if err != nil {
		return syntax(err)
	}
	switch tok {
	case "*":
		p.anyone = true
		return nil
	case json.Delim('{'):
		return r.fields(at, func(typ string) error {
			if !slices.Contains(principalTypes, typ) {
				return malformed("%s: unknown principal type %q", at, typ)
			}
			names, err := r.scalars(at + "." + typ)
			p.anyone = p.anyone || typ == "AWS" && slices.Contains(names, "*")
			return err
		})
	}
	if _, ok := tok.(string); ok {
		return nil // one named principal
	}
	return malformed("%s: want \"*\" or an object, got %s", at, describe(tok))
}

// resolve decides, once the whole statement is read, whether it can apply
// to an anonymous caller, failing closed where AWS's answer is unknown.
func (rr *resourceReader) resolve(s *rawStatement, p principal, where string) {
	effect := effectAllow
	if s.deny {
		effect = effectDeny
	}
	switch {
	case !p.set:
		rr.failClosed(s, where, "has no Principal")
	case p.not && p.anyone:
		s.excluded = true // NotPrincipal "*" leaves no one
	case p.not:
		rr.failClosed(s, where, "uses NotPrincipal")
	default:
		s.excluded = !p.anyone
	}
	if s.cond == nil {
		return
	}
	if why := s.cond.unevaluated(); why != "" {
		rr.note(where, "its Condition is not evaluated locally (%s): this %s %s", why, effect, failClosedCondition(s.deny))
	}
}

func failClosedCondition(deny bool) string {
	if deny {
		return "applies whenever the rest of its Condition holds (fail closed)"
	}
	return "never allows (fail closed)"
}

func (rr *resourceReader) failClosed(s *rawStatement, where, what string) {
	effect := effectAllow
	if s.deny {
		effect = effectDeny
	}
	s.excluded = !s.deny
	rr.note(where, "%s: this %s %s", what, effect, failClosedEffect(s.deny))
}

func failClosedEffect(deny bool) string {
	if deny {
		return "applies to every request it names (fail closed)"
	}
	return "never allows (fail closed)"
}

// expand rewrites the "execute-api:/" shorthand into this API's ARN and
// notes literal ARN parts that cannot match this API.
func (rr *resourceReader) expand(rs []string, at string) []string {
	sc := rr.scope
	for i, res := range rs {
		if rest, ok := strings.CutPrefix(res, shorthand); ok {
			rs[i] = arnPrefix + sc.Region + ":" + sc.Account + ":" + sc.APIID + "/" + rest
			continue
		}
		rr.checkScope(res, fmt.Sprintf("%s[%d]", at, i))
	}
	return rs
}

// checkScope notes a full execute-api ARN whose literal region, account or
// API id differs from this API's: it never matches a request here.
func (rr *resourceReader) checkScope(res, at string) {
	rest, ok := strings.CutPrefix(res, arnPrefix)
	if !ok {
		return
	}
	region, rest, _ := strings.Cut(rest, ":")
	account, rest, _ := strings.Cut(rest, ":")
	id, _, _ := strings.Cut(rest, "/")
	for _, part := range [...]struct{ what, got, want string }{
		{"region", region, rr.scope.Region}, {"account", account, rr.scope.Account}, {"API id", id, rr.scope.APIID},
	} {
		if !strings.ContainsAny(part.got, "*?") && part.got != part.want {
			rr.note(at, "%q names %s %q, not this API's %q: it matches no request here", res, part.what, part.got, part.want)
			return
		}
	}
}
