package authorizer

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// httpConfig is an HTTP API Lambda authorizer on header x-user and query
// string qs (V-5), simple responses when simple.
func httpConfig(version string, simple bool, ttl int) *api.Authorizer {
	return &api.Authorizer{Name: "HttpAuth", Type: api.AuthorizerRequest, Function: "AuthFn", TTLSeconds: ttl,
		PayloadVersion: version, SimpleResponses: simple,
		IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "x-user"}, {Kind: api.SourceQueryString, Name: "qs"}}}
}

// httpRequest is a request of an HTTP API on stage $default on route
// routeKey, from user with query qs ("" leaves either out).
func httpRequest(method, path, routeKey, user, qs string) *request.Request {
	r := &request.Request{
		Method: method, Path: path, Stage: api.DefaultStage, APIID: apiID, AccountID: account, Region: region,
		Resource: strings.TrimPrefix(routeKey, method+" "), ResourceID: routeKey, RequestID: "JKJaXmPLvHcESHA=", SourceIP: "127.0.0.1",
		Host: "abc123.execute-api.us-east-1.amazonaws.com", Protocol: "HTTP/1.1",
	}
	if user != "" {
		r.Headers = []request.Field{{Name: "X-User", Value: user}, {Name: "user-agent", Value: "python-user"}}
	}
	if qs != "" {
		r.RawQuery, r.Query = "qs="+qs, []request.Field{{Name: "qs", Value: qs}}
	}
	return r
}

// simpleBy answers isAuthorized: true exactly for user "allow", with a
// context holding an array and a map (V-4).
func simpleBy() *countingInvoker {
	return invoker(func(_ context.Context, payload []byte) ([]byte, error) {
		var ev struct{ Headers map[string]string }
		_ = json.Unmarshal(payload, &ev)
		ok := ev.Headers["x-user"] == "allow"
		return json.Marshal(map[string]any{"isAuthorized": ok, "context": map[string]any{"user": ev.Headers["x-user"], "arr": []int{1, 2}, "n": 7}})
	})
}

