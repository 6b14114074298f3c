package gateway

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/aws/aws-lambda-go/events"
)

// arnRecorder is a TOKEN authorizer that allows everything in stage prod
// except POST /admin, and records the method ARN of each call.
func arnRecorder() *countingFunc {
	const prefix = "arn:aws:execute-api:us-east-1:123456789012:"
	return &countingFunc{fn: func([]byte) ([]byte, error) {
		return []byte(`{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"` + prefix + `*/prod/*"},` +
			`{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"` + prefix + `*/prod/POST/admin"}]}}`), nil
	}}
}

// pathCase is a request and what the route, the event and the method ARN
// must make of its path.
type pathCase struct {
	name, method, path string
	want               int
	arn                string // method ARN after ".../prod/"; "" when the authorizer must not run
	resource, evPath   string // the event's resource and path ("" skips)
	proxy              string // pathParameters.proxy ("" for none)
}

// TestOnePathString: the route, the event's path and {proxy}, and the
// method ARN come from one path string (spec section 11), so a policy is
// evaluated against the path that is served and forwarded.
func TestOnePathString(t *testing.T) {
	t.Parallel()
	cases := []pathCase{
		{"P-1 the root's method ARN ends in /", "GET", "/", 200, "GET/", "/", "/", ""},
		{"L-9 a leading // collapses, in the path and the ARN", "GET", "//pets", 200, "GET/pets", "/pets", "/pets", ""},
		{"PIPE-4 L-9 P-1 a trailing slash routes like /pets and stays in path and ARN", "GET", "/pets/", 200, "GET/pets/", "/pets", "/pets/", ""},
		{"PIPE-4 P-1 several trailing slashes", "GET", "/pets//", 200, "GET/pets//", "/pets", "/pets//", ""},
		{"L-9 an inner // stays in path and {proxy}", "GET", "/proxy-value//double-slash", 200, "GET/proxy-value//double-slash", "/{proxy+}", "/proxy-value//double-slash", "proxy-value//double-slash"},
		{"L-9 a trailing slash stays in path, not in {proxy}", "GET", "/proxy-value/", 200, "GET/proxy-value/", "/{proxy+}", "/proxy-value/", "proxy-value"},
		{"P-1 L-1 decoded in the ARN, as sent in the event", "GET", "/a%20b", 200, "GET/a b", "/{proxy+}", "/a%20b", "a%20b"},
		{"P-3 the Deny covers its path", "POST", "/admin", 403, "POST/admin", "", "", ""},
		{"L-9 P-3 //admin is /admin: the Deny covers it", "POST", "//admin", 403, "POST/admin", "", "", ""},
		{"P-1 as on AWS, a Deny of POST/admin does not cover POST/admin/", "POST", "/admin/", 200, "POST/admin/", "/admin", "/admin/", ""},
		{"P-1 nor an escaped spelling with a slash", "POST", "/%61dmin/", 200, "POST/admin/", "/admin", "/%61dmin/", ""},
		{"an inner // reaches no literal resource: the greedy one, with the ARN of what it forwards", "POST", "/x//admin", 200, "POST/x//admin", "/{proxy+}", "/x//admin", "x//admin"},
	}
	tpl := testAPI([]*api.Route{
		lambdaRoute("GET", "/", "A", "Echo"), lambdaRoute("POST", "/admin", "A", "Echo"),
		lambdaRoute("GET", "/pets", "A", "Echo"), lambdaRoute("ANY", "/{proxy+}", "A", "Echo"),
	}, tokenAuth("A", "Auth", 0))
	checkPaths(t, tpl, cases, nil)
}

// TestStagePathSlashes: L-9's recorded table, with --stage-prefix: the
// slashes right after the stage collapse.
func TestStagePathSlashes(t *testing.T) {
	t.Parallel()
	cases := []pathCase{
		{"L-9 /stage/proxy-value/", "GET", "/prod/proxy-value/", 200, "GET/proxy-value/", "/{proxy+}", "/proxy-value/", "proxy-value"},
		{"L-9 /stage/proxy-value//double-slash", "GET", "/prod/proxy-value//double-slash", 200, "GET/proxy-value//double-slash", "/{proxy+}", "/proxy-value//double-slash", "proxy-value//double-slash"},
		{"L-9 /stage//proxy-value", "GET", "/prod//proxy-value", 200, "GET/proxy-value", "/{proxy+}", "/proxy-value", "proxy-value"},
		{"L-9 PIPE-4 /stage//hardcoded reaches /hardcoded", "GET", "/prod//hardcoded", 200, "GET/hardcoded", "/hardcoded", "/hardcoded", ""},
		{"P-1 the stage root", "GET", "/prod", 403, "", "", "", ""},
	}
	tpl := testAPI([]*api.Route{lambdaRoute("GET", "/hardcoded", "A", "Echo"), lambdaRoute("ANY", "/{proxy+}", "A", "Echo")}, tokenAuth("A", "Auth", 0))
	checkPaths(t, tpl, cases, func(c *Config) { c.StagePrefix = true })
}

