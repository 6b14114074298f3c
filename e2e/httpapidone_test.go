package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// doneBackend is the HTTP proxy route's backend: it answers with what it
// received.
func doneBackend(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"path": r.URL.EscapedPath(), "query": r.URL.Query(), "user": r.Header.Get("X-Authorized-User")})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// doneEvent is what the steps read of an echoed event.
type doneEvent struct {
	Version        string `json:"version"`
	RouteKey       string `json:"routeKey"`
	Resource       string `json:"resource"`
	RequestContext struct {
		Authorizer struct {
			Lambda map[string]string `json:"lambda"`
		} `json:"authorizer"`
	} `json:"requestContext"`
}

// doneStep is one request of TestHTTPAPIDone and what it must give.
type doneStep struct {
	name, method, path string
	headers            []string
	status             int
	body               string            // exact, when set
	servedBy           string            // x-served-by, when set
	lambda             map[string]string // requestContext.authorizer.lambda, when set
	cors               string            // Access-Control-Allow-Origin
	authCalls          int               // PyAuth invocations after the step
}

// TestHTTPAPIDone is issue 11's "done when" case through the binary, with
// real Node and Python functions: an HTTP API whose cached Python
// authorizer (simple responses) guards ANY /{proxy+}, a Python route and
// an HTTP proxy route, with CORS, beside a REST API on one listener
// (--stage-prefix). The v2 cache: one authorizer call per identity across
// every route that uses it (V-6), the cached value a verdict with its
// context, reused as it is on another route, never a policy evaluated again
// (V-4, V-6, V-8); a missing identity is 401 without a call (V-5); a deny
// is 403 {"message":"Forbidden"} (V-7).
func TestHTTPAPIDone(t *testing.T) {
	t.Parallel()
	backend := doneBackend(t)
	s := startAPI(t, "testdata/httpapidone/template.yaml", "--stage-prefix", "--parameter-overrides", "BackendUrl="+backend.URL)
	origin := []string{"Origin", "https://app.example"}
	allow := func(h ...string) []string { return append([]string{"x-user", "allow"}, h...) }
	firstAllow := map[string]string{"user": "allow", "calledFor": "GET /items/{id}", "call": "2"}
	steps := []doneStep{
		{name: "V-5 missing identity: 401 without a call", method: "GET", path: "/pets", status: 401, body: `{"message":"Unauthorized"}`},
		{name: "V-7 deny: 403 Forbidden", method: "GET", path: "/pets", headers: []string{"x-user", "deny"}, status: 403, body: `{"message":"Forbidden"}`, authCalls: 1},
		{name: "V-6 the cached deny answers another route, no call", method: "GET", path: "/items/1", headers: []string{"x-user", "deny"}, status: 403, body: `{"message":"Forbidden"}`, authCalls: 1},
		{name: "V-4 V-8 allow: a call for the new identity; Python serves", method: "GET", path: "/items/7", headers: allow(), status: 200, servedBy: "python", lambda: firstAllow, authCalls: 2},
		{name: "V-6 the cached verdict and its context answer ANY /{proxy+}", method: "POST", path: "/other/x", headers: allow(), status: 200, servedBy: "node", lambda: firstAllow, authCalls: 2},
		{name: "CORS: configured headers on the response, the function's dropped", method: "GET", path: "/other", headers: allow(origin...), status: 200, servedBy: "node", cors: "https://app.example", authCalls: 2},
		{name: "CORS: an ANY route takes the preflight, its authorizer answers 401, with CORS headers", method: "OPTIONS", path: "/items/7",
			headers: append([]string{"Access-Control-Request-Method", "GET"}, origin...), status: 401, body: `{"message":"Unauthorized"}`, cors: "https://app.example", authCalls: 2},
		{name: "CORS: a preflight no route takes is answered by the gateway", method: "OPTIONS", path: "/",
			headers: append([]string{"Access-Control-Request-Method", "GET"}, origin...), status: 204, cors: "https://app.example", authCalls: 2},
	}
	for _, st := range steps {
		checkDoneStep(t, s, st)
	}
	t.Run("HTTP proxy with parameter mapping, the cached verdict's context", func(t *testing.T) {
		r := s.get(t, "GET", "/upstream/a/b", "x-user", "allow")
		var saw struct {
			Path  string              `json:"path"`
			Query map[string][]string `json:"query"`
			User  string              `json:"user"`
		}
		if err := json.Unmarshal([]byte(r.body), &saw); err != nil || r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		if saw.Path != "/a/b" || saw.User != "allow" || len(saw.Query["route"]) != 1 || saw.Query["route"][0] != "GET /upstream/{proxy+}" || s.starts("PyAuth") != 2 {
			t.Fatalf("backend saw %+v, authorizer calls %d; want /a/b, user allow, route GET /upstream/{proxy+}, 2 calls", saw, s.starts("PyAuth"))
		}
	})
	t.Run("the REST API beside it, under its stage", func(t *testing.T) {
		r := s.get(t, "GET", "/prod/hello", origin...)
		var ev doneEvent
		if err := json.Unmarshal([]byte(r.body), &ev); err != nil || r.status != 200 || ev.Resource != "/hello" || ev.Version != "" {
			t.Fatalf("got %d %s; want the REST API's event (no version key) for /hello", r.status, r.body)
		}
		if r.header.Get("x-amzn-RequestId") == "" || r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("headers %v; want x-amzn-RequestId and no CORS headers (the REST API has no Cors)", r.header)
		}
	})
	if !s.hasLine("preflight answered by the gateway") {
		t.Fatalf("no log line names the preflight the gateway answered:\n%s", s.logText())
	}
	if !s.hasLine("cached verdict") {
		t.Fatalf("no log line names the cached verdict:\n%s", s.logText())
	}
}

func checkDoneStep(t *testing.T, s *server, st doneStep) {
	t.Helper()
	r := s.get(t, st.method, st.path, st.headers...)
	s.waitLogged(loggedID(r.header))
	if r.status != st.status || (st.body != "" && r.body != st.body) {
		t.Fatalf("%s: got %d %s; want %d %s", st.name, r.status, r.body, st.status, st.body)
	}
	if n := s.starts("PyAuth"); n != st.authCalls {
		t.Fatalf("%s: the authorizer ran %d times; want %d", st.name, n, st.authCalls)
	}
	if got := r.header.Get("Access-Control-Allow-Origin"); got != st.cors {
		t.Fatalf("%s: Access-Control-Allow-Origin %q; want %q", st.name, got, st.cors)
	}
	if st.servedBy != "" && r.header.Get("x-served-by") != st.servedBy {
		t.Fatalf("%s: served by %q; want %s", st.name, r.header.Get("x-served-by"), st.servedBy)
	}
	if st.lambda == nil {
		return
	}
	var ev doneEvent
	if err := json.Unmarshal([]byte(r.body), &ev); err != nil || ev.Version != "2.0" {
		t.Fatalf("%s: not a 2.0 event: %v %s", st.name, err, r.body)
	}
	for k, v := range st.lambda {
		if ev.RequestContext.Authorizer.Lambda[k] != v {
			t.Fatalf("%s: authorizer.lambda %v; want %v (V-6, V-8)", st.name, ev.RequestContext.Authorizer.Lambda, st.lambda)
		}
	}
}
