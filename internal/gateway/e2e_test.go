package gateway

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/aws/aws-lambda-go/events"
)

const (
	bodyImplicitDeny = `{"Message":"User is not authorized to access this resource"}`
	bodyExplicitDeny = `{"Message":"User is not authorized to access this resource with an explicit deny"}`
	bodyUnauthorized = `{"message":"Unauthorized"}`
	bodyNull         = `{"message":null}`
	bodyMissingToken = `{"message":"Missing Authentication Token"}`
)

// step is one request of a scenario and what it must produce.
type step struct {
	method, path, token string
	wantStatus          int
	wantBody            string // "" skips the body check
	wantErrorType       string
	wantCalls           int64 // authorizer invocations so far
}

func runSteps(t *testing.T, s *served, auth *countingFunc, steps []step) {
	t.Helper()
	for i, st := range steps {
		var hdr []string
		if st.token != "" {
			hdr = []string{"Authorization", st.token}
		}
		r := s.do(t, st.method, st.path, hdr...)
		if r.status != st.wantStatus || (st.wantBody != "" && r.body != st.wantBody) {
			t.Fatalf("step %d %s %s: got %d %s; want %d %s", i, st.method, st.path, r.status, r.body, st.wantStatus, st.wantBody)
		}
		if got := r.header.Get(HeaderErrorType); got != st.wantErrorType {
			t.Fatalf("step %d: got x-amzn-ErrorType %q; want %q", i, got, st.wantErrorType)
		}
		if r.header.Get(HeaderRequestID) == "" || r.header.Get(HeaderAPIGWID) == "" || r.header.Get("Date") == "" || r.header.Get("Content-Length") == "" {
			t.Fatalf("step %d: got headers %v; want x-amzn-RequestId, x-amz-apigw-id, Date and Content-Length (G-6)", i, r.header)
		}
		if got := auth.calls.Load(); got != st.wantCalls {
			t.Fatalf("step %d %s %s: got %d authorizer invocations; want %d", i, st.method, st.path, got, st.wantCalls)
		}
	}
}

func TestTokenAuthorizerScenarios(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		wildcard bool
		ttl      int
		steps    []step
	}{
		{"C-8 seed pitfall: exact-ARN policy cached, other path 403 without a new call", false, 300, []step{
			{"GET", "/pets", "allow", 200, "", "", 1},
			{"GET", "/users", "allow", 403, bodyImplicitDeny, "AccessDeniedException", 1},
			{"POST", "/pets", "allow", 403, bodyImplicitDeny, "AccessDeniedException", 1},
			{"GET", "/pets/", "allow", 403, bodyImplicitDeny, "AccessDeniedException", 1}, // C-8 step 4, P-1
			{"GET", "/pets", "allow", 200, "", "", 1},
		}},
		{"C-8 fix: wildcard policy serves every path from one call", true, 300, []step{
			{"GET", "/pets", "allow", 200, "", "", 1},
			{"GET", "/users", "allow", 200, "", "", 1},
		}},
		{"C-1 TTL 0 invokes every time", false, 0, []step{
			{"GET", "/pets", "allow", 200, "", "", 1},
			{"GET", "/users", "allow", 200, "", "", 2},
		}},
		{"O-9 explicit deny, C-3 cached", true, 300, []step{
			{"GET", "/pets", "deny", 403, bodyExplicitDeny, "AccessDeniedException", 1},
			{"GET", "/users", "deny", 403, bodyExplicitDeny, "AccessDeniedException", 1},
		}},
		{"O-7 Unauthorized gives 401, C-4 not cached", true, 300, []step{
			{"GET", "/pets", "unauthorized", 401, bodyUnauthorized, "UnauthorizedException", 1},
			{"GET", "/pets", "unauthorized", 401, bodyUnauthorized, "UnauthorizedException", 2},
		}},
		{"O-8 any other error gives 500 null, C-4 not cached", true, 300, []step{
			{"GET", "/pets", "bogus", 500, bodyNull, "AuthorizerConfigurationException", 1},
			{"GET", "/pets", "bogus", 500, bodyNull, "AuthorizerConfigurationException", 2},
		}},
		{"T-3 missing token gives 401 without invoking", true, 300, []step{
			{"GET", "/pets", "", 401, bodyUnauthorized, "UnauthorizedException", 0},
		}},
		{"PIPE-2 routing miss before any authorizer", true, 300, []step{
			{"GET", "/", "allow", 403, bodyMissingToken, "MissingAuthenticationTokenException", 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			auth := seedTokenAuthorizer(tt.wildcard)
			tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "TokenAuth", "Echo")}, tokenAuth("TokenAuth", "Auth", tt.ttl))
			s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echoFunc()})
			runSteps(t, s, auth, tt.steps)
		})
	}
}