func checkPaths(t *testing.T, tpl *api.Template, cases []pathCase, opt func(*Config)) {
	t.Helper()
	auth, echo := arnRecorder(), echoFunc()
	var opts []func(*Config)
	if opt != nil {
		opts = append(opts, opt)
	}
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echo}, opts...)
	for _, c := range cases { // sequential: the recorders keep the last call
		calls := auth.calls.Load()
		r := s.do(t, c.method, c.path, "Authorization", "tok")
		if r.status != c.want {
			t.Errorf("%s: %s %s: got %d %s; want %d", c.name, c.method, c.path, r.status, r.body, c.want)
			continue
		}
		checkARN(t, c, auth, calls)
		if c.resource != "" {
			checkEvent(t, c, echo.lastPayload())
		}
	}
}

func checkARN(t *testing.T, c pathCase, auth *countingFunc, callsBefore int64) {
	t.Helper()
	if c.arn == "" {
		if auth.calls.Load() != callsBefore {
			t.Errorf("%s: the authorizer ran", c.name)
		}
		return
	}
	var ev events.APIGatewayCustomAuthorizerRequest
	if err := json.Unmarshal(auth.lastPayload(), &ev); err != nil {
		t.Fatal(err)
	}
	if _, got, _ := strings.Cut(ev.MethodArn, "/prod/"); got != c.arn {
		t.Errorf("%s: method ARN %q; want .../prod/%s", c.name, ev.MethodArn, c.arn)
	}
}

func checkEvent(t *testing.T, c pathCase, payload []byte) {
	t.Helper()
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal(payload, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Resource != c.resource || ev.Path != c.evPath || ev.PathParameters["proxy"] != c.proxy {
		t.Errorf("%s: event resource %q path %q proxy %q; want %q %q %q", c.name, ev.Resource, ev.Path, ev.PathParameters["proxy"], c.resource, c.evPath, c.proxy)
	}
}

// TestDotSegmentsRefusedBeforeRouting: BAD-3 (DESIGN; AWS UNCONFIRMED): a
// "." or ".." segment, however spelled, is a 400 Bad Request before
// routing, so neither an authorizer nor a function runs, and it is a 4XX
// that inherits DEFAULT_4XX's customisation.
func TestDotSegmentsRefusedBeforeRouting(t *testing.T) {
	t.Parallel()
	auth, echo := arnRecorder(), echoFunc()
	tpl := testAPI([]*api.Route{lambdaRoute("GET", "/files/{proxy+}", "A", "Echo"), lambdaRoute("GET", "/public/{proxy+}", "", "Echo")}, tokenAuth("A", "Auth", 0))
	tpl.APIs[0].GatewayResponses = map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault4XX: {Headers: map[string]string{"X-Custom": "'4xx'"}}}
	fns := map[string]*countingFunc{"Auth": auth, "Echo": echo}
	plain := serveTemplate(t, tpl, fns)
	staged := serveTemplate(t, tpl, fns, func(c *Config) { c.StagePrefix = true })
	for _, tt := range []struct {
		s    *served
		path string
	}{
		{plain, "/files/public/../private/secret"}, {plain, "/files/public/%2e%2e/private/secret"},
		{plain, "/files/public/x/../../private/secret"}, {plain, "/public/../files/private/secret"},
		{plain, "/public/%2E%2E/files/private/secret"}, {plain, "/public/.%2e/files/x"}, {plain, "/public/./x"},
		{plain, "/public/a%2F..%2Fb"}, {plain, "/public/x/.."}, {staged, "/prod/../prod/files/x"}, {staged, "/../prod/files/x"}, {staged, "/prod/public/%2e/x"},
	} {
		r := tt.s.do(t, "GET", tt.path, "Authorization", "tok")
		if r.status != 400 || r.body != `{"message":"Bad Request"}` || r.header.Get(HeaderErrorType) != "BadRequestException" || r.header.Get("X-Custom") != "4xx" {
			t.Errorf("BAD-3 GET %s: got %d %s %v; want 400 Bad Request, BadRequestException, X-Custom", tt.path, r.status, r.body, r.header)
		}
	}
	if a, e := auth.calls.Load(), echo.calls.Load(); a != 0 || e != 0 {
		t.Fatalf("BAD-3: the authorizer ran %d times and the function %d; want neither", a, e)
	}
	if r := plain.do(t, "GET", "/public/a..b/.well-known"); r.status != 200 {
		t.Fatalf("dots inside a segment: got %d %s; want 200", r.status, r.body)
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
