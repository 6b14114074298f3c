package e2e

import (
	"encoding/json"
	"errors"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

const (
	partialTemplate = "testdata/partial/template.yaml"
	// Where the template declares the functions apigw cannot run (their
	// CodeUri, in the Globals-merged resource).
	brokenAuthAt  = partialTemplate + ":28: BrokenAuth: Properties.CodeUri"
	noBootstrapAt = partialTemplate + ":45: NoBootstrap: Properties.CodeUri"
	// What each needs, as x-apigw-unsupported names it (a prefix: the
	// rest is the folder's absolute path).
	needsBootstrap = "runtime provided.al2023 needs an executable "
)

// TestPartialServing is issue 9's end-to-end case: one template mixes a
// route apigw serves (200 from a real Node function), a route whose
// authorizer it cannot run and a route whose function it cannot run. The
// first answers; the others fail closed at their stage with
// x-apigw-unsupported, never reach a function, and no process is started
// for what cannot run; the start summary names both, with their places.
func TestPartialServing(t *testing.T) {
	t.Parallel()
	s := startAPI(t, partialTemplate)
	for _, want := range []string{
		"GET /guarded -> Hello [auth: Broken, ttl 300s] NOT SERVED: " + needsBootstrap,
		"GET /hello -> Hello [auth: NONE]",
		"1 route served, 2 not served; those fail closed (500, x-apigw-unsupported):",
		"(" + brokenAuthAt + ")", "(" + noBootstrapAt + ")",
	} {
		if !strings.Contains(s.logText(), want) {
			t.Errorf("start log does not contain %q:\n%s", want, s.logText())
		}
	}
	if r := s.get(t, "GET", "/hello"); r.status != 200 || r.body != "hello from node" {
		t.Fatalf("served route: got %d %q; want 200 from the Node function", r.status, r.body)
	}
	tests := []struct {
		name, path, token string
		status            int
		body, errorType   string
		allowStarts       int // the Allow authorizer's invocations this request causes
		unsupported       bool
	}{
		{"O-8 the authorizer's function cannot run", "/guarded", "x", 500, `{"message":null}`, "AuthorizerConfigurationException", 0, true},
		{"G-1 the function cannot run: the authorizer runs first", "/native", "x", 500, `{"message": "Internal server error"}`, "ApiConfigurationException", 1, true},
		{"T-3 the authorizer's 401 comes before", "/native", "", 401, `{"message":"Unauthorized"}`, "UnauthorizedException", 0, false},
	}
	for _, tt := range tests {
		allow, hello := s.starts("AllowAuth"), s.starts("Hello")
		var hdr []string
		if tt.token != "" {
			hdr = []string{"Authorization", tt.token}
		}
		r := s.get(t, "GET", tt.path, hdr...)
		if r.status != tt.status || !sameJSON(r.body, tt.body) || r.header.Get("x-amzn-ErrorType") != tt.errorType {
			t.Errorf("%s: GET %s: got %d %s %q; want %d %s %q", tt.name, tt.path, r.status, r.body, r.header.Get("x-amzn-ErrorType"), tt.status, tt.body, tt.errorType)
		}
		if got := r.header.Get("x-apigw-unsupported"); strings.HasPrefix(got, needsBootstrap) != tt.unsupported {
			t.Errorf("%s: x-apigw-unsupported %q; want it (%v) to start with %q", tt.name, got, tt.unsupported, needsBootstrap)
		}
		if a, h := s.starts("AllowAuth")-allow, s.starts("Hello")-hello; a != tt.allowStarts || h != 0 {
			t.Errorf("%s: Allow authorizer ran %d times, Hello %d; want %d, 0", tt.name, a, h, tt.allowStarts)
		}
	}
	if s.starts("BrokenAuth") != 0 || s.starts("NoBootstrap") != 0 || s.hasLine("[NoBootstrap]") {
		t.Errorf("a function apigw cannot run was started:\n%s", s.logText())
	}
	for _, want := range []string{`path=/guarded status=500`, `declared="` + brokenAuthAt + `"`, `declared="` + noBootstrapAt + `"`, `unsupported="` + needsBootstrap} {
		if !strings.Contains(s.logText(), want) {
			t.Errorf("log does not contain %q:\n%s", want, s.logText())
		}
	}
}

// TestPartialServingIAMAndJava is the same case with IAM authorization
// and a java21 function: the Node route answers 200, the IAM route fails
// closed at its authorizer (O-8), the Java route at its
// integration, no Node process starts for them, and the summary names both.
func TestPartialServingIAMAndJava(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/partial/iam-java.yaml")
	if !strings.Contains(s.logText(), "1 route served, 2 not served") {
		t.Errorf("start log lacks the summary:\n%s", s.logText())
	}
	for _, want := range []string{"IAM authorization", "java21"} {
		if !strings.Contains(s.logText(), "NOT SERVED") || !strings.Contains(s.logText(), want) {
			t.Errorf("start log does not name %q as not served:\n%s", want, s.logText())
		}
	}
	if r := s.get(t, "GET", "/hello"); r.status != 200 || r.body != "hello from node" {
		t.Fatalf("served route: got %d %q; want 200 from the Node function", r.status, r.body)
	}
	tests := []struct {
		path, token, body, errorType, what string
	}{
		{"/pooled", "eyJhbGciOi", `{"message":null}`, "AuthorizerConfigurationException", "IAM authorization"},
		{"/java", "", `{"message": "Internal server error"}`, "ApiConfigurationException", "java21"},
	}
	for _, tt := range tests {
		hello := s.starts("Hello")
		r := s.get(t, "GET", tt.path, "Authorization", tt.token)
		if r.status != 500 || !sameJSON(r.body, tt.body) || r.header.Get("x-amzn-ErrorType") != tt.errorType ||
			!strings.Contains(r.header.Get("x-apigw-unsupported"), tt.what) {
			t.Errorf("GET %s: got %d %s %v; want 500 %s %s and x-apigw-unsupported naming %s", tt.path, r.status, r.body, r.header, tt.body, tt.errorType, tt.what)
		}
		if s.starts("Hello") != hello {
			t.Errorf("GET %s reached a function", tt.path)
		}
	}
}

// TestPartialServingStrict: --strict refuses the same template before
// listening, exit 2, naming what it cannot serve and where.
func TestPartialServingStrict(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(binary, "start-api", partialTemplate, "--addr", "127.0.0.1:0", "--strict").CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || strings.Contains(string(out), listeningPrefix) {
		t.Fatalf("start-api --strict: %v\n%s\nwant exit 2 before listening", err, out)
	}
	for _, want := range []string{"apigw: --strict: the template needs 2 things apigw cannot serve yet:", "apigw: " + brokenAuthAt + ": " + needsBootstrap, "apigw: " + noBootstrapAt + ": " + needsBootstrap} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output does not contain %q:\n%s", want, out)
		}
	}
}

