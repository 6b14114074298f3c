package policy

import (
	"errors"
	"strconv"
)

// ErrMalformed reports a policy document that API Gateway would reject
// (AUTHORIZER_CONFIGURATION_ERROR, spec O-2, P-2).
var ErrMalformed = errors.New("policy: malformed policy document")

// InvokeAction is the only action API Gateway checks a policy for (P-4).
const InvokeAction = "execute-api:Invoke"

// MaxResourceChars is the longest Resource ARN a policy may name (P-2).
const MaxResourceChars = 512

// Effect is the outcome of evaluating a policy. The zero value is
// ImplicitDeny, so a zero Decision never allows.
type Effect uint8

const (
	// ImplicitDeny: no statement allowed the request (P-3 step 3).
	ImplicitDeny Effect = iota
	// ExplicitDeny: a Deny statement matched (P-3 step 1).
	ExplicitDeny
	// Allow: an Allow statement matched and no Deny did (P-3 step 2).
	Allow
)

// String returns "allow", "explicit deny" or "implicit deny".
func (e Effect) String() string {
	switch e {
	case Allow:
		return "allow"
	case ExplicitDeny:
		return "explicit deny"
	case ImplicitDeny:
		return "implicit deny"
	}
	return "Effect(" + strconv.Itoa(int(e)) + ")"
}

// Decision is the result of Evaluate and the reason for it.
type Decision struct {
	Effect Effect
	// Statement is the index in the document's Statement array of the
	// statement that decided, or -1 for an implicit deny.
	Statement int
	// Pattern is the Resource pattern that matched, "" for an implicit deny
	// or when a NotResource statement decided.
	Pattern string
	// FailClosed, when not "", says which Condition apigw could not
	// evaluate, so that the decision failed closed: for an explicit deny,
	// the deciding Deny's; for an implicit deny, that of Guarded, the first
	// Allow that matched the request but could not apply.
	FailClosed string
	Guarded    int
}

// String reads like "allow by statement 0 (arn:...)" or "implicit deny (no
// statement matched)".
func (d Decision) String() string {
	if d.Statement < 0 {
		return d.Effect.String() + " (no statement matched)" + d.FailClosedNote()
	}
	s := d.Effect.String() + " by statement " + strconv.Itoa(d.Statement)
	if d.Pattern == "" {
		return s + " (NotResource)" + d.FailClosedNote()
	}
	return s + " (" + d.Pattern + ")" + d.FailClosedNote()
}

// FailClosedNote is "" or, when a Condition apigw could not evaluate
// decided, "; statement 2's Condition is not evaluated (...): its Allow does
// not apply (fail closed)", or for a Deny "...: its Deny applies (fail
// closed)".
func (d Decision) FailClosedNote() string {
	if d.FailClosed == "" {
		return ""
	}
	if d.Effect == ExplicitDeny {
		return "; its Condition is not evaluated (" + d.FailClosed + "): the Deny applies (fail closed)"
	}
	return "; statement " + strconv.Itoa(d.Guarded) + "'s Condition is not evaluated (" + d.FailClosed +
		"): its Allow does not apply (fail closed)"
}

// Policy is a compiled policy document. It is immutable and safe for
// concurrent use; a nil *Policy evaluates to an implicit deny.
type Policy struct {
	stmts []statement
	pats  []pattern // every statement's resource patterns, in order
	// conds are the statements' Conditions; nil when there are none, which
	// keeps cached policies small.
	conds *[]condition
	head  uint16 // length of the literal text every pattern starts with
}

// StatementInfo describes one statement of a policy for explanations.
type StatementInfo struct {
	Deny        bool     // Effect is "Deny"
	NotResource bool     // Resources come from NotResource
	Conditional bool     // has a Condition, evaluated per request
	Unevaluated string   // why part of its Condition cannot be evaluated locally (fail closed); "" when all can
	Invoke      bool     // Action or NotAction covers execute-api:Invoke
	Inert       bool     // never takes part in a decision (see Parse, ParseResource)
	Resources   []string // the Resource or NotResource patterns as written
}

// NumStatements returns the number of statements in the document.
func (p *Policy) NumStatements() int {
	if p == nil {
		return 0
	}
	return len(p.stmts)
}

// Statement describes statement i, 0 <= i < NumStatements().
func (p *Policy) Statement(i int) StatementInfo {
	s := p.stmts[i]
	return StatementInfo{
		Deny:        s.has(flagDeny),
		NotResource: s.has(flagNotResource),
		Conditional: s.has(flagConditional),
		Unevaluated: p.unevaluated(s),
		Invoke:      s.has(flagInvoke),
		Inert:       s.has(flagInert),
		Resources:   p.patterns(i),
	}
}

// AllowedResources returns the Resource patterns of the Allow statements
// that allow whatever the request (they cover execute-api:Invoke and carry
// no Condition), in
// document order. Allow statements using NotResource are not listed; see
// Statement.
func (p *Policy) AllowedResources() []string {
	var out []string
	for i := range p.NumStatements() {
		if s := p.stmts[i]; !s.has(flagDeny) && !s.has(flagInert) && !s.has(flagNotResource) && !s.has(flagConditional) {
			out = append(out, p.patterns(i)...)
		}
	}
	return out
}

// unevaluated says why s's Condition cannot be evaluated locally, or "".
func (p *Policy) unevaluated(s statement) string {
	if s.cond == 0 {
		return ""
	}
	return (*p.conds)[s.cond-1].unevaluated()
}
