package integration

import (
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/jsonstring"
)

// plainCases hold each kind of byte the escaper must see, at each place
// in a word of eight and in the tail after the last whole word.
var plainCases = func() []struct{ name, s string } {
	cases := []struct{ name, s string }{
		{"empty", ""},
		{"plain header value", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"},
		{"printable edges", " ~!#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}"},
		{"DEL is plain in JSON", strings.Repeat("\x7f", 11)},
		{"UTF-8", "héllo wörld ✓ 🙂 und so weiter"},
		{"invalid UTF-8", "plain plain \xff plain \xc3"},
	}
	for _, c := range []struct{ name, b string }{
		{"quote", `"`}, {"backslash", `\`}, {"newline", "\n"}, {"NUL", "\x00"},
		{"unit separator", "\x1f"}, {"high byte", "\xe2\x9c\x93"}, {"tab", "\t"},
	} {
		for at := range 13 {
			s := strings.Repeat("a", at) + c.b + strings.Repeat("b", 12-at)
			cases = append(cases, struct{ name, s string }{c.name + " at " + string(rune('a'+at)), s})
		}
	}
	return cases
}()

// TestAppendStringMatchesJSONString: the plain-run fast path writes what
// jsonstring writes, byte for byte.
func TestAppendStringMatchesJSONString(t *testing.T) {
	t.Parallel()
	for _, tt := range plainCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got, want := string(appendString([]byte("x"), tt.s)), string(jsonstring.Append([]byte("x"), tt.s)); got != want {
				t.Fatalf("appendString(%q) = %s; jsonstring writes %s", tt.s, got, want)
			}
		})
	}
}

func FuzzAppendString(f *testing.F) {
	for _, tt := range plainCases {
		f.Add(tt.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendString(nil, s)), string(jsonstring.Append(nil, s)); got != want {
			t.Fatalf("appendString(%q) = %s; jsonstring writes %s", s, got, want)
		}
	})
}