func TestValidationExpression(t *testing.T) {
	t.Parallel()
	auth := seedTokenAuthorizer(true)
	az := tokenAuth("TokenAuth", "Auth", 300)
	az.ValidationExpression = "^allow|deny$"
	tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "TokenAuth", "Echo")}, az)
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echoFunc()})
	runSteps(t, s, auth, []step{
		{"GET", "/pets", "Bearer xyz", 401, bodyUnauthorized, "UnauthorizedException", 0}, // T-4
		{"GET", "/pets", "allow", 200, "", "", 1},
	})
}

// seedRequestAuthorizer is the seed article's REQUEST authorizer, in Go.
func seedRequestAuthorizer() *countingFunc {
	return &countingFunc{fn: func(payload []byte) ([]byte, error) {
		var in events.APIGatewayCustomAuthorizerRequestTypeRequest
		if err := json.Unmarshal(payload, &in); err != nil {
			return nil, err
		}
		if in.Headers["headerauth1"] == "headerValue1" && in.QueryStringParameters["QueryString1"] == "queryValue1" &&
			in.StageVariables["StageVar1"] == "stageValue1" {
			return policyJSON("Allow", strings.SplitN(in.MethodArn, "/", 2)[0]+"/*/*"), nil
		}
		return nil, errUnauthorizedFn
	}}
}

func TestRequestAuthorizerSeedExample(t *testing.T) {
	t.Parallel()
	auth := seedRequestAuthorizer()
	az := &api.Authorizer{Name: "ReqAuth", Type: api.AuthorizerRequest, Function: "Auth", TTLSeconds: 300,
		IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "headerauth1"}, {Kind: api.SourceQueryString, Name: "QueryString1"}, {Kind: api.SourceStageVariable, Name: "StageVar1"}}}
	tpl := testAPI([]*api.Route{lambdaRoute("GET", "/request", "ReqAuth", "Echo")}, az)
	echo := echoFunc()
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echo})
	tests := []struct {
		name       string
		path       string
		headers    []string
		wantStatus int
		wantCalls  int64
	}{
		{"R-3 missing query source: 401 without invoking", "/request", []string{"headerauth1", "headerValue1"}, 401, 0},
		{"R-3 missing header source: 401 without invoking", "/request?QueryString1=queryValue1", nil, 401, 0},
		{"R-1 raw header name reaches the function", "/request?QueryString1=queryValue1", []string{"headerauth1", "headerValue1"}, 200, 1},
		{"R-5 same identity is a cache hit", "/request?QueryString1=queryValue1", []string{"headerauth1", "headerValue1"}, 200, 1},
		{"R-5 another value is a miss; O-7 401", "/request?QueryString1=other", []string{"headerauth1", "headerValue1"}, 401, 2},
	}
	for _, tt := range tests { // sequential: they share the cache
		r := s.do(t, "GET", tt.path, tt.headers...)
		if r.status != tt.wantStatus || auth.calls.Load() != tt.wantCalls {
			t.Fatalf("%s: got %d with %d calls (%s); want %d with %d", tt.name, r.status, auth.calls.Load(), r.body, tt.wantStatus, tt.wantCalls)
		}
	}
}

