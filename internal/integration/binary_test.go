package integration

import (
	"strings"
	"testing"
)

// FuzzMediaTypes checks the binary media type matcher L-2 relies on: it
// never panics, a type listed exactly (parameters and case aside) always
// matches, and entries with a wildcard type and a named subtype ("*/png")
// never make anything binary.
func FuzzMediaTypes(f *testing.F) {
	for _, s := range [][2]string{
		{"image/png", "image/png"}, {"image/*", "image/png;q=0.9"}, {"*/test", "*/test"},
		{"*/*", "text/html"}, {"image~1png", "IMAGE/PNG"}, {"application/*", "application/*"}, {"", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, entry, accept string) {
		m := newMediaTypes([]string{entry})
		got := m.matches(accept)
		norm := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(entry), "~1", "/"))
		if strings.HasPrefix(norm, "*/") && norm != anyMediaType && got {
			t.Fatalf("entry %q made %q binary", entry, accept)
		}
		if len(m) == 1 && essence(accept) == m[0] && !got {
			t.Fatalf("entry %q does not match %q", entry, accept)
		}
	})
}
