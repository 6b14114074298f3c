package cli

import "testing"

func TestGCPercent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		gogc string
		want int
		set  bool
	}{
		{name: "unset: the server target", want: serverGCPercent, set: true},
		{name: "GOGC given: the runtime's reading stands", gogc: "50"},
		{name: "GOGC off stands too", gogc: "off"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			getenv := func(k string) string {
				if k == "GOGC" {
					return tc.gogc
				}
				return ""
			}
			got, set := gcPercent(getenv)
			if got != tc.want || set != tc.set {
				t.Fatalf("gcPercent = %d, %v; want %d, %v", got, set, tc.want, tc.set)
			}
		})
	}
}
