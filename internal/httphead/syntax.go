package httphead

import (
	"bytes"
	"strings"
)

// IsToken reports whether s is a non-empty token (RFC 9110 5.6.2): what
// a field name and a method are made of.
func IsToken[S ~string | ~[]byte](s S) bool {
	if len(s) == 0 {
		return false
	}
	i := 0
	for ; i+8 <= len(s); i += 8 { // one branch per 8 bytes: names are ~15
		t := tokenBytes[s[i]] & tokenBytes[s[i+1]] & tokenBytes[s[i+2]] & tokenBytes[s[i+3]] &
			tokenBytes[s[i+4]] & tokenBytes[s[i+5]] & tokenBytes[s[i+6]] & tokenBytes[s[i+7]]
		if t == 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if tokenBytes[s[i]] == 0 {
			return false
		}
	}
	return true
}

// TokenByte reports whether c may stand in a token.
func TokenByte(c byte) bool { return tokenBytes[c] != 0 }

// tokenBytes marks the bytes of a token with 1 (visible ASCII but the
// delimiters), 0 for the others: numbers, so that IsToken can AND eight
// of them together.
var tokenBytes = func() (t [256]uint8) {
	for c := '!'; c < 0x7f; c++ {
		if !strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			t[c] = 1
		}
	}
	return t
}()

// ValidValue reports whether v may stand after a field's colon: no
// control byte but tab (obs-text, bytes over 0x7f, is allowed). It tests
// 8 bytes at a time for a byte under 0x20 or a 0x7f, and looks at the
// bytes one by one only in a word that has one (a tab, or a refusal).
func ValidValue[S ~string | ~[]byte](v S) bool {
	i := 0
	for ; i+8 <= len(v); i += 8 {
		if controlIn(load64(v, i)) && !validBytes(v[i:i+8]) {
			return false
		}
	}
	return validBytes(v[i:])
}

// validBytes is ValidValue a byte at a time.
func validBytes[S ~string | ~[]byte](v S) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// load64 is the 8 bytes of s from i, little-endian (one load).
func load64[S ~string | ~[]byte](s S, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// controlIn reports whether a byte of x is under 0x20 or is 0x7f; it
// never misses one (the classic "has a byte less than n" and "has a zero
// byte" word tests, exact about whether there is one).
func controlIn(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	under := (x - 0x20*ones) &^ x & highs
	del := x ^ 0x7f*ones
	return under|((del-ones)&^del&highs) != 0
}

// FoldEqual reports whether b equals s, ASCII letters in any case.
func FoldEqual(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if lower(b[i]) != lower(s[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// TrimOWS trims spaces and tabs at both ends of b.
func TrimOWS[S ~string | ~[]byte](b S) S {
	from, to := OWSBounds(b, 0)
	return b[from:to]
}

// OWSBounds is where b[from:] is once spaces and tabs are trimmed at both
// ends: TrimOWS(b[from:]) is b[start:end].
func OWSBounds[S ~string | ~[]byte](b S, from int) (start, end int) {
	end = len(b)
	for from < end && (b[from] == ' ' || b[from] == '\t') {
		from++
	}
	for end > from && (b[end-1] == ' ' || b[end-1] == '\t') {
		end--
	}
	return from, end
}

// HasToken reports whether the comma-separated list v holds token, in
// any case.
func HasToken(v []byte, token string) bool {
	for f := range bytes.SplitSeq(v, []byte(",")) {
		if FoldEqual(TrimOWS(f), token) {
			return true
		}
	}
	return false
}