// TestDisableAuthorizerServes: --disable-authorizer (SAM CLI's flag)
// serves a route whose authorizer cannot run, without it, and says so at
// start and on the request's log line.
func TestDisableAuthorizerServes(t *testing.T) {
	t.Parallel()
	s := startAPI(t, partialTemplate, "--disable-authorizer")
	r := s.get(t, "GET", "/guarded")
	if r.status != 200 || r.body != "hello from node" || r.header.Get("x-apigw-unsupported") != "" {
		t.Fatalf("GET /guarded: got %d %q %v; want 200 from Hello", r.status, r.body, r.header)
	}
	if r := s.get(t, "GET", "/native", "Authorization", "x"); r.status != 500 || s.starts("AllowAuth") != 0 {
		t.Fatalf("GET /native: got %d %s, Allow ran %d times; want 500 (its function cannot run), no authorizer", r.status, r.body, s.starts("AllowAuth"))
	}
	for _, want := range []string{"--disable-authorizer: every route is served without its authorizer", "GET /guarded -> Hello [auth: Broken, not run: --disable-authorizer]",
		"2 routes served, 1 not served", `path=/guarded status=200`, `authorizer=Broken auth="not run: --disable-authorizer`} {
		if !strings.Contains(s.logText(), want) {
			t.Errorf("log does not contain %q:\n%s", want, s.logText())
		}
	}
}

// sameJSON compares bodies as parsed JSON (G-6: AWS's 5xx bodies may be
// spaced).
func sameJSON(got, want string) bool {
	var g, w any
	return json.Unmarshal([]byte(got), &g) == nil && json.Unmarshal([]byte(want), &w) == nil && reflect.DeepEqual(g, w)
}
