package request

import (
	"net/url"
	"strings"
	"testing"
)

func TestHasDotSegment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path string
		want       bool
	}{
		{"BAD-3 raw ..", "/files/public/../private", true},
		{"BAD-3 raw .", "/files/./x", true},
		{"BAD-3 %2e%2e", "/files/%2e%2e/x", true},
		{"BAD-3 %2E%2E", "/files/%2E%2E/x", true},
		{"BAD-3 mixed .%2e", "/files/.%2e/x", true},
		{"BAD-3 mixed %2E.", "/files/%2E./x", true},
		{"BAD-3 %2e alone", "/%2e", true},
		{"BAD-3 at the end", "/files/..", true},
		{"BAD-3 at the start of a relative value", "../x", true},
		{"BAD-3 a whole value", "..", true},
		{"BAD-3 behind an encoded slash", "/a%2F..%2Fb", true},
		{"BAD-3 behind a lowercase encoded slash", "/a%2f.%2fb", true},
		{"BAD-3 before a trailing slash", "/a/../", true},
		{"three dots are a name", "/a/.../b", false},
		{"dots inside a segment", "/a..b/c.", false},
		{"a dotted name", "/.well-known/x", false},
		{"%2e inside a name", "/a%2eb", false},
		{"double-encoded stays literal", "/%252e%252e/x", false},
		{"malformed escape", "/%2/x", false},
		{"truncated escape after dots", "/..%2", false},
		{"empty", "", false},
		{"root", "/", false},
		{"empty segments", "//a//", false},
	}
	for _, tt := range tests {
		if got := HasDotSegment(tt.path); got != tt.want {
			t.Errorf("%s: HasDotSegment(%q) = %v; want %v", tt.name, tt.path, got, tt.want)
		}
	}
}

func TestHasDotSegmentDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { HasDotSegment("/a/%2e%2E/b%20c") }); n != 0 {
		t.Fatalf("HasDotSegment allocates %v times; want 0", n)
	}
}

// FuzzHasDotSegment: HasDotSegment finds every dot segment that splitting
// the path, as sent and percent-decoded, finds; without escapes the two
// agree exactly (with a malformed escape elsewhere, it may refuse more).
func FuzzHasDotSegment(f *testing.F) {
	for _, p := range []string{"/a/../b", "/%2e%2E", "/a%2F..%2Fb", "/.well-known", "/%zz/..", "/..%2"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, path string) {
		want := refDotSegment(path)
		if decoded, err := url.PathUnescape(path); err == nil {
			want = want || refDotSegment(decoded)
		}
		if got := HasDotSegment(path); got != want && !strings.Contains(path, "%") {
			t.Fatalf("HasDotSegment(%q) = %v; want %v", path, got, want)
		} else if !got && want {
			t.Fatalf("HasDotSegment(%q) = false; a split finds a dot segment", path)
		}
	})
}

func refDotSegment(s string) bool {
	for _, seg := range strings.Split(s, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}
