package e2e

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestHelpExitCodes: apigw --help and apigw COMMAND --help exit 0 with
// usage on stdout; version prints apigw's and Go's versions (DESIGN
// section 1).
func TestHelpExitCodes(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"start-api", "--help"}, {"invoke", "-h"}, {"validate", "--help"}, {"version"}} {
		cmd := exec.Command(binary, args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || !strings.HasPrefix(string(out), "usage: apigw") && !strings.HasPrefix(string(out), "apigw ") {
			t.Errorf("apigw %v: %v, stdout %q, stderr %q; want exit 0 and usage on stdout", args, err, out, stderr.String())
		}
	}
	out, err := exec.Command(binary, "version").Output()
	if err != nil || !strings.Contains(string(out), " go1.") {
		t.Errorf("apigw version: %q, %v; want the Go version", out, err)
	}
	var exit *exec.ExitError
	if err := exec.Command(binary).Run(); !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Errorf("apigw with no command: %v; want exit 2", err)
	}
}

// cleanEnv is this test's environment without AWS variables, proxies and
// CA bundles, plus extra ("K=V").
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") || strings.Contains(strings.ToLower(k), "proxy") || k == "FROM_SHELL" || k == "FROM_FILE" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// envNames are the variables the environment test asks the function for.
var envNames = []string{"AWS_SAM_LOCAL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "HTTPS_PROXY", "NO_PROXY", "AWS_CA_BUNDLE", "REQUESTS_CA_BUNDLE",
	"DECLARED", "FROM_SHELL", "FROM_FILE", "UNDECLARED"}

// TestFunctionEnvironment: what a real Node function sees of the caller's
// environment, credentials and --env-vars (README, "Environment").
func TestFunctionEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	envVars := filepath.Join(dir, "env.json")
	for name, content := range map[string]string{
		creds:   "[dev]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = profilesecret\nregion = eu-west-3\n",
		envVars: `{"EnvFunction": {"FROM_FILE": "from-env-vars"}}`,
	} {
		if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	files := []string{"AWS_SHARED_CREDENTIALS_FILE=" + creds, "AWS_CONFIG_FILE=" + filepath.Join(dir, "none")}
	parity := append([]string{"AWS_ENDPOINT_URL=http://127.0.0.1:4566", "AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000",
		"HTTPS_PROXY=http://127.0.0.1:3128", "NO_PROXY=localhost", "AWS_CA_BUNDLE=/etc/ssl/ca.pem", "REQUESTS_CA_BUNDLE=/etc/ssl/r.pem",
		"FROM_SHELL=from-shell", "FROM_FILE=from-shell", "UNDECLARED=x"}, files...)
	tests := []struct {
		name string
		env  []string
		args []string
		want map[string]any
	}{
		{"no credentials anywhere: SAM CLI's placeholders", files, nil, map[string]any{
			"AWS_SAM_LOCAL": "true", "AWS_ACCESS_KEY_ID": "defaultkey", "AWS_SECRET_ACCESS_KEY": "defaultsecret", "AWS_SESSION_TOKEN": nil,
			"AWS_REGION": "us-east-1", "DECLARED": "from-template", "FROM_SHELL": "from-template", "UNDECLARED": nil}},
		{"the caller's credentials, endpoints, proxies, CA bundles; shell < --env-vars for declared variables",
			append([]string{"AWS_ACCESS_KEY_ID=AKIACALLER", "AWS_SECRET_ACCESS_KEY=callersecret", "AWS_SESSION_TOKEN=callertoken", "AWS_REGION=ap-south-1"}, parity...),
			[]string{"-n", envVars}, map[string]any{
				"AWS_SAM_LOCAL": "true", "AWS_ACCESS_KEY_ID": "AKIACALLER", "AWS_SECRET_ACCESS_KEY": "callersecret", "AWS_SESSION_TOKEN": "callertoken",
				"AWS_REGION": "ap-south-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000",
				"HTTPS_PROXY": "http://127.0.0.1:3128", "NO_PROXY": "localhost", "AWS_CA_BUNDLE": "/etc/ssl/ca.pem", "REQUESTS_CA_BUNDLE": "/etc/ssl/r.pem",
				"DECLARED": "from-template", "FROM_SHELL": "from-shell", "FROM_FILE": "from-env-vars", "UNDECLARED": nil}},
		{"--profile replaces the caller's credentials, token included, and gives its region",
			append([]string{"AWS_ACCESS_KEY_ID=AKIACALLER", "AWS_SECRET_ACCESS_KEY=callersecret", "AWS_SESSION_TOKEN=callertoken"}, files...),
			[]string{"--profile", "dev"}, map[string]any{
				"AWS_ACCESS_KEY_ID": "AKIAPROFILE", "AWS_SECRET_ACCESS_KEY": "profilesecret", "AWS_SESSION_TOKEN": nil, "AWS_REGION": "eu-west-3"}},
	}
	event, _ := json.Marshal(map[string]any{"names": envNames})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"invoke", "EnvFunction", "testdata/env/template.yaml", "--event", "-"}, tt.args...)
			cmd := exec.Command(binary, args...)
			cmd.Env = cleanEnv(tt.env...)
			cmd.Stdin = strings.NewReader(string(event))
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			var got map[string]any
			if err != nil || json.Unmarshal(out, &got) != nil {
				t.Fatalf("apigw invoke: %v, %q\n%s", err, out, stderr.String())
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %#v; want %#v", k, got[k], v)
				}
			}
		})
	}
}

// TestSecondInterrupt: the first SIGINT drains the request in flight; a
// second one stops apigw at once, with exit status 130, dropping that
// request and leaving no function process behind.
func TestSecondInterrupt(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/shutdown/template.yaml")
	// The banner comes before the listening line startAPI waited for.
	if banner := "  GET     " + s.url + "/hold  auth: NONE"; !strings.Contains(s.logText(), banner) {
		t.Fatalf("no banner line %q in the start log:\n%s", banner, s.logText())
	}
	stream := streamOf(t, s.get(t, "GET", "/hold"))
	never := filepath.Join(t.TempDir(), "never")
	go func() {
		// Never answered by the function; the second signal drops it.
		if resp, err := http.Get(s.url + "/hold?until=" + url.QueryEscape(never)); err == nil {
			resp.Body.Close()
		}
	}()
	s.waitFor(func() bool { return s.startsLocked("HoldFunction") == 2 })
	for _, line := range []string{"apigw shutting down", "second signal: stopping now"} {
		if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		s.waitFor(func() bool { return s.hasLineLocked(line) })
	}
	var exit *exec.ExitError
	if err := s.cmd.Wait(); !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("apigw after a second SIGINT: %v; want exit status 130\n%s", err, s.logText())
	}
	if left := processesOf(stream); len(left) > 0 {
		t.Fatalf("function processes %v outlive apigw", left)
	}
}
