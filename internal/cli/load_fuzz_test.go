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

// FuzzEventsTypos: the no-route hint reads any text without panicking, and
// each hint it gives names a key that looks like Events, as one of its two
// sentences.
func FuzzEventsTypos(f *testing.F) {
	f.Add([]byte("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Evnts: {}\n    Events: {}\n"))
	f.Add([]byte("Globals:\n  Function:\n    events: x\n"))
	f.Add([]byte("Resources: [1, 2]\n"))
	f.Add([]byte(`{"Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Event": 1}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, h := range eventsTyposIn("t.yaml", data) {
			if !strings.HasPrefix(h, "t.yaml") || !strings.HasSuffix(h, hintMisspelt) && !strings.HasSuffix(h, hintMisplaced) {
				t.Fatalf("eventsTyposIn(%q) hint %q", data, h)
			}
		}
	})
}
