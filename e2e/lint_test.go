package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// lintFinding is the part of `apigw lint --format json` a test reads.
type lintFinding struct {
	Rule       string `json:"rule"`
	Authorizer string `json:"authorizer"`
	Route      string `json:"route"`
	Message    string `json:"message"`
	Fix        string `json:"fix"`
	Location   struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"location"`
}

// runLint runs apigw lint with args and returns its exit status, the
// findings and stderr. The functions the probe starts must be gone when
// apigw exits: a process still holding stderr fails the test.
func runLint(t *testing.T, args ...string) (int, []lintFinding, string) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"lint", "--format", "json"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Minute
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("apigw lint: %v\nstderr:\n%s", err, stderr.String())
	}
	var doc struct {
		Findings []lintFinding `json:"findings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, stdout.String())
	}
	return cmd.ProcessState.ExitCode(), doc.Findings, stderr.String()
}

// TestLintProbeSeed: `apigw lint --probe` on examples/seed, with the real
// Node authorizers, reports the exact-ARN authorizer's pitfall (C-8, the
// seed's 403) with the route it breaks and the fix, and nothing for the
// wildcard one; each authorizer function runs once.
func TestLintProbeSeed(t *testing.T) {
	t.Parallel()
	code, fs, stderr := runLint(t, "--probe", "--token", "allow", "../examples/seed/template.yaml")
	if code != 1 || len(fs) != 1 {
		t.Fatalf("exit %d, findings %+v; want 1 and one finding\nstderr:\n%s", code, fs, stderr)
	}
	f := fs[0]
	if f.Rule != "cached-policy-denies-route" || f.Authorizer != "ExactArnAuth" || f.Route != "ANY /exact/{proxy+}" ||
		!strings.Contains(f.Message, "allows only arn:aws:execute-api:us-east-1:123456789012:") ||
		!strings.HasSuffix(f.Fix, "/*/*, or set the authorizer's TTL to 0") ||
		f.Location.File != "../examples/seed/template.yaml" || f.Location.Line == 0 {
		t.Fatalf("finding %+v; want ExactArnAuth breaking ANY /exact/{proxy+}, located, with the wildcard fix", f)
	}
	for _, fn := range []string{"ExactArnAuthFunction", "WildcardAuthFunction"} {
		if n := strings.Count(stderr, "["+fn+"] START RequestId"); n != 1 {
			t.Errorf("%s ran %d times; want once\nstderr:\n%s", fn, n, stderr)
		}
	}
	if strings.Contains(stderr, "EchoFunction") {
		t.Errorf("the probe ran the backend\nstderr:\n%s", stderr)
	}
}

// TestLintProbeIdentities: without --probe the seed gives the static
// warning for both authorizers; with an identity the authorizers refuse
// (O-7, T-3) the probe says it could not check them and the static warning
// stays.
func TestLintProbeIdentities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string // "authorizer rule" of each finding, in order
	}{
		{"C-2 static only", nil, "ExactArnAuth cached-greedy-route, WildcardAuth cached-greedy-route"},
		{"O-7 unauthorized identity", []string{"--probe", "--token", "unauthorized"},
			"ExactArnAuth cached-greedy-route, ExactArnAuth probe-failed, WildcardAuth cached-greedy-route, WildcardAuth probe-failed"},
		{"T-3 no identity", []string{"--probe"},
			"ExactArnAuth cached-greedy-route, ExactArnAuth probe-failed, WildcardAuth cached-greedy-route, WildcardAuth probe-failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, fs, stderr := runLint(t, append(tt.args, "../examples/seed/template.yaml")...)
			got := make([]string, len(fs))
			for i, f := range fs {
				got[i] = f.Authorizer + " " + f.Rule
			}
			if code != 1 || strings.Join(got, ", ") != tt.want {
				t.Fatalf("exit %d, findings %q; want 1 and %q\nstderr:\n%s", code, got, tt.want, stderr)
			}
		})
	}
}
