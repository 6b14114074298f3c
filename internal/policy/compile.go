package policy

import (
	"math"
	"strings"
)

// compile turns parsed statements into a Policy. All resource patterns share
// one string and one pattern array, to keep cached policies small.
func compile(raw []rawStatement) *Policy {
	var size, count int
	for _, s := range raw {
		for _, res := range s.resources {
			size += len(res)
		}
		count += len(s.resources)
	}
	var text strings.Builder
	text.Grow(size)
	for _, s := range raw {
		for _, res := range s.resources {
			text.WriteString(res)
		}
	}
	all := text.String()
	pats := make([]pattern, 0, count)
	stmts := make([]statement, len(raw))
	var conds []condition
	for i, s := range raw {
		for _, res := range s.resources {
			pats = append(pats, compilePattern(all[:len(res)]))
			all = all[len(res):]
		}
		stmts[i] = statement{end: uint32(len(pats)), flags: s.flags()}
		if s.cond != nil {
			conds = append(conds, *s.cond)
			stmts[i].cond = uint16(len(conds)) // read keeps this in range
		}
	}
	p := &Policy{stmts: stmts, pats: pats, head: commonHead(pats)}
	if conds != nil {
		p.conds = &conds
	}
	return p
}

// commonHead is the length of the longest literal text that starts every
// pattern, so Evaluate compares it once.
func commonHead(pats []pattern) uint16 {
	if len(pats) == 0 {
		return 0
	}
	head := pats[0].literal()
	for i := 1; i < len(pats) && head != ""; i++ {
		lit := pats[i].literal()
		n := 0
		for n < len(head) && n < len(lit) && head[n] == lit[n] {
			n++
		}
		head = head[:n]
	}
	return uint16(min(len(head), math.MaxUint16))
}

// flags resolves the statement's actions against execute-api:Invoke (P-4)
// and marks statements that can never decide as inert: those that do not
// cover the action and those that never apply to the caller. An Allow
// whose Condition apigw cannot evaluate is not inert, so that a decision
// can say it failed closed; it never allows (conditionApplies).
func (s *rawStatement) flags() uint8 {
	var f uint8
	if s.deny {
		f |= flagDeny
	}
	if s.notResource {
		f |= flagNotResource
	}
	if s.cond != nil {
		f |= flagConditional
	}
	if s.coversInvoke() {
		f |= flagInvoke
	}
	if f&flagInvoke == 0 || s.excluded {
		f |= flagInert
	}
	return f
}

func (s *rawStatement) coversInvoke() bool {
	for _, a := range s.actions {
		if matchAction(a) {
			return !s.notAction
		}
	}
	return s.notAction
}
