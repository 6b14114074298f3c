package gateway

import (
	"encoding/json"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// corsFunc answers 200 with its own Access-Control-Allow-Origin, which an
// HTTP API with a CORS configuration ignores (DG http-api-cors).
func corsFunc() *countingFunc {
	return &countingFunc{fn: func([]byte) ([]byte, error) {
		return json.Marshal(map[string]any{"statusCode": 200, "body": "ok",
			"headers": map[string]string{"Access-Control-Allow-Origin": "https://evil.example", "X-Own": "kept"}})
	}}
}

// TestHTTPAPICors pins an HTTP API's CORS (DG http-api-cors, no V- rule
// yet): the gateway answers a preflight no route takes, a route with ANY
// takes its own, and every response to an allowed Origin carries the
// configured headers, errors included, never the integration's.
func TestHTTPAPICors(t *testing.T) {
	t.Parallel()
	fn, anyFn := corsFunc(), corsFunc()
	tpl := httpAPITemplate(api.DefaultStage, httpRoute("GET", "/pets", "fn", api.PayloadV2), httpRoute(api.MethodAny, "/any", "any", api.PayloadV2))
	tpl.APIs[0].Cors = &api.Cors{AllowOrigins: []string{"https://app.example", "http://*"}, AllowMethods: []string{"GET", "POST"},
		AllowHeaders: []string{"authorization", "x-user"}, ExposeHeaders: []string{"x-own"}, AllowCredentials: true, MaxAge: 600}
	s := serveTemplate(t, tpl, map[string]*countingFunc{"fn": fn, "any": anyFn})
	preflight := []string{"Origin", "https://app.example", "Access-Control-Request-Method", "GET"}
	tests := []struct {
		name, method, path string
		headers            []string
		status             int
		want               map[string]string // "" : absent
		calls              int64             // of fn and anyFn together, after this step
	}{
		{"preflight answered by the gateway", "OPTIONS", "/pets", preflight, 204, map[string]string{
			"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "GET,POST",
			"Access-Control-Allow-Headers": "authorization,x-user", "Access-Control-Max-Age": "600",
			"Access-Control-Allow-Credentials": "true", "Access-Control-Expose-Headers": ""}, 0},
		{"preflight to a path without routes too", "OPTIONS", "/nowhere", preflight, 204, map[string]string{"Access-Control-Allow-Origin": "https://app.example"}, 0},
		{"preflight from another origin: no CORS headers", "OPTIONS", "/pets", []string{"Origin", "https://other.example", "Access-Control-Request-Method", "GET"}, 204,
			map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""}, 0},
		{"an ANY route takes its preflight", "OPTIONS", "/any", preflight, 200, map[string]string{"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": ""}, 1},
		{"actual request: configured headers, not the integration's", "GET", "/pets", []string{"Origin", "http://localhost:5173"}, 200, map[string]string{
			"Access-Control-Allow-Origin": "http://localhost:5173", "Access-Control-Expose-Headers": "x-own", "Access-Control-Allow-Credentials": "true",
			"Access-Control-Allow-Methods": "", "X-Own": "kept"}, 2},
		{"no Origin: no CORS headers, the integration's dropped", "GET", "/pets", nil, 200, map[string]string{"Access-Control-Allow-Origin": "", "X-Own": "kept"}, 3},
		{"an error carries them too", "GET", "/cats", []string{"Origin", "https://app.example"}, 404, map[string]string{"Access-Control-Allow-Origin": "https://app.example"}, 3},
	}
	for _, tt := range tests {
		r := s.do(t, tt.method, tt.path, tt.headers...)
		if r.status != tt.status {
			t.Fatalf("%s: status %d body %s; want %d", tt.name, r.status, r.body, tt.status)
		}
		for k, v := range tt.want {
			if got := r.header.Get(k); got != v {
				t.Fatalf("%s: %s = %q; want %q (headers %v)", tt.name, k, got, v, r.header)
			}
		}
		if n := fn.calls.Load() + anyFn.calls.Load(); n != tt.calls {
			t.Fatalf("%s: %d integration calls; want %d", tt.name, n, tt.calls)
		}
	}
}

// TestHTTPAPICorsDefaultRoute: the $default route catches every request
// no other route matches, preflights included (DG http-api-cors, "$default
// route and an authorizer"): its integration answers, with the CORS headers.
func TestHTTPAPICorsDefaultRoute(t *testing.T) {
	t.Parallel()
	fn := corsFunc()
	tpl := httpAPITemplate(api.DefaultStage, defaultRoute("fn"))
	tpl.APIs[0].Cors = &api.Cors{AllowOrigins: []string{"*"}, MaxAge: -1}
	s := serveTemplate(t, tpl, map[string]*countingFunc{"fn": fn})
	r := s.do(t, "OPTIONS", "/pets", "Origin", "https://any.example", "Access-Control-Request-Method", "PUT")
	if r.status != 200 || fn.calls.Load() != 1 || r.header.Get("Access-Control-Allow-Origin") != "*" || r.header.Get("Access-Control-Allow-Methods") != "" {
		t.Fatalf("got %d %v after %d calls; want the $default route's 200 with Access-Control-Allow-Origin *", r.status, r.header, fn.calls.Load())
	}
}
