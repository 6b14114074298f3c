package authorizer

import (
	"maps"
	"reflect"
	"strings"
	"testing"
)

func TestContextEncoding(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("v", 300) // a length that needs two varint bytes
	tests := []struct {
		name string
		in   []ContextEntry
		want []ContextEntry
	}{
		{"empty", nil, nil},
		{"sorted by key", []ContextEntry{{"b", "2"}, {"a", "1"}}, []ContextEntry{{"a", "1"}, {"b", "2"}}},
		{"last duplicate wins", []ContextEntry{{"k", "1"}, {"j", "x"}, {"k", "2"}}, []ContextEntry{{"j", "x"}, {"k", "2"}}},
		{"long values and empty strings", []ContextEntry{{"long", long}, {"", ""}}, []ContextEntry{{"", ""}, {"long", long}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newContext(tt.in)
			if got := c.Entries(); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Entries: got %v; want %v", got, tt.want)
			}
			if c.Len() != len(tt.want) {
				t.Fatalf("Len: got %d; want %d", c.Len(), len(tt.want))
			}
			wantMap := map[string]string{}
			for _, e := range tt.want {
				wantMap[e.Key] = e.Value
				if v, ok := c.Lookup(e.Key); !ok || v != e.Value {
					t.Fatalf("Lookup(%q): got %q, %v; want %q", e.Key, v, ok, e.Value)
				}
			}
			if !maps.Equal(c.Map(), wantMap) {
				t.Fatalf("Map: got %v; want %v", c.Map(), wantMap)
			}
		})
	}
}

func FuzzContext(f *testing.F) {
	f.Add("a", "1", "b", "2")
	f.Add("k", strings.Repeat("x", 200), "k", "")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		c := newContext([]ContextEntry{{k1, v1}, {k2, v2}})
		want := map[string]string{k1: v1, k2: v2} // later duplicate wins, as in a map
		if got := c.Map(); !maps.Equal(got, want) {
			t.Fatalf("newContext(%q=%q, %q=%q).Map(): got %v; want %v", k1, v1, k2, v2, got, want)
		}
	})
}
