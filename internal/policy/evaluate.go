package policy

import "strings"

// statement flags, fixed at compile time.
const (
	flagDeny        uint8 = 1 << iota // Effect is Deny
	flagNotResource                   // its patterns are NotResource
	flagConditional                   // has a Condition apigw does not evaluate
	flagInvoke                        // applies to execute-api:Invoke
	flagInert                         // can never take part in a decision
)

// statement is one compiled statement: its resource patterns are
// Policy.pats[previous statement's end:end]; cond, when not 0, is one more
// than the index of its evaluated Condition in Policy.conds. Action
// patterns are resolved at compile time (flagInvoke), so they are not kept.
type statement struct {
	end   uint32
	flags uint8
	cond  uint16
}

func (s statement) has(f uint8) bool { return s.flags&f != 0 }

// Evaluate decides whether p allows methodARN (P-3): any matching Deny is an
// explicit deny whatever the order, else the first matching Allow allows,
// else the result is an implicit deny. It does not allocate. It knows
// nothing of the request: every Condition fails closed (EvaluateIn).
func (p *Policy) Evaluate(methodARN string) Decision {
	return p.EvaluateIn(methodARN, nil)
}

// EvaluateIn is Evaluate for a request whose IAM context is x (nil: unknown).
// A statement with a Condition applies when the Condition holds; one apigw
// cannot decide (an unknown operator, key or value) fails closed: its Allow
// does not apply and its Deny does, and the Decision says so (FailClosed).
// It does not allocate.
func (p *Policy) EvaluateIn(methodARN string, x *Context) Decision {
	if p == nil {
		return Decision{Effect: ImplicitDeny, Statement: -1}
	}
	known := p.known(methodARN)
	allow := Decision{Effect: ImplicitDeny, Statement: -1}
	start := 0
	for i, s := range p.stmts {
		first, end := start, int(s.end)
		start = end
		if s.has(flagInert) || (allow.Effect == Allow && !s.has(flagDeny)) {
			continue
		}
		hit := p.hit(methodARN, known, first, end)
		if (hit >= 0) == s.has(flagNotResource) {
			continue // P-6: no Resource matched, or a NotResource did
		}
		applies, why := true, ""
		if s.cond != 0 {
			applies, why = p.conditionApplies(s, x)
		}
		switch {
		case s.has(flagDeny) && applies:
			return Decision{Effect: ExplicitDeny, Statement: i, Pattern: p.text(hit), FailClosed: why}
		case applies:
			allow = Decision{Effect: Allow, Statement: i, Pattern: p.text(hit)}
		case why != "" && allow.FailClosed == "":
			allow.FailClosed, allow.Guarded = why, i
		}
	}
	if allow.Effect != Allow {
		return allow
	}
	return Decision{Effect: Allow, Statement: allow.Statement, Pattern: allow.Pattern}
}

// hit returns the index of the first of the patterns first:end that
// matches methodARN, or -1.
func (p *Policy) hit(methodARN string, known, first, end int) int {
	for j := first; known >= 0 && j < end; j++ {
		if pat := &p.pats[j]; len(methodARN) >= int(pat.min) && pat.match(methodARN, known) {
			return j
		}
	}
	return -1
}

// conditionApplies reports whether s's Condition (s.cond != 0) lets it
// apply to a request in context x. A Condition that is neither true nor
// false fails closed: a Deny applies, an Allow does not; why then says
// which.
func (p *Policy) conditionApplies(s statement, x *Context) (applies bool, why string) {
	t, why := (*p.conds)[s.cond-1].eval(x)
	if t == truthUnknown {
		return s.has(flagDeny), why
	}
	return t == truthTrue, ""
}

// text returns pattern j as written, "" for -1.
func (p *Policy) text(j int) string {
	if j < 0 {
		return ""
	}
	return p.pats[j].s
}

// known compares arn once with the literal head every pattern starts with
// (usually "arn:aws:execute-api:region:account:apiID/") and returns its
// length, or -1 when arn lacks it and so no pattern can match.
func (p *Policy) known(arn string) int {
	if p.head == 0 {
		return 0
	}
	if !strings.HasPrefix(arn, p.pats[0].s[:p.head]) {
		return -1
	}
	return int(p.head)
}

// patterns returns the patterns of statement i as written.
func (p *Policy) patterns(i int) []string {
	first := 0
	if i > 0 {
		first = int(p.stmts[i-1].end)
	}
	out := make([]string, 0, int(p.stmts[i].end)-first)
	for _, pat := range p.pats[first:p.stmts[i].end] {
		out = append(out, pat.s)
	}
	return out
}
