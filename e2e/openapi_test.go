package e2e

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenAPIDefinitionBody serves an API from an OpenAPI DefinitionBody
// with Python functions, an http_proxy backend, a mock and a customised
// gateway response.
func TestOpenAPIDefinitionBody(t *testing.T) {
	t.Parallel()
	backend := startBackend(t)
	s := startAPI(t, "testdata/openapi/template.yaml", "--parameter-overrides", "BackendUrl=http://"+backend)
	r := s.get(t, "GET", "/pets/42", "Authorization", "allow")
	var pet struct{ ID, Principal, Lang string }
	if r.status != 200 || json.Unmarshal([]byte(r.body), &pet) != nil || pet.ID != "42" || pet.Principal != "py-user" || pet.Lang != "python" {
		t.Fatalf("aws_proxy behind a Python TOKEN authorizer: got %d %s; want 200 with id 42, py-user, python", r.status, r.body)
	}
	if r := s.get(t, "GET", "/pets/42", "Authorization", "nope"); r.status != 401 {
		t.Fatalf("O-7 from Python raise Exception('Unauthorized'): got %d %s; want 401", r.status, r.body)
	}
	if r := s.get(t, "GET", "/site/a/b?q=1"); r.status != 200 || r.body != "backend saw /backend/a/b?q=1" {
		t.Fatalf("L-4 http_proxy: got %d %q; want 200 %q", r.status, r.body, "backend saw /backend/a/b?q=1")
	}
	if r := s.get(t, "GET", "/ping"); r.status != 200 || r.body != `{"pong":true}` {
		t.Fatalf("mock: got %d %s; want 200 {\"pong\":true}", r.status, r.body)
	}
	want := `{"error":"no such route","path":"/v1/nowhere"}`
	if r := s.get(t, "GET", "/nowhere"); r.status != 404 || r.body != want {
		t.Fatalf("G-4 customised MISSING_AUTHENTICATION_TOKEN: got %d %s; want 404 %s", r.status, r.body, want)
	}
}

func startBackend(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("backend saw " + r.URL.RequestURI()))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

// TestBareHTTPAPIExport serves an HTTP API's exported OpenAPI document on
// its own: HTTP API answers (404 Not Found, not REST's 403 Missing
// Authentication Token), its http_proxy route through a real backend, and
// its Lambda route and its route behind a Lambda authorizer, whose
// functions no template names, failing closed (never served without the
// authorizer).
func TestBareHTTPAPIExport(t *testing.T) {
	t.Parallel()
	backend := startBackend(t)
	doc := filepath.Join(t.TempDir(), "export.yaml")
	export, err := os.ReadFile("../testdata/openapi/http-export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.ReplaceAll(string(export), "BACKEND", backend)
	if err := os.WriteFile(doc, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startAPI(t, doc)
	if r := s.get(t, "GET", "/pets"); r.status != 200 || r.body != "backend saw /pets" {
		t.Fatalf("http_proxy: got %d %q; want 200 %q", r.status, r.body, "backend saw /pets")
	}
	if r := s.get(t, "GET", "/nope"); r.status != 404 || r.body != `{"message":"Not Found"}` || r.header.Get("apigw-requestid") == "" {
		t.Fatalf("no route: got %d %s %v; want an HTTP API's 404 Not Found with apigw-requestid", r.status, r.body, r.header)
	}
	bare := "in an OpenAPI document served on its own"
	if r := s.get(t, "POST", "/fn"); r.status != 500 || r.header.Get("x-apigw-unsupported") != "Lambda integrations "+bare {
		t.Fatalf("Lambda route without a template: got %d %s %v; want 500 saying why", r.status, r.body, r.header)
	}
	r := s.get(t, "GET", "/guarded", "Authorization", "anything")
	if r.status != 500 || r.header.Get("x-apigw-unsupported") != "Lambda authorizers "+bare || strings.Contains(r.body, "backend saw") {
		t.Fatalf("route behind a Lambda authorizer without a template: got %d %s %v; want 500, never the backend", r.status, r.body, r.header)
	}
}