// TestHTTPAuthorizerCache pins the v2 cache (V-6): keyed by every identity
// value and shared by all routes; a simple response's verdict is reused
// as is, an IAM policy is evaluated again against each route ARN.
func TestHTTPAuthorizerCache(t *testing.T) {
	t.Parallel()
	type step struct {
		req       *request.Request
		wantErr   error // nil: allowed
		wantCalls int64
	}
	pets := func(user, qs string) *request.Request { return httpRequest("GET", "/pets", "GET /pets", user, qs) }
	admin := func(user, qs string) *request.Request {
		return httpRequest("DELETE", "/admin", "ANY /{proxy+}", user, qs)
	}
	tests := []struct {
		name  string
		cfg   *api.Authorizer
		inv   *countingInvoker
		steps []step
	}{
		{"V-6 simple allow cached: one call serves every route", httpConfig(api.PayloadV2, true, 300), simpleBy(),
			[]step{{pets("allow", "a"), nil, 1}, {admin("allow", "a"), nil, 1}}},
		{"V-6 V-7 simple deny cached: 403 on every route without a call", httpConfig(api.PayloadV2, true, 300), simpleBy(),
			[]step{{pets("deny", "a"), ErrAccessDenied, 1}, {admin("deny", "a"), ErrAccessDenied, 1}}},
		{"V-6 the key is every identity value: a new query value is a miss", httpConfig(api.PayloadV2, true, 300), simpleBy(),
			[]step{{pets("allow", "a"), nil, 1}, {pets("allow", "b"), nil, 2}, {pets("allow", "a"), nil, 2}}},
		{"V-6 TTL 0: a call on every request", httpConfig(api.PayloadV2, true, 0), simpleBy(),
			[]step{{pets("allow", "a"), nil, 1}, {pets("allow", "a"), nil, 2}}},
		{"V-5 a missing header is 401 without a call", httpConfig(api.PayloadV2, true, 300), simpleBy(),
			[]step{{pets("", "a"), ErrUnauthorized, 0}}},
		{"V-5 a missing query string is 401 without a call", httpConfig(api.PayloadV1, false, 300), simpleBy(),
			[]step{{pets("allow", ""), ErrUnauthorized, 0}}},
		{"V-6 C-8 IAM policy cached: evaluated again against the other route's ARN", httpConfig(api.PayloadV2, false, 300),
			constant(output("u", "Allow", apiBase+"/$default/GET/pets"), nil),
			[]step{{pets("allow", "a"), nil, 1}, {admin("allow", "a"), ErrAccessDenied, 1}}},
		{"V-4 1.0 IAM deny is 403", httpConfig(api.PayloadV1, false, 0), constant(output("u", "Deny", apiBase+"/$default/GET/pets"), nil),
			[]step{{pets("allow", "a"), ErrAccessDenied, 1}}},
		{"V-4 V-7 isAuthorized a string: 500", httpConfig(api.PayloadV2, true, 0), constant(`{"isAuthorized":"true"}`, nil),
			[]step{{pets("allow", "a"), ErrConfiguration, 1}}},
		{"V-4 V-7 isAuthorized missing: 500", httpConfig(api.PayloadV2, true, 0), constant(`{"context":{}}`, nil),
			[]step{{pets("allow", "a"), ErrConfiguration, 1}}},
		{"V-7 a failing call is not cached", httpConfig(api.PayloadV2, true, 300), constant(`not json`, nil),
			[]step{{pets("allow", "a"), ErrConfiguration, 1}, {pets("allow", "a"), ErrConfiguration, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _, _ := setup(t, tt.cfg, tt.inv)
			for i, s := range tt.steps {
				_, err := authorize(t, a, s.req)
				if !errors.Is(err, s.wantErr) || (s.wantErr == nil) != (err == nil) || tt.inv.calls.Load() != s.wantCalls {
					t.Fatalf("step %d: err %v, calls %d; want %v, %d", i, err, tt.inv.calls.Load(), s.wantErr, s.wantCalls)
				}
			}
		})
	}
}

// TestHTTPAuthorizerRouteKeySource pins $context.routeKey as an identity
// source: it makes the cache per route (V-6).
func TestHTTPAuthorizerRouteKeySource(t *testing.T) {
	t.Parallel()
	cfg := httpConfig(api.PayloadV2, true, 300)
	cfg.IdentitySources = append(cfg.IdentitySources, api.IdentitySource{Kind: api.SourceContext, Name: "routeKey"})
	inv := simpleBy()
	a, _, _ := setup(t, cfg, inv)
	for _, r := range []*request.Request{
		httpRequest("GET", "/pets", "GET /pets", "allow", "a"), httpRequest("DELETE", "/x", "ANY /{proxy+}", "allow", "a"),
	} {
		if _, err := authorize(t, a, r); err != nil {
			t.Fatal(err)
		}
	}
	if n := inv.calls.Load(); n != 2 {
		t.Fatalf("calls %d; want 2 (one per route key)", n)
	}
	out := a.Authorize(context.Background(), httpRequest("GET", "/pets", "GET /pets", "", "a"), apiBase+"/$default/GET/pets")
	if s := out.Explanation.String(); !strings.Contains(s, "$request.header.x-user is missing or empty (V-5)") {
		t.Fatalf("explanation %q; want the source in HTTP API syntax (V-5)", s)
	}
	if _, err := New(&api.Authorizer{Name: "R", Type: api.AuthorizerRequest, Function: "F",
		IdentitySources: []api.IdentitySource{{Kind: api.SourceContext, Name: "routeKey"}}}, inv, nil); !errors.Is(err, ErrInvalidAuthorizer) {
		t.Fatalf("REST authorizer with $context.routeKey: %v; want ErrInvalidAuthorizer", err)
	}
}

// TestHTTPAuthorizerContext pins the context a simple response gives: the
// values as strings, arrays and maps as their JSON (V-4, V-8).
func TestHTTPAuthorizerContext(t *testing.T) {
	t.Parallel()
	a, _, _ := setup(t, httpConfig(api.PayloadV2, true, 0), simpleBy())
	out, err := authorize(t, a, httpRequest("GET", "/pets", "GET /pets", "allow", "a"))
	if err != nil {
		t.Fatal(err)
	}
	got := out.Context.Map()
	if got["user"] != "allow" || got["arr"] != "[1,2]" || got["n"] != "7" || len(got) != 3 {
		t.Fatalf("context %v; want user allow, arr [1,2], n 7", got)
	}
	if s := out.Explanation.String(); !strings.HasPrefix(s, "200 allow: isAuthorized true, verdict from this request's call") {
		t.Fatalf("explanation %q; want it to name the verdict", s)
	}
}

// TestHTTPAuthorizerEvents pins the two event shapes (V-2, V-3, V-9).
func TestHTTPAuthorizerEvents(t *testing.T) {
	t.Parallel()
	r := httpRequest("GET", "/", "ANY /", "allow", "any")
	r.StageVariables = map[string]string{"stage": "stage_value"}
	arnRoot := apiBase + "/$default/GET/"
	t.Run("V-2 payload 2.0", func(t *testing.T) {
		t.Parallel()
		b, err := HTTPEventV2(r, arnRoot, []string{"allow", "any"})
		if err != nil {
			t.Fatal(err)
		}
		var ev map[string]any
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatal(err)
		}
		for _, absent := range []string{"cookies", "pathParameters", "authorizationToken", "methodArn", "multiValueHeaders"} {
			if _, ok := ev[absent]; ok {
				t.Errorf("%s present; want it absent (V-2)", absent)
			}
		}
		h, _ := ev["headers"].(map[string]any)
		rc, _ := ev["requestContext"].(map[string]any)
		if ev["version"] != "2.0" || ev["type"] != "REQUEST" || ev["routeArn"] != arnRoot || ev["routeKey"] != "ANY /" || ev["rawPath"] != "/" ||
			ev["rawQueryString"] != "qs=any" || h["x-user"] != "allow" || h["x-forwarded-proto"] != "http" || rc["routeKey"] != "ANY /" || rc["stage"] != "$default" {
			t.Fatalf("2.0 event %s", b)
		}
		if ids, _ := ev["identitySource"].([]any); len(ids) != 2 {
			t.Fatalf("identitySource %v; want the two values as an array", ev["identitySource"])
		}
		if _, ok := rc["authorizer"]; ok {
			t.Fatal("requestContext.authorizer present; want none (V-2)")
		}
	})
	t.Run("V-3 payload 1.0", func(t *testing.T) {
		t.Parallel()
		r := httpRequest("GET", "/test", "GET /test", "allow", "")
		b, err := HTTPEventV1(r, apiBase+"/$default/GET/test", []string{"allow"})
		if err != nil {
			t.Fatal(err)
		}
		var ev map[string]any
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatal(err)
		}
		rc, _ := ev["requestContext"].(map[string]any)
		id, _ := rc["identity"].(map[string]any)
		h, _ := ev["headers"].(map[string]any)
		if ev["version"] != "1.0" || ev["methodArn"] != apiBase+"/$default/GET/test" || ev["identitySource"] != "allow" || ev["authorizationToken"] != "allow" ||
			ev["resource"] != "/test" || rc["resourceId"] != "GET /test" || rc["requestId"] != rc["extendedRequestId"] || h["User-Agent"] != "python-user" {
			t.Fatalf("1.0 event %s", b)
		}
		for _, empty := range []string{"queryStringParameters", "pathParameters", "stageVariables"} {
			if m, ok := ev[empty].(map[string]any); !ok || len(m) != 0 {
				t.Errorf("%s = %v; want {} (V-3)", empty, ev[empty])
			}
		}
		if _, ok := ev["multiValueHeaders"]; ok {
			t.Error("multiValueHeaders present; want none (V-3)")
		}
		if v, ok := id["cognitoAmr"]; !ok || v != nil || id["sourceIp"] != "127.0.0.1" {
			t.Errorf("identity %v; want cognitoAmr null, sourceIp set (V-3)", id)
		}
	})
}

