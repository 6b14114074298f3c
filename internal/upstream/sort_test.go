package upstream

import (
	"slices"
	"strings"
	"testing"
)

// FuzzSortFields holds SortFields to slices.SortStableFunc by name, the
// sort it replaces: data is split into fields at each newline, a name
// and a value at the first ':' (names repeat often, so the stability is
// tested). Lists over insertionMax take the slices path itself.
func FuzzSortFields(f *testing.F) {
	for _, seed := range []string{
		"", "B:1\nA:2\nB:3\nA:4", "X-Forwarded-For:1\nAuthorization:a\nUser-Agent:\nX-Amzn-Trace-Id:t\nAccept:*",
		strings.Repeat("b:1\na:2\nc:3\n", 12), "a:1\na:2\na:3", "\n\n:\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		var got []Field
		for line := range strings.SplitSeq(data, "\n") {
			name, value, _ := strings.Cut(line, ":")
			got = append(got, Field{Name: name, Value: value})
		}
		want := slices.Clone(got)
		slices.SortStableFunc(want, func(a, b Field) int { return strings.Compare(a.Name, b.Name) })
		SortFields(got)
		if !slices.Equal(got, want) {
			t.Fatalf("SortFields:\n%q\nSortStableFunc:\n%q", got, want)
		}
	})
}
