package jsonstring

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppend(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", `""`},
		{"plain text is copied", "plain", `"plain"`},
		{"quote and backslash", `a"b\c`, `"a\"b\\c"`},
		{"short escapes", "\n\r\t", `"\n\r\t"`},
		{"other control characters", "\x00\x1f", `"\u0000\u001f"`},
		{"DEL is not a control character in JSON", "\x7f", "\"\x7f\""},
		{"no HTML escaping", "<&>", `"<&>"`},
		{"UTF-8 is copied", "héllo ✓ 🙂", `"héllo ✓ 🙂"`},
		{"invalid UTF-8 becomes U+FFFD", "bad \xff utf8 \xc3", `"bad \ufffd utf8 \ufffd"`},
		{"line and paragraph separators are valid as they are", "\u2028\u2029", "\"\u2028\u2029\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := string(Append([]byte("x"), tt.in)); got != "x"+tt.want {
				t.Fatalf("Append(%q): got %s; want %s", tt.in, got[1:], tt.want)
			}
			matchesEncodingJSON(t, tt.in)
		})
	}
}

// TestAppendContentInParts: a string written in parts is the string of the
// parts joined (the Lambda event's requestContext.path is "/"+stage+path).
func TestAppendContentInParts(t *testing.T) {
	t.Parallel()
	b := append([]byte{'"'}, '/')
	b = AppendContent(b, `st"age`)
	b = append(AppendContent(b, "/p\x00"), '"')
	if got, want := string(b), `"/st\"age/p\u0000"`; got != want {
		t.Fatalf("got %s; want %s", got, want)
	}
}

// matchesEncodingJSON checks that Append's output is valid JSON decoding to
// what encoding/json's encoding of s decodes to.
func matchesEncodingJSON(t *testing.T, s string) {
	t.Helper()
	var got, want string
	if err := json.Unmarshal(Append(nil, s), &got); err != nil {
		t.Fatalf("Append(%q): not valid JSON: %v", s, err)
	}
	ref, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(ref, &want); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("Append(%q) decodes to %q; want %q, as encoding/json", s, got, want)
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "plain", "\"\\\x00\x1f\x7f", "héllo 🙂", "\xff\xc3", "\u2028<&>"} {
		f.Add(s)
	}
	for _, tt := range wordCases {
		f.Add(tt.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		matchesEncodingJSON(t, s)
		matchesReference(t, s)
	})
}

// wordCases hold each kind of byte the escaper must see, at each place in
// a word of eight and in the tail after the last whole word.
var wordCases = func() []struct{ name, s string } {
	cases := []struct{ name, s string }{
		{"plain header value", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"},
		{"printable edges", " ~!#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}"},
		{"DEL is plain in JSON", strings.Repeat("\x7f", 11)},
		{"UTF-8 after a plain word", "plainish héllo wörld ✓ 🙂"},
		{"invalid UTF-8 after a plain word", "plain plain \xff plain \xc3"},
	}
	for _, c := range []struct{ name, b string }{
		{"quote", `"`}, {"backslash", `\`}, {"newline", "\n"}, {"NUL", "\x00"},
		{"unit separator", "\x1f"}, {"high byte", "\xe2\x9c\x93"}, {"invalid byte", "\xff"}, {"tab", "\t"},
	} {
		for at := range 13 {
			s := strings.Repeat("a", at) + c.b + strings.Repeat("b", 12-at)
			cases = append(cases, struct{ name, s string }{c.name + " at " + string(rune('a'+at)), s})
		}
	}
	return cases
}()

// TestAppendByWords: the eight-byte scan over plain ASCII writes, byte for
// byte, what escaping one byte at a time writes.
func TestAppendByWords(t *testing.T) {
	t.Parallel()
	for _, tt := range wordCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			matchesReference(t, tt.s)
		})
	}
}

// matchesReference checks Append against reference byte for byte (a
// decoded comparison would not see an invalid byte copied as it is).
func matchesReference(t *testing.T, s string) {
	t.Helper()
	if got, want := string(Append(nil, s)), `"`+reference(s)+`"`; got != want {
		t.Fatalf("Append(%q) = %s; one byte at a time gives %s", s, got, want)
	}
}

// reference is AppendContent's rule applied one rune at a time.
func reference(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r < 0x20 || r == '"' || r == '\\':
			b.Write(appendEscapedByte(nil, byte(r)))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
