package policy

import (
	"net/netip"
	"strings"
)

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
// else the result is an implicit deny. It does not allocate. Statements
// with a Condition are decided as for a caller whose address is unknown.
func (p *Policy) Evaluate(methodARN string) Decision {
	return p.EvaluateFrom(methodARN, netip.Addr{})
}

// EvaluateFrom is Evaluate for a caller at source, against which aws:SourceIp
// conditions are evaluated (resource policies, ParseResource). An invalid
// source is an unknown one: such a Condition then never lets an Allow apply
// and always lets a Deny apply. It does not allocate.
func (p *Policy) EvaluateFrom(methodARN string, source netip.Addr) Decision {
	if p == nil {
		return Decision{Effect: ImplicitDeny, Statement: -1}
	}
	source = source.Unmap().WithZone("")
	known := p.known(methodARN)
	allowStmt, allowPat := -1, -1
	start := 0
	for i, s := range p.stmts {
		first, end := start, int(s.end)
		start = end
		if s.has(flagInert) || (allowStmt >= 0 && !s.has(flagDeny)) {
			continue
		}
		hit := -1
		for j := first; known >= 0 && j < end; j++ {
			if pat := &p.pats[j]; len(methodARN) >= int(pat.min) && pat.match(methodARN, known) {
				hit = j
				break
			}
		}
		if (hit >= 0) == s.has(flagNotResource) || !p.conditionHolds(s, source) {
			continue // P-6: no Resource matched, or a NotResource did
		}
		if s.has(flagDeny) {
			return Decision{Effect: ExplicitDeny, Statement: i, Pattern: p.text(hit)}
		}
		allowStmt, allowPat = i, hit
	}
	if allowStmt < 0 {
		return Decision{Effect: ImplicitDeny, Statement: -1}
	}
	return Decision{Effect: Allow, Statement: allowStmt, Pattern: p.text(allowPat)}
}

// conditionHolds reports whether s's evaluated Condition, if any, lets it
// apply to a caller at source; unknown (invalid) sources fail closed.
func (p *Policy) conditionHolds(s statement, source netip.Addr) bool {
	if s.cond == 0 {
		return true
	}
	if !source.IsValid() {
		return s.has(flagDeny)
	}
	for _, c := range (*p.conds)[s.cond-1] {
		if !c.holds(source) {
			return false
		}
	}
	return true
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
