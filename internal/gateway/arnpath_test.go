package gateway

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestPolicyCoversTheServedResource: the router ignores trailing slashes and
// collapses runs of slashes, so the method ARN is built from the path it
// matched. A Deny of /admin covers /admin/, /admin// and //admin (P-1, P-3),
// and an exact Allow of /pets allows /pets/.
func TestPolicyCoversTheServedResource(t *testing.T) {
	t.Parallel()
	const prefix = "arn:aws:execute-api:us-east-1:123456789012:"
	auth := &countingFunc{fn: func([]byte) ([]byte, error) {
		return []byte(`{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":["` + prefix + `*/prod/GET/pets","` + prefix + `*/prod/GET/open/*"]},` +
			`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"` + prefix + `*/prod/POST/*"},` +
			`{"Effect":"Deny","Action":"execute-api:Invoke","Resource":["` + prefix + `*/prod/POST/admin","` + prefix + `*/prod/POST/"]}]}}`), nil
	}}
	echo := echoFunc()
	tpl := testAPI([]*api.Route{
		lambdaRoute("POST", "/admin", "A", "Echo"), lambdaRoute("POST", "/", "A", "Echo"),
		lambdaRoute("GET", "/pets", "A", "Echo"), lambdaRoute("GET", "/open/{proxy+}", "A", "Echo"),
		lambdaRoute("ANY", "/{proxy+}", "A", "Echo"),
	}, tokenAuth("A", "Auth", 300))
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echo})
	tests := []struct {
		method, path string
		want         int
	}{
		{"POST", "/admin", http.StatusForbidden},
		{"POST", "/admin/", http.StatusForbidden},
		{"POST", "/admin//", http.StatusForbidden},
		{"POST", "/%61dmin/", http.StatusForbidden},
		{"POST", "//", http.StatusForbidden},
		{"POST", "//admin", http.StatusForbidden},
		{"POST", "/x//admin", http.StatusOK},
		{"GET", "/pets/", http.StatusOK},
		{"GET", "/open/a/", http.StatusOK},
	}
	for _, tt := range tests {
		if r := s.do(t, tt.method, tt.path, "Authorization", "tok"); r.status != tt.want {
			t.Errorf("%s %s: got %d %s; want %d", tt.method, tt.path, r.status, r.body, tt.want)
		}
	}
	if n := echo.calls.Load(); n != 3 {
		t.Errorf("backend invocations: got %d; want 3 (the allowed GETs and POST /x/admin)", n)
	}
}

// TestHTTPProxyRefusesDotSegments: an allowed /site/* must not reach the
// backend as /site/../admin, however the dots are spelled.
func TestHTTPProxyRefusesDotSegments(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-Backend-URI", r.RequestURI)
	}))
	t.Cleanup(backend.Close)
	site := func(path string) *api.Route {
		return &api.Route{Method: "GET", Path: path, Integration: api.Integration{Type: api.IntegrationHTTPProxy,
			URI: backend.URL + "/base" + strings.ReplaceAll(path, "+", ""), TimeoutMs: 29000}}
	}
	tpl := testAPI([]*api.Route{site("/site/{proxy+}"), site("/item/{id}")})
	s := serveTemplate(t, tpl, nil)
	tests := []struct {
		path, wantURI string
		want          int
	}{
		{"/site/a/b", "/base/site/a/b", http.StatusOK},
		{"/site/a..b/.c", "/base/site/a..b/.c", http.StatusOK},
		{"/site/a%2Fb/c%20d", "/base/site/a%2Fb/c%20d", http.StatusOK},
		{"/item/a%2Fb", "/base/item/a%2Fb", http.StatusOK},
		{"/site/a/../../admin", "", http.StatusBadRequest},
		{"/site/..%2F..%2Fadmin", "", http.StatusBadRequest},
		{"/site/%2e%2e/admin", "", http.StatusBadRequest},
		{"/site/./x", "", http.StatusBadRequest},
		{"/item/%2e%2e", "", http.StatusBadRequest},
		{"/item/a%2F..", "", http.StatusBadRequest},
	}
	for _, tt := range tests {
		before := hits.Load()
		r := s.do(t, "GET", tt.path)
		if r.status != tt.want || r.header.Get("X-Backend-URI") != tt.wantURI {
			t.Errorf("GET %s: got %d %s backend URI %q; want %d %q", tt.path, r.status, r.body, r.header.Get("X-Backend-URI"), tt.want, tt.wantURI)
		}
		if tt.want != http.StatusOK && hits.Load() != before {
			t.Errorf("GET %s reached the backend", tt.path)
		}
	}
}
