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
	for i := 0; i < len(s); i++ {
		if !tokenBytes[s[i]] {
			return false
		}
	}
	return true
}

// TokenByte reports whether c may stand in a token.
func TokenByte(c byte) bool { return tokenBytes[c] }

// tokenBytes marks the bytes of a token: visible ASCII but the
// delimiters.
var tokenBytes = func() (t [256]bool) {
	for c := '!'; c < 0x7f; c++ {
		t[c] = !strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c)
	}
	return t
}()

// ValidValue reports whether v may stand after a field's colon: no
// control byte but tab (obs-text, bytes over 0x7f, is allowed).
func ValidValue[S ~string | ~[]byte](v S) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
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
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
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