func TestProxyEventReachesBackend(t *testing.T) {
	t.Parallel()
	echo := echoFunc()
	tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "TokenAuth", "Echo")}, tokenAuth("TokenAuth", "Auth", 300))
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": seedTokenAuthorizer(true), "Echo": echo})
	r := s.do(t, "GET", "/a/b%20c?x=1&x=2", "Authorization", "allow", "X-AMZ-Date", "d")
	if r.status != 200 {
		t.Fatalf("got %d %s; want 200", r.status, r.body)
	}
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal(echo.lastPayload(), &ev); err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"L-1 pathParameters.proxy without leading slash, percent-encoded as sent", ev.PathParameters["proxy"], "a/b%20c"},
		{"L-1 resource is the template", ev.Resource, "/{proxy+}"},
		{"L-1 path is the actual path, percent-encoded as sent", ev.Path, "/a/b%20c"},
		{"O-5 number context as string", ev.RequestContext.Authorizer["numberKey"].(string), "123"},
		{"O-5 boolean context as string", ev.RequestContext.Authorizer["booleanKey"].(string), "true"},
		{"O-6 principalId", ev.RequestContext.Authorizer["principalId"].(string), "user"},
		{"L-1 raw header casing", ev.Headers["X-AMZ-Date"], "d"},
		{"L-1 last query value", ev.QueryStringParameters["x"], "2"},
		{"L-1 stage variables", ev.StageVariables["StageVar1"], "stageValue1"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q; want %q", c.name, c.got, c.want)
		}
	}
}

func TestHTTPProxyAndMock(t *testing.T) {
	t.Parallel()
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Backend-Path", r.URL.Path)
		w.WriteHeader(201)
		_, _ = w.Write([]byte("from backend " + r.URL.RawQuery))
	}))
	t.Cleanup(backend.Close)
	tpl := testAPI([]*api.Route{
		{Method: "ANY", Path: "/site/{proxy+}", Integration: api.Integration{Type: api.IntegrationHTTPProxy, URI: backend.URL + "/base/{proxy}", TimeoutMs: 29000}},
		{Method: "GET", Path: "/mock", Integration: api.Integration{Type: api.IntegrationMock, Mock: &api.MockResponse{StatusCode: 202, Body: `{"ok":true}`}}},
	})
	s := serveTemplate(t, tpl, nil)
	r := s.do(t, "GET", "/site/a/b?q=1")
	if r.status != 201 || r.body != "from backend q=1" || r.header.Get("X-Backend-Path") != "/base/a/b" {
		t.Fatalf("L-4 http_proxy: got %d %q path %q; want 201 %q /base/a/b", r.status, r.body, r.header.Get("X-Backend-Path"), "from backend q=1")
	}
	if r := s.do(t, "GET", "/mock"); r.status != 202 || r.body != `{"ok":true}` {
		t.Fatalf("mock: got %d %s; want 202 {\"ok\":true}", r.status, r.body)
	}
}

func TestCustomisedGatewayResponse(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "TokenAuth", "Echo")}, tokenAuth("TokenAuth", "Auth", 300))
	tpl.APIs[0].GatewayResponses = map[api.ResponseType]*api.GatewayResponse{
		api.ResponseAccessDenied: {StatusCode: 401, Headers: map[string]string{"Access-Control-Allow-Origin": "'*'"},
			Templates: map[string]string{"application/json": `{"error":$context.error.messageString,"who":"$context.authorizer.principalId"}`}},
	}
	auth := seedTokenAuthorizer(true)
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echoFunc()})
	r := s.do(t, "GET", "/x", "Authorization", "deny")
	want := `{"error":"User is not authorized to access this resource with an explicit deny","who":"user"}`
	if r.status != 401 || r.body != want || r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("G-4/G-5: got %d %s %v; want 401 %s with the CORS header", r.status, r.body, r.header, want)
	}
}

func TestStagePrefixAndLongARN(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "TokenAuth", "Echo")}, tokenAuth("TokenAuth", "Auth", 300))
	auth := seedTokenAuthorizer(true)
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echoFunc()}, func(c *Config) { c.StagePrefix = true })
	if r := s.do(t, "GET", "/prod/pets", "Authorization", "allow"); r.status != 200 {
		t.Fatalf("stage prefix: got %d %s; want 200", r.status, r.body)
	}
	if r := s.do(t, "GET", "/pets", "Authorization", "allow"); r.status != 403 || r.body != `{"message":"Forbidden"}` || r.header.Get(HeaderErrorType) != "ForbiddenException" {
		t.Fatalf("path outside the stage: got %d %s %q; want 403 {\"message\":\"Forbidden\"} ForbiddenException", r.status, r.body, r.header.Get(HeaderErrorType))
	}
	long := "/prod/" + strings.Repeat("a", 1700)
	if r := s.do(t, "GET", long, "Authorization", "allow"); r.status != 414 {
		t.Fatalf("P-1 method ARN over 1600 bytes: got %d %s; want 414", r.status, r.body)
	}
}
