package e2e

import (
	"testing"
)

const (
	bodyImplicitDeny = `{"Message":"User is not authorized to access this resource"}`
	bodyExplicitDeny = `{"Message":"User is not authorized to access this resource with an explicit deny"}`
	bodyUnauthorized = `{"message":"Unauthorized"}`
	bodyNull         = `{"message":null}`
)

// call is one request and what it must produce, with the number of
// authorizer invocations the runner has logged by then.
type call struct {
	name          string
	method, path  string
	headers       []string
	wantStatus    int
	wantBody      string // "" skips
	wantErrorType string
	wantCalls     int
}

func runCalls(t *testing.T, s *server, function string, calls []call) {
	t.Helper()
	for _, c := range calls {
		r := s.get(t, c.method, c.path, c.headers...)
		if r.status != c.wantStatus || (c.wantBody != "" && r.body != c.wantBody) {
			t.Fatalf("%s: %s %s: got %d %s; want %d %s\nlog:\n%s", c.name, c.method, c.path, r.status, r.body, c.wantStatus, c.wantBody, s.logText())
		}
		if got := r.header.Get("x-amzn-ErrorType"); got != c.wantErrorType {
			t.Fatalf("%s: got x-amzn-ErrorType %q; want %q", c.name, got, c.wantErrorType)
		}
		if got := s.starts(function); got != c.wantCalls {
			t.Fatalf("%s: got %d invocations of %s; want %d", c.name, got, function, c.wantCalls)
		}
	}
}

func auth(token string) []string { return []string{"Authorization", token} }

// TestSeedExample replays the seed article on examples/seed with real Node
// authorizers: C-8, the pitfall, and its fix.
func TestSeedExample(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "../examples/seed/template.yaml")
	runCalls(t, s, "ExactArnAuthFunction", []call{
		{"C-8 first request allowed", "GET", "/exact/pets", auth("allow"), 200, "", "", 1},
		{"C-8 other path denied from the cache", "GET", "/exact/users", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 1},
		{"C-8 same path other verb denied", "POST", "/exact/pets", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 1},
		{"O-9 explicit deny", "GET", "/exact/pets", auth("deny"), 403, bodyExplicitDeny, "AccessDeniedException", 2},
		{"O-7 Unauthorized is 401", "GET", "/exact/pets", auth("unauthorized"), 401, bodyUnauthorized, "UnauthorizedException", 3},
		{"O-8 other errors are 500 null", "GET", "/exact/pets", auth("bogus"), 500, bodyNull, "AuthorizerConfigurationException", 4},
		{"T-3 missing header: 401 without invoking", "GET", "/exact/pets", nil, 401, bodyUnauthorized, "UnauthorizedException", 4},
	})
	runCalls(t, s, "WildcardAuthFunction", []call{
		{"C-8 fix: first path", "GET", "/fixed/pets", auth("allow"), 200, "", "", 1},
		{"C-8 fix: other path from the cache", "GET", "/fixed/users", auth("allow"), 200, "", "", 1},
		{"C-8 fix: other verb from the cache", "DELETE", "/fixed/pets/7", auth("allow"), 200, "", "", 1},
	})
}
