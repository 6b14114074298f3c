package policy

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Pattern kinds, from cheapest to dearest to match.
const (
	kindExact uint8 = iota // no wildcard: string equality
	kindAffix              // prefix, then only stars, then suffix
	kindStars              // no "?": literals between stars, found leftmost
	kindGlob               // anything else
)

// pattern is one compiled IAM wildcard pattern (P-5). pre and suf are the
// byte lengths of the literal text before the first and after the last
// wildcard; both must match exactly, so only the middle needs the glob.
// min is the fewest bytes a match can have: a cheap first reject.
type pattern struct {
	s             string
	pre, suf, min uint16
	kind          uint8
}

func compilePattern(s string) pattern {
	first := strings.IndexAny(s, "*?")
	if len(s) > math.MaxUint16 {
		return pattern{s: s, kind: kindGlob}
	}
	if first < 0 {
		return pattern{s: s, min: uint16(len(s)), kind: kindExact}
	}
	last := strings.LastIndexAny(s, "*?")
	min := len(s) - strings.Count(s, "*")
	p := pattern{s: s, pre: uint16(first), suf: uint16(len(s) - last - 1), min: uint16(min), kind: kindGlob}
	switch mid := s[first : last+1]; {
	case strings.Trim(mid, "*") == "":
		p.kind = kindAffix
	case strings.IndexByte(mid, '?') < 0:
		p.kind = kindStars
	}
	return p
}

// literal returns the literal text the pattern starts with.
func (p *pattern) literal() string {
	if p.kind == kindExact {
		return p.s
	}
	return p.s[:p.pre]
}

// match reports whether the whole of s matches the pattern, given that the
// first known bytes of s are known to equal the pattern's (known <= the
// length of literal()). The exact case is small enough to be inlined.
func (p *pattern) match(s string, known int) bool {
	if p.kind == kindExact {
		return s[known:] == p.s[known:] // unequal lengths fail fast
	}
	return p.matchWild(s, known)
}

func (p *pattern) matchWild(s string, known int) bool {
	pre, suf := int(p.pre), int(p.suf)
	if len(s) < int(p.min) || s[known:pre] != p.s[known:pre] {
		return false
	}
	if suf > 0 && s[len(s)-suf:] != p.s[len(p.s)-suf:] {
		return false
	}
	mid, rest := p.s[pre:len(p.s)-suf], s[pre:len(s)-suf]
	switch p.kind {
	case kindAffix:
		return true
	case kindStars:
		return stars(mid, rest)
	}
	return glob(mid, rest)
}

// stars matches s against p, which starts and ends with "*" and has no
// "?": each literal between stars is taken at its leftmost place after the
// previous one, which is right because a star absorbs whatever lies between.
func stars(p, s string) bool {
	for {
		for p != "" && p[0] == '*' {
			p = p[1:]
		}
		if p == "" {
			return true
		}
		end := strings.IndexByte(p, '*')
		i := strings.Index(s, p[:end])
		if i < 0 {
			return false
		}
		s, p = s[i+end:], p[end:]
	}
}

// glob matches s against p, where "*" is any run of characters and "?" one
// character (one UTF-8 sequence, or one invalid byte). It backtracks only
// to the last star, which is enough for these two wildcards: O(len(p) *
// len(s)) at worst, linear in the usual cases.
func glob(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		if pi < len(p) {
			switch c := p[pi]; {
			case c == '*':
				star, mark = pi, si
				pi++
				continue
			case c == '?':
				si += charLen(s, si)
				pi++
				continue
			case c == s[si]:
				pi++
				si++
				continue
			}
		}
		if star < 0 {
			return false
		}
		mark += charLen(s, mark)
		pi, si = star+1, mark
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// charLen is the byte length of the character starting at s[i]; small
// enough to be inlined for the ASCII case.
func charLen(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	return runeLen(s[i:])
}

func runeLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	return n
}

// matchAction reports whether the action pattern p covers
// execute-api:Invoke, ignoring ASCII case (P-4).
func matchAction(p string) bool {
	lower := compilePattern(asciiLower(p))
	return lower.match(asciiLower(InvokeAction), 0)
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
