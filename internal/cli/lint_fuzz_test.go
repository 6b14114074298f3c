package cli

import "testing"

// FuzzFieldsFlag: --header and --query values are K=V with a non-empty K;
// anything else is an error, never a panic, and a value keeps its text.
func FuzzFieldsFlag(f *testing.F) {
	for _, s := range []string{"headerauth1=headerValue1", "x-user=allow", "k=", "=v", "novalue", "a=b=c", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var ff fieldsFlag
		if err := ff.Set(s); err != nil {
			if len(ff) != 0 {
				t.Fatalf("Set(%q) failed but kept %v", s, ff)
			}
			return
		}
		if len(ff) != 1 || ff[0].Name == "" || ff[0].Name+"="+ff[0].Value != s {
			t.Fatalf("Set(%q) = %+v", s, ff)
		}
	})
}
