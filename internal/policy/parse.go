package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"unicode/utf8"
)

// Wire names of the policy document, capitalised as IAM writes them (O-2).
const (
	keyVersion     = "Version"
	keyID          = "Id"
	keyStatement   = "Statement"
	keySid         = "Sid"
	keyEffect      = "Effect"
	keyAction      = "Action"
	keyNotAction   = "NotAction"
	keyResource    = "Resource"
	keyNotResource = "NotResource"
	keyCondition   = "Condition"
	keyPrincipal   = "Principal"
	keyNotPrinc    = "NotPrincipal"
	effectAllow    = "Allow"
	effectDeny     = "Deny"
)

// Parse reads and compiles a policy document. It accepts exactly: an object
// with a string Version, an optional string Id and a Statement array of
// objects; each statement with Effect "Allow" or "Deny", one of Action and
// NotAction, one of Resource and NotResource (each a non-empty string or a
// non-empty array of non-empty strings), an optional string Sid and an
// optional Condition object. Anything else, duplicate keys included, is an
// error wrapping ErrMalformed.
func Parse(doc []byte) (*Policy, error) {
	stmts, err := read(doc, nil)
	if err != nil {
		return nil, err
	}
	return compile(stmts), nil
}

// read parses doc as an authorizer's policy (res nil) or as a resource
// policy.
func read(doc []byte, res *resourceReader) ([]rawStatement, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	r := reader{dec: dec, res: res}
	stmts, err := r.document()
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, malformed("data after the policy document")
	}
	conds := 0
	for _, s := range stmts {
		if s.cond != nil {
			conds++
		}
	}
	if conds > math.MaxUint16 {
		return nil, malformed("%d statements with a Condition; apigw evaluates at most %d", conds, math.MaxUint16)
	}
	return stmts, nil
}

// rawStatement is a statement as read, before compilation.
type rawStatement struct {
	deny                   bool
	notAction, notResource bool
	actions, resources     []string
	// excluded: the statement never applies to the caller (a resource
	// policy's statement naming other principals).
	excluded bool
	// cond is the statement's Condition; nil when it has none (or an
	// empty one).
	cond *condition
}

type reader struct {
	dec *json.Decoder
	res *resourceReader // nil for an authorizer's policy
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}

func (r *reader) document() ([]rawStatement, error) {
	var stmts []rawStatement
	var haveVersion, haveStatement bool
	err := r.object("policy", func(key string) (err error) {
		switch key {
		case keyVersion:
			haveVersion = true
			_, err = r.str(keyVersion)
		case keyID:
			_, err = r.str(keyID)
		case keyStatement:
			haveStatement = true
			stmts, err = r.statements()
		default:
			err = malformed("policy: unknown key %q", key)
		}
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case !haveVersion && r.res == nil:
		return nil, malformed("policy: missing %s", keyVersion)
	case !haveStatement:
		return nil, malformed("policy: missing %s", keyStatement)
	}
	return stmts, nil
}

func (r *reader) statements() ([]rawStatement, error) {
	if r.res != nil {
		return r.res.statements(r)
	}
	if err := r.open(keyStatement, '['); err != nil {
		return nil, err
	}
	return r.statementList()
}

// statementList reads statements up to the closing ']'.
func (r *reader) statementList() ([]rawStatement, error) {
	var out []rawStatement
	for r.dec.More() {
		s, err := r.statement(fmt.Sprintf("%s[%d]", keyStatement, len(out)))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, r.close()
}

func (r *reader) statement(where string) (rawStatement, error) {
	if err := r.open(where, '{'); err != nil {
		return rawStatement{}, err
	}
	return r.statementBody(where)
}

// statementBody reads a statement after its opening '{'.
func (r *reader) statementBody(where string) (rawStatement, error) {
	var s rawStatement
	var effect *string
	var p principal
	err := r.fields(where, func(key string) error {
		if r.res != nil && (key == keyPrincipal || key == keyNotPrinc) {
			return r.res.principal(r, &p, where, key)
		}
		return r.statementField(&s, &effect, where, key)
	})
	if err != nil {
		return s, err
	}
	if err := s.check(where, effect); err != nil {
		return s, err
	}
	if r.res != nil {
		r.res.resolve(&s, p, where)
	}
	return s, nil
}

func (r *reader) statementField(s *rawStatement, effect **string, where, key string) (err error) {
	at := where + "." + key
	switch key {
	case keySid:
		_, err = r.str(at)
	case keyEffect:
		var e string
		e, err = r.str(at)
		*effect = &e
	case keyAction, keyNotAction:
		if s.actions != nil {
			return malformed("%s: both %s and %s", where, keyAction, keyNotAction)
		}
		s.notAction = key == keyNotAction
		s.actions, err = r.strs(at)
	case keyResource, keyNotResource:
		if s.resources != nil {
			return malformed("%s: both %s and %s", where, keyResource, keyNotResource)
		}
		s.notResource = key == keyNotResource
		s.resources, err = r.resources(at)
	case keyCondition:
		s.cond, err = r.condition(at)
	default:
		err = malformed("%s: unknown key %q", where, key)
	}
	return err
}

func (s *rawStatement) check(where string, effect *string) error {
	switch {
	case effect == nil:
		return malformed("%s: missing %s", where, keyEffect)
	case *effect != effectAllow && *effect != effectDeny:
		return malformed("%s.%s is %q; want exactly %q or %q", where, keyEffect, *effect, effectAllow, effectDeny)
	case s.actions == nil:
		return malformed("%s: missing %s or %s", where, keyAction, keyNotAction)
	case s.resources == nil:
		return malformed("%s: missing %s or %s", where, keyResource, keyNotResource)
	}
	s.deny = *effect == effectDeny
	return nil
}

// resources reads a Resource or NotResource value and applies P-2 to an
// authorizer's policy; a resource policy's entries are expanded instead.
func (r *reader) resources(at string) ([]string, error) {
	rs, err := r.strs(at)
	if r.res != nil {
		return r.res.expand(rs, at), err
	}
	for i, res := range rs {
		if n := utf8.RuneCountInString(res); n > MaxResourceChars {
			return nil, malformed("%s[%d] is %d characters; the limit is %d", at, i, n, MaxResourceChars)
		}
	}
	return rs, err
}

// condition reads a Condition: an object of operators, each an object of
// keys, each a value or a non-empty list of values; never null (O-2: API
// Gateway rejects "Condition": null). What apigw cannot evaluate is kept
// as clauses that fail closed (compileClause); an empty Condition is none.
func (r *reader) condition(at string) (*condition, error) {
	c := &condition{}
	err := r.object(at, func(op string) error {
		n := len(c.clauses)
		err := r.object(at+"."+op, func(key string) error {
			values, err := r.scalars(at + "." + op + "." + key)
			c.clauses = append(c.clauses, compileClause(op, key, values))
			return err
		})
		if err == nil && len(c.clauses) == n {
			c.clauses = append(c.clauses, clause{why: op + " names no key"})
		}
		return err
	})
	if err != nil || len(c.clauses) == 0 {
		return nil, err
	}
	return c, nil
}
