package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

const httpAPITemplate = "testdata/httpapi/template.yaml"

// httpEvent is what the HTTP API test reads of an echoed event.
type httpEvent struct {
	Version        string            `json:"version"`
	RouteKey       string            `json:"routeKey"`
	RawPath        string            `json:"rawPath"`
	Resource       string            `json:"resource"`
	PathParameters map[string]string `json:"pathParameters"`
	RequestContext struct {
		RequestID  string `json:"requestId"`
		ResourceID string `json:"resourceId"`
		Stage      string `json:"stage"`
	} `json:"requestContext"`
}

// TestHTTPAPI is issue 11's first end-to-end case: SAM's implicit HTTP API
// from HttpApi events, served by real Node functions on the $default stage
// (no stage segment): route keys and the $default route (V-11), "//"
// collapsed before routing (V-11), payload 2.0 and 1.0 events (V-10,
// V-3), the 2.0 response rules (cookies; a bare string is a 200 JSON
// body), apigw-requestid equal to the event's requestId, and the HTTP API
// error body (V-7).
func TestHTTPAPI(t *testing.T) {
	t.Parallel()
	s := startAPI(t, httpAPITemplate)
	if want := "$default -> Echo [auth: NONE]"; !strings.Contains(s.logText(), want) {
		t.Errorf("start log does not list %q:\n%s", want, s.logText())
	}
	tests := []struct {
		name, method, path    string
		version, key, rawPath string
		param                 string
		resource, resourceID  string
		cookies               []string
	}{
		{"V-11 V-10 explicit route", "GET", "/pets/7", "2.0", "GET /pets/{id}", "/pets/7", "7", "", "", []string{"seen=1", "route=GET%20%2Fpets%2F%7Bid%7D"}},
		{"V-11 // collapsed before routing", "GET", "//pets//7", "2.0", "GET /pets/{id}", "/pets/7", "7", "", "", []string{"seen=1", "route=GET%20%2Fpets%2F%7Bid%7D"}},
		{"V-11 $default catches the rest", "PUT", "/x/y", "2.0", "$default", "/x/y", "", "", "", []string{"seen=1", "route=%24default"}},
		{"V-3 payload 1.0 route", "POST", "/items", "1.0", "", "", "", "/items", "POST /items", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.get(t, tt.method, tt.path)
			var ev httpEvent
			if err := json.Unmarshal([]byte(r.body), &ev); err != nil || r.status != 200 {
				t.Fatalf("got %d %s; want 200 with the event", r.status, r.body)
			}
			if ev.Version != tt.version || ev.RouteKey != tt.key || ev.RawPath != tt.rawPath || ev.PathParameters["id"] != tt.param ||
				ev.Resource != tt.resource || ev.RequestContext.ResourceID != tt.resourceID {
				t.Fatalf("event %+v; want version %s, routeKey %q, rawPath %q, id %q, resource %q, resourceId %q", ev, tt.version, tt.key, tt.rawPath, tt.param, tt.resource, tt.resourceID)
			}
			if id := r.header.Get("apigw-requestid"); id == "" || id != ev.RequestContext.RequestID || ev.RequestContext.Stage != "$default" {
				t.Fatalf("apigw-requestid %q, event requestId %q, stage %q; want them equal, stage $default", id, ev.RequestContext.RequestID, ev.RequestContext.Stage)
			}
			if got := r.header.Values("Set-Cookie"); !slices.Equal(got, tt.cookies) {
				t.Fatalf("Set-Cookie %q; want %q", got, tt.cookies)
			}
		})
	}
	t.Run("V-10 a bare string is a 200 JSON body", func(t *testing.T) {
		r := s.get(t, "GET", "/bare")
		if r.status != 200 || r.body != "hello from node" || r.header.Get("Content-Type") != "application/json" {
			t.Fatalf("got %d %q %v; want 200 \"hello from node\" application/json", r.status, r.body, r.header)
		}
	})
	t.Run("V-7 a function error is 500 Internal Server Error", func(t *testing.T) {
		r := s.get(t, "GET", "/fail")
		if r.status != 500 || r.body != `{"message":"Internal Server Error"}` || r.header.Get("x-amzn-ErrorType") != "" {
			t.Fatalf("got %d %q %v; want 500 {\"message\":\"Internal Server Error\"}, no x-amzn-ErrorType", r.status, r.body, r.header)
		}
	})
}

// TestHTTPAPILambdaAuthorizer is issue 11's authorizer case through the
// built binary and real Node functions: a cached simple-response
// authorizer on two routes. A missing identity is 401 without a call
// (V-5); a deny is 403 {"message":"Forbidden"} (V-7); the first verdict
// for an identity is cached and answers the other route too, with its
// context (V-6, V-8); the log line says it was a cached verdict.
func TestHTTPAPILambdaAuthorizer(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/httpapi/auth.yaml")
	steps := []struct {
		name, method, path, user string
		status                   int
		body                     string // "" : the echoed event
		authStarts               int
	}{
		{"V-5 missing identity: 401, no call", "GET", "/pets", "", 401, `{"message":"Unauthorized"}`, 0},
		{"V-7 deny: 403 Forbidden", "GET", "/pets", "deny", 403, `{"message":"Forbidden"}`, 1},
		{"V-6 the cached deny answers the other route", "POST", "/a/b", "deny", 403, `{"message":"Forbidden"}`, 1},
		{"V-4 V-6 allow: another identity value, a call; the function runs", "GET", "/pets", "allow", 200, "", 2},
		{"V-6 the cached allow answers the other route", "PUT", "/a/b", "allow", 200, "", 2},
	}
	for _, st := range steps {
		var hdr []string
		if st.user != "" {
			hdr = []string{"X-User", st.user}
		}
		r := s.get(t, st.method, st.path, hdr...)
		if r.status != st.status || (st.body != "" && r.body != st.body) {
			t.Fatalf("%s: got %d %s; want %d %s", st.name, r.status, r.body, st.status, st.body)
		}
		if n := s.starts("Auth"); n != st.authStarts {
			t.Fatalf("%s: the authorizer process started %d times; want %d", st.name, n, st.authStarts)
		}
		if st.body != "" {
			continue
		}
		var ev struct {
			RouteKey       string `json:"routeKey"`
			RequestContext struct {
				Authorizer struct {
					Lambda map[string]string `json:"lambda"`
				} `json:"authorizer"`
			} `json:"requestContext"`
		}
		if err := json.Unmarshal([]byte(r.body), &ev); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if l := ev.RequestContext.Authorizer.Lambda; l["user"] != "allow" || l["calledFor"] != "GET /pets" {
			t.Fatalf("%s: authorizer.lambda %v; want the context of the cached call for GET /pets (V-6, V-8)", st.name, l)
		}
	}
	if !s.hasLine("cached verdict") {
		t.Fatalf("no log line names the cached verdict:\n%s", s.logText())
	}
}
