package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden route tables")

// checkRouteTable compares what `apigw validate args...`, run in dir,
// prints on stdout with dir/validate.golden.
func checkRouteTable(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"validate"}, args...)...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("validate %v: %v\n%s", args, err, stderr.String())
	}
	golden := filepath.Join(dir, "validate.golden")
	if *update {
		if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if stdout.String() != string(want) {
		t.Errorf("validate %v route table:\n%s\nwant (%s):\n%s", args, stdout.String(), golden, want)
	}
}

// field reads one string field of a JSON body.
func field(t *testing.T, body, name string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	s, _ := m[name].(string)
	return s
}

// TestCDKApp serves a real CDK app's synthesised cdk.out (a LambdaRestApi
// with a TOKEN authorizer on every method, testdata/cdk/app.js) found by
// discovery in a folder without a SAM template: function code from CDK's
// asset folder, root ANY and {proxy+} ANY, and the seed pitfall (C-8):
// the first path is allowed, another is denied from the cached policy.
func TestCDKApp(t *testing.T) {
	t.Parallel()
	dir := "testdata/cdk"
	checkRouteTable(t, dir)
	s := startIn(t, dir, t.TempDir())
	want := "apigw: using template " + filepath.Join("cdk.out", "PetsStack.template.json") + " (stack PetsStack of cdk.out)"
	if first := strings.SplitN(s.logText(), "\n", 2)[0]; first != want {
		t.Fatalf("first line %q; want %q", first, want)
	}
	const authorizer = "AuthFnE7829713"
	runCalls(t, s, authorizer, []call{
		{"T-3 no token: 401 without invoking", "GET", "/pets", nil, 401, bodyUnauthorized, "UnauthorizedException", 0},
		{"C-8 first path allowed", "GET", "/pets", auth("allow"), 200, "", "", 1},
		{"C-8 other path denied from the cache", "GET", "/users", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 1},
		{"C-8 the root (ANY /) denied from the cache", "GET", "/", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 1},
	})
	// L-11: CDK's LambdaRestApi names no operation, so the event has none.
	if r := s.get(t, "GET", "/pets", auth("allow")...); field(t, r.body, "path") != "/pets" || field(t, r.body, "principal") != "user" ||
		strings.Contains(r.body, "operationName") {
		t.Errorf("GET /pets: body %s; want the CDK asset's handler answering with path and principal, no operation name", r.body)
	}
}

// TestCDKStackChoice: a cdk.out with several stacks needs --stack, and
// says which exist; --stack picks one.
func TestCDKStackChoice(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "cdk.out"), os.DirFS("testdata/cdk/cdk.out")); err != nil {
		t.Fatal(err)
	}
	manifest := `{"version": "55.0.0", "artifacts": {
	  "PetsStack": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "PetsStack.template.json"}},
	  "OtherStack": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "PetsStack.template.json"}}}}`
	if err := os.WriteFile(filepath.Join(dir, "cdk.out", "manifest.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "validate")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "pick one with --stack (OtherStack, PetsStack)") {
		t.Fatalf("validate in a cdk.out of two stacks: %v\n%s\nwant exit 2 naming both", err, out)
	}
	cmd = exec.Command(binary, "validate", "--stack", "OtherStack")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "(stack OtherStack of cdk.out)") {
		t.Fatalf("validate --stack OtherStack: %v\n%s", err, out)
	}
}

// TestNestedStacks serves a project of nested stacks on one listener: the
// pets application's TOKEN authorizer on /pets/{proxy+} shows the seed
// pitfall (C-8), the shop stack's mock answers with the parameter it was
// passed (an output of the pets stack), the parent's function reads the
// same output, the route both the parent and the shop declare is warned
// about, and the stack on S3 is named as not supported.
func TestNestedStacks(t *testing.T) {
	t.Parallel()
	dir := "testdata/nested"
	checkRouteTable(t, dir, "template.yaml")
	s := startAPI(t, dir+"/template.yaml")
	runCalls(t, s, "Pets-AuthFn", []call{
		{"C-8 first path allowed", "GET", "/pets/cats", auth("allow"), 200, "", "", 1},
		{"C-8 other path denied from the cache", "GET", "/pets/dogs", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 1},
	})
	const owner = "hello from the parent, via the pets stack"
	if r := s.get(t, "GET", "/pets/cats", auth("allow")...); field(t, r.body, "greeting") != "hello from the parent" {
		t.Errorf("GET /pets/cats: %s; want the greeting the parent passed down", r.body)
	}
	if r := s.get(t, "GET", "/shop"); r.status != 200 || field(t, r.body, "owner") != owner {
		t.Errorf("GET /shop: %d %s; want 200 with the owner passed from the pets stack's output", r.status, r.body)
	}
	if r := s.get(t, "GET", "/parent"); r.status != 200 || field(t, r.body, "owner") != owner {
		t.Errorf("GET /parent: %d %s; want the parent's function with the pets stack's output", r.status, r.body)
	}
	for _, want := range []string{
		"API Shop/ShopApi's GET /parent is answered by API ServerlessRestApi",
		"nested stacks at a remote location (TemplateURL: https://s3.amazonaws.com/example-bucket/remote.yaml)",
	} {
		if !strings.Contains(s.logText(), want) {
			t.Errorf("start log does not contain %q:\n%s", want, s.logText())
		}
	}
}

// TestResourceMethodTemplate serves an API declared with RestApi,
// Resource, Method and Authorizer resources: the TOKEN authorizer on
// /{proxy+} shows the seed pitfall (C-8), the mock and the HTTP proxy
// (its path mapped by RequestParameters) answer, and the customised
// MISSING_AUTHENTICATION_TOKEN response (G-4) answers the root, which has
// no method.
func TestResourceMethodTemplate(t *testing.T) {
	t.Parallel()
	dir := "testdata/cfnrest"
	checkRouteTable(t, dir, "template.yaml", "--parameter-overrides", "BackendUrl=http://127.0.0.1:9")
	backend := startBackend(t)
	s := startAPI(t, dir+"/template.yaml", "--parameter-overrides", "BackendUrl=http://"+backend)
	runCalls(t, s, "AuthFn", []call{
		{"C-8 first path allowed", "GET", "/pets/1", auth("allow"), 200, "", "", 1},
		{"C-8 other path denied from the cache", "GET", "/pets/2", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 1},
		{"mock", "GET", "/health", nil, 200, `{"healthy": true}`, "", 1},
		{"http proxy with the path mapped", "GET", "/backend/a/b?x=1", nil, 200, "backend saw /a/b?x=1", "", 1},
		{"G-4 customised MISSING_AUTHENTICATION_TOKEN (no method on the root)", "GET", "/", nil, 404, `{"error": "no route here"}`, "MissingAuthenticationTokenException", 1},
	})
	// L-11: the Method's OperationName reaches the event.
	if r := s.get(t, "GET", "/pets/1", auth("allow")...); field(t, r.body, "operationName") != "Proxy" {
		t.Errorf("GET /pets/1: %s; want requestContext.operationName Proxy (the Method's OperationName)", r.body)
	}
}
