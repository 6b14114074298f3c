package gateway

import "testing"

// FuzzClassOf holds classOf, which ORs 8 bytes' classes a step, to the
// union of textClasses taken a byte at a time, for strings and byte
// slices, at every offset of the input (each byte in each place of a
// step). FuzzTextLogLine holds the line it decides to slog's.
func FuzzClassOf(f *testing.F) {
	for _, seed := range []string{"", "GET", "200 Allow: cached policy (from GET /pets 3s ago, ttl 300s)", "a=b", "tab\there", "caf\xc3\xa9 \"q\" \\"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := range len(s) + 1 {
			v := s[i:]
			var want textClass
			for j := 0; j < len(v); j++ {
				want |= textClasses[v[j]]
			}
			if got := classOf(v); got != want || classOf([]byte(v)) != want {
				t.Fatalf("classOf(%q) = %b; want %b", v, got, want)
			}
		}
	})
}
