package cli

import (
	"strings"
	"testing"
)

// FuzzFlagParsers: --parameter-overrides and --env-vars never panic, and
// what they accept is well formed.
func FuzzFlagParsers(f *testing.F) {
	f.Add("Stage=dev Backend=http://x", []byte(`{"Fn":{"A":"1","B":2},"Parameters":{"C":true}}`))
	f.Add("=bad", []byte(`{"Fn":null}`))
	f.Add(`ParameterKey=A,ParameterValue="x \\" y" B=1`, []byte(`{}`))
	f.Fuzz(func(t *testing.T, overrides string, env []byte) {
		if m, err := parseParameterOverrides(overrides); err == nil {
			for k := range m {
				if k == "" || strings.ContainsAny(k, " \t\n") {
					t.Fatalf("parseParameterOverrides(%q) accepted key %q", overrides, k)
				}
			}
		}
		m, err := parseEnvVars("fuzz.json", env)
		if err != nil {
			return
		}
		for fn, vars := range m {
			if vars == nil {
				t.Fatalf("parseEnvVars(%q): function %q has a nil variable map", env, fn)
			}
		}
	})
}
