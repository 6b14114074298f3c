package jsonstring

import (
	"encoding/json"
	"testing"
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
	f.Fuzz(func(t *testing.T, s string) {
		matchesEncodingJSON(t, s)
	})
}