// FuzzHTTPOutput feeds any bytes to the two HTTP API output parsers: each
// returns a Result or an ErrConfiguration, a simple response allows only
// when isAuthorized is the JSON true, and an authorizer never allows on a
// parse error (fail closed, V-4, V-7).
func FuzzHTTPOutput(f *testing.F) {
	for _, s := range []string{
		`{"isAuthorized":true}`, `{"isAuthorized":false,"context":{"a":[1],"m":{"k":"v"}}}`, `{"isAuthorized":"true"}`,
		`{"isAuthorized":null}`, `null`, `[]`, output("u", "Allow", "*"), `{"context":{"x":null}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		simple, serr := ParseSimpleOutput(b)
		if serr != nil && !errors.Is(serr, ErrConfiguration) {
			t.Fatalf("ParseSimpleOutput(%q): %v; want ErrConfiguration", b, serr)
		}
		if _, err := ParseHTTPPolicyOutput(b); err != nil && !errors.Is(err, ErrConfiguration) {
			t.Fatalf("ParseHTTPPolicyOutput(%q): %v; want ErrConfiguration", b, err)
		}
		a, err := New(httpConfig(api.PayloadV2, true, 0), constant(string(b), nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		req := httpRequest("GET", "/pets", "GET /pets", "allow", "a")
		out := a.Authorize(context.Background(), req, apiBase+"/$default/GET/pets")
		if out.Allow && (serr != nil || !simple.Authorized) {
			t.Fatalf("output %q allowed; parse error %v", b, serr)
		}
	})
}
