package cli

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// lintHTTPAPI is an HTTP API with a cached simple-response authorizer on
// GET /pets and $default, a cached IAM authorizer returning the exact
// route ARN on two routes, and an open DELETE /orders (V-6).
const lintHTTPAPI = "testdata/lint/httpapi/template.yaml"

// TestLintHTTPAPI runs apigw lint on an HTTP API in each format, static
// and with --probe over the real Node authorizers: the V-6 pitfalls, with
// lint's exit status (1 with findings).
func TestLintHTTPAPI(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node not in PATH: the probe test needs Node.js")
	}
	bin := buildApigw(t) // the probe runs functions: a real binary, as invoke's tests do
	tpl, err := filepath.Abs(lintHTTPAPI)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		args      []string
		wantRules []string
		wantMsg   []string // substrings of the findings' messages
	}{
		{"V-6 static", nil, []string{"cached-verdict-shared-across-routes", "cached-shared-authorizer", "open-route-next-to-guarded"},
			[]string{"keyed on $request.header.x-user, without $context.routeKey, and guards GET /pets, $default"}},
		{"V-6 probe: the simple verdict for GET /pets answers $default; the route ARN policy denies GET /orders/{id}", []string{"--probe", "--header", "x-user=allow"},
			[]string{"cached-verdict-shared-across-routes", "cached-policy-denies-route", "open-route-next-to-guarded"},
			[]string{"context {calledFor=GET /pets}", "on $default", "allows only arn:aws:execute-api:us-east-1:123456789012:", "/$default/GET/orders;"}},
		{"V-7 probe without an identity keeps the static findings", []string{"--probe"},
			[]string{"cached-verdict-shared-across-routes", "probe-failed", "cached-shared-authorizer", "probe-failed", "open-route-next-to-guarded"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runBinary(t, bin, t.TempDir(), "", append([]string{"lint", "--format", "json", tpl}, tt.args...)...)
			var doc struct {
				Findings []struct{ Rule, Message string }
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitError {
				t.Fatalf("exit %d, %v; want 1 and JSON\nstdout:\n%s\nstderr:\n%s", code, err, out, errs)
			}
			var rules, msgs []string
			for _, f := range doc.Findings {
				rules, msgs = append(rules, f.Rule), append(msgs, f.Message)
			}
			if !slices.Equal(rules, tt.wantRules) {
				t.Fatalf("rules %q; want %q\n%s", rules, tt.wantRules, out)
			}
			for _, want := range tt.wantMsg {
				if !strings.Contains(strings.Join(msgs, "\n"), want) {
					t.Errorf("no message contains %q\n%s", want, out)
				}
			}
		})
	}
}

// TestLintHTTPAPIFormats: the v2 rule reaches text and SARIF output as the
// REST rules do.
func TestLintHTTPAPIFormats(t *testing.T) {
	t.Parallel()
	tests := []struct{ format, want string }{
		{"text", "template.yaml:20: warning: cached-verdict-shared-across-routes: authorizer Simple caches its simple response for 300 s"},
		{"sarif", `"ruleId": "cached-verdict-shared-across-routes"`},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runMain("lint", "--format", tt.format, lintHTTPAPI)
			if code != ExitError || !strings.Contains(out, tt.want) {
				t.Fatalf("exit %d; want 1 and %q\nstdout:\n%s\nstderr:\n%s", code, tt.want, out, errs)
			}
		})
	}
}
