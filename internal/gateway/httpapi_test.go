package gateway

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/request"
	"github.com/apigw/apigw/internal/router"
)

// httpAPITemplate is an HTTP API on stage with the given routes; each
// route's key is set as the loader sets it.
func httpAPITemplate(stage string, routes ...*api.Route) *api.Template {
	for _, r := range routes {
		if r.Key == "" {
			r.Key = r.Method + " " + r.Path
		}
	}
	a := &api.API{LogicalID: "HttpApi", Kind: api.KindHTTP, ID: api.IDFor("HttpApi"), Stage: stage, Routes: routes, Authorizers: map[string]*api.Authorizer{}}
	return &api.Template{File: "test.yaml", APIs: []*api.API{a}}
}

func httpRoute(method, path, fn, payload string) *api.Route {
	return &api.Route{Method: method, Path: path,
		Integration: api.Integration{Type: api.IntegrationLambdaProxy, Function: fn, PayloadVersion: payload, TimeoutMs: 30000}}
}

func defaultRoute(fn string) *api.Route {
	r := httpRoute(api.MethodAny, "/{proxy+}", fn, api.PayloadV2)
	r.Key = api.RouteKeyDefault
	return r
}

// echoV2 answers with the event as a JSON string body (a bare string is
// a 200 application/json response, V-10).
func echoV2() *countingFunc {
	return &countingFunc{fn: func(payload []byte) ([]byte, error) { return json.Marshal(string(payload)) }}
}

// v2Event is what the tests read of an echoed event, 1.0 or 2.0.
type v2Event struct {
	Version        string            `json:"version"`
	RouteKey       *string           `json:"routeKey"`
	RawPath        string            `json:"rawPath"`
	Resource       string            `json:"resource"`
	PathParameters map[string]string `json:"pathParameters"`
	Cookies        []string          `json:"cookies"`
	RequestContext struct {
		RequestID  string `json:"requestId"`
		RouteKey   string `json:"routeKey"`
		ResourceID string `json:"resourceId"`
		Stage      string `json:"stage"`
		HTTP       struct {
			Method, Path string
		} `json:"http"`
	} `json:"requestContext"`
}

// TestHTTPAPIRouting pins how an HTTP API routes and what its Lambda
// integration's event says of the route (V-10, V-11).
func TestHTTPAPIRouting(t *testing.T) {
	t.Parallel()
	fns := map[string]*countingFunc{"echo": echoV2(), "v1": echoFunc()}
	s := serveTemplate(t, httpAPITemplate(api.DefaultStage,
		httpRoute("GET", "/pets/{id}", "echo", api.PayloadV2),
		httpRoute(api.MethodAny, "/items", "v1", api.PayloadV1),
		defaultRoute("echo"),
	), fns)
	tests := []struct {
		name, method, path, fn string
		wantKey, wantPath      string
		wantParams             map[string]string
	}{
		{"V-11 explicit route", "GET", "/pets/7", "echo", "GET /pets/{id}", "/pets/7", map[string]string{"id": "7"}},
		{"V-11 // collapsed before routing", "GET", "//pets//7", "echo", "GET /pets/{id}", "/pets/7", map[string]string{"id": "7"}},
		{"V-11 other verb falls to $default", "POST", "/pets/7", "echo", "$default", "/pets/7", nil},
		{"V-11 root falls to $default", "GET", "/", "echo", "$default", "/", nil},
		{"V-11 unknown path falls to $default", "DELETE", "/a/b/c", "echo", "$default", "/a/b/c", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, tt.method, tt.path)
			if r.status != 200 {
				t.Fatalf("status %d body %s; want 200", r.status, r.body)
			}
			var ev v2Event
			if err := json.Unmarshal([]byte(r.body), &ev); err != nil {
				t.Fatalf("body is not the event: %v\n%s", err, r.body)
			}
			rc := ev.RequestContext
			if ev.Version != "2.0" || *ev.RouteKey != tt.wantKey || rc.RouteKey != tt.wantKey || ev.RawPath != tt.wantPath || rc.HTTP.Path != tt.wantPath || rc.HTTP.Method != tt.method {
				t.Fatalf("event: %+v; want version 2.0, routeKey %q, rawPath %q, method %s", ev, tt.wantKey, tt.wantPath, tt.method)
			}
			if len(ev.PathParameters) != len(tt.wantParams) || ev.PathParameters["id"] != tt.wantParams["id"] {
				t.Fatalf("pathParameters %v; want %v", ev.PathParameters, tt.wantParams)
			}
			if rc.Stage != "$default" || r.header.Get(HeaderHTTPAPIRequestID) != rc.RequestID || r.header.Get(HeaderRequestID) != "" {
				t.Fatalf("stage %q, apigw-requestid %q, requestId %q, x-amzn-RequestId %q; want $default, the event's id, no REST id",
					rc.Stage, r.header.Get(HeaderHTTPAPIRequestID), rc.RequestID, r.header.Get(HeaderRequestID))
			}
		})
	}
	t.Run("V-3 V-11 payload 1.0 event: route key as resourceId", func(t *testing.T) {
		r := s.do(t, "PUT", "/items")
		var ev v2Event
		if err := json.Unmarshal([]byte(r.body), &ev); err != nil || r.status != 200 {
			t.Fatalf("status %d body %s", r.status, r.body)
		}
		if ev.RouteKey != nil || ev.Resource != "/items" || ev.RequestContext.ResourceID != "ANY /items" || ev.RequestContext.RequestID != r.header.Get(HeaderHTTPAPIRequestID) {
			t.Fatalf("1.0 event %+v; want resource /items, resourceId \"ANY /items\", no routeKey, the header's request id", ev)
		}
	})
}

// TestHTTPAPIErrors pins an HTTP API's error responses: {"message":...}
// with the status text, application/json, apigw-requestid and neither
// x-amzn-ErrorType nor x-amzn-RequestId (V-7).
func TestHTTPAPIErrors(t *testing.T) {
	t.Parallel()
	fails := &countingFunc{fn: func([]byte) ([]byte, error) {
		return nil, &event.FunctionError{Type: "Error", Message: "boom"}
	}}
	malformed := &countingFunc{fn: func([]byte) ([]byte, error) { return []byte(`{"statusCode":"x"}`), nil }}
	fns := map[string]*countingFunc{"echo": echoV2(), "fails": fails, "malformed": malformed}
	s := serveTemplate(t, httpAPITemplate("v1",
		httpRoute("GET", "/pets", "echo", api.PayloadV2),
		httpRoute("GET", "/fails", "fails", api.PayloadV2),
		httpRoute("GET", "/malformed", "malformed", api.PayloadV1),
	), fns, func(c *Config) { c.StagePrefix = true })
	tests := []struct {
		name, path string
		status     int
		body       string
	}{
		{"V-7 no route: 404 Not Found", "/v1/cats", 404, `{"message":"Not Found"}`},
		{"V-7 no route for the verb: 404 Not Found", "/v1/pets/7", 404, `{"message":"Not Found"}`},
		{"V-11 a named stage needs its prefix under --stage-prefix", "/pets", 404, `{"message":"Not Found"}`},
		{"V-7 function error: 500 Internal Server Error", "/v1/fails", 500, `{"message":"Internal Server Error"}`},
		{"V-7 malformed 1.0 response: 500 Internal Server Error", "/v1/malformed", 500, `{"message":"Internal Server Error"}`},
		{"BAD-3 dot segment: 400 Bad Request", "/v1/a/%2e%2e/b", 400, `{"message":"Bad Request"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, "GET", tt.path)
			if r.status != tt.status || r.body != tt.body {
				t.Fatalf("got %d %s; want %d %s", r.status, r.body, tt.status, tt.body)
			}
			h := r.header
			if h.Get(HeaderContentType) != ContentTypeJSON || h.Get(HeaderHTTPAPIRequestID) == "" || h.Get(HeaderErrorType) != "" || h.Get(HeaderRequestID) != "" || h.Get(HeaderAPIGWID) != "" {
				t.Fatalf("headers %v; want Content-Type application/json, apigw-requestid, no x-amzn-ErrorType/x-amzn-RequestId/x-amz-apigw-id", h)
			}
		})
	}
	t.Run("V-2 named stage: rawPath keeps the stage segment, stage named", func(t *testing.T) {
		r := s.do(t, "GET", "/v1/pets")
		var ev v2Event
		if err := json.Unmarshal([]byte(r.body), &ev); err != nil || r.status != 200 {
			t.Fatalf("status %d body %s", r.status, r.body)
		}
		if ev.RawPath != "/v1/pets" || ev.RequestContext.Stage != "v1" {
			t.Fatalf("rawPath %q stage %q; want /v1/pets, v1", ev.RawPath, ev.RequestContext.Stage)
		}
	})
}

// TestHTTPAPIResponseV2 pins the 2.0 response rules through the gateway:
// a bare value is a 200 application/json body, cookies become Set-Cookie
// headers, a base64 body is decoded (V-10, DG-HTTP-LAMBDA).
func TestHTTPAPIResponseV2(t *testing.T) {
	t.Parallel()
	returning := func(out string) *countingFunc {
		return &countingFunc{fn: func([]byte) ([]byte, error) { return []byte(out), nil }}
	}
	fns := map[string]*countingFunc{
		"str":     returning(`"hello"`),
		"obj":     returning(`{"a":1}`),
		"cookies": returning(`{"statusCode":201,"cookies":["a=1","b=2; Path=/"],"body":"aGk=","isBase64Encoded":true}`),
	}
	s := serveTemplate(t, httpAPITemplate(api.DefaultStage,
		httpRoute("GET", "/str", "str", api.PayloadV2),
		httpRoute("GET", "/obj", "obj", api.PayloadV2),
		httpRoute("GET", "/cookies", "cookies", api.PayloadV2),
	), fns)
	tests := []struct {
		name, path, body, contentType string
		status                        int
		cookies                       []string
	}{
		{"string result is the body", "/str", "hello", "application/json", 200, nil},
		{"object without statusCode is the JSON body", "/obj", `{"a":1}`, "application/json", 200, nil},
		{"cookies and base64 body", "/cookies", "hi", "", 201, []string{"a=1", "b=2; Path=/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, "GET", tt.path)
			if r.status != tt.status || r.body != tt.body || (tt.contentType != "" && r.header.Get("Content-Type") != tt.contentType) {
				t.Fatalf("got %d %q %v; want %d %q Content-Type %q", r.status, r.body, r.header, tt.status, tt.body, tt.contentType)
			}
			if got := r.header.Values("Set-Cookie"); len(got) != len(tt.cookies) || (len(got) > 0 && (got[0] != tt.cookies[0] || got[1] != tt.cookies[1])) {
				t.Fatalf("Set-Cookie %v; want %v", got, tt.cookies)
			}
		})
	}
}

// TestHTTPAPILambdaAuthorizer pins an HTTP API Lambda authorizer through
// the gateway: 401 without a call when an identity source is missing
// (V-5), 403 {"message":"Forbidden"} for isAuthorized false (V-7), 500
// for an invalid response (V-7), the context under
// requestContext.authorizer.lambda (V-8), and one cached verdict for
// every route (V-6).
func TestHTTPAPILambdaAuthorizer(t *testing.T) {
	t.Parallel()
	auth := &countingFunc{fn: func(payload []byte) ([]byte, error) {
		var ev struct {
			Headers  map[string]string
			RouteArn string
		}
		_ = json.Unmarshal(payload, &ev)
		if ev.Headers["x-user"] == "broken" {
			return []byte(`{"isAuthorized":"yes"}`), nil
		}
		return json.Marshal(map[string]any{"isAuthorized": ev.Headers["x-user"] == "allow", "context": map[string]string{"arn": ev.RouteArn}})
	}}
	echo := echoV2()
	tpl := httpAPITemplate(api.DefaultStage, httpRoute("GET", "/pets", "echo", api.PayloadV2), defaultRoute("echo"))
	for _, r := range tpl.APIs[0].Routes {
		r.Authorizer = "L"
	}
	tpl.APIs[0].Authorizers["L"] = &api.Authorizer{Name: "L", Type: api.AuthorizerRequest, Function: "auth", TTLSeconds: 300,
		PayloadVersion: api.PayloadV2, SimpleResponses: true, IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "X-User"}}}
	s := serveTemplate(t, tpl, map[string]*countingFunc{"auth": auth, "echo": echo})
	tests := []struct {
		name, method, path, user string
		status                   int
		body                     string // "" : the echoed event
		authCalls, echoCalls     int64  // cumulative
	}{
		{"V-5 missing identity: 401 without a call", "GET", "/pets", "", 401, `{"message":"Unauthorized"}`, 0, 0},
		{"V-7 isAuthorized false: 403 Forbidden", "GET", "/pets", "deny", 403, `{"message":"Forbidden"}`, 1, 0},
		{"V-6 the cached deny answers another route", "POST", "/other", "deny", 403, `{"message":"Forbidden"}`, 1, 0},
		{"V-8 allowed: the function runs", "GET", "/pets", "allow", 200, "", 2, 1},
		{"V-6 the cached allow answers another route", "DELETE", "/x/y", "allow", 200, "", 2, 2},
		{"V-7 an invalid response: 500", "GET", "/pets", "broken", 500, `{"message":"Internal Server Error"}`, 3, 2},
	}
	for _, tt := range tests {
		r := s.do(t, tt.method, tt.path, "X-User", tt.user)
		if tt.user == "" {
			r = s.do(t, tt.method, tt.path)
		}
		if r.status != tt.status || (tt.body != "" && r.body != tt.body) || auth.calls.Load() != tt.authCalls || echo.calls.Load() != tt.echoCalls {
			t.Fatalf("%s: got %d %s, %d authorizer and %d function calls; want %d %s, %d, %d",
				tt.name, r.status, r.body, auth.calls.Load(), echo.calls.Load(), tt.status, tt.body, tt.authCalls, tt.echoCalls)
		}
		if tt.body != "" {
			continue
		}
		var ev struct {
			RequestContext struct {
				Authorizer map[string]map[string]string `json:"authorizer"`
			} `json:"requestContext"`
		}
		if err := json.Unmarshal([]byte(r.body), &ev); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		// V-6: the verdict was cached with the context of the first call (GET /pets).
		if got := ev.RequestContext.Authorizer["lambda"]["arn"]; !strings.HasSuffix(got, "/$default/GET/pets") {
			t.Fatalf("%s: authorizer.lambda.arn %q; want the route ARN of the call that was cached (V-8, V-9)", tt.name, got)
		}
	}
}

// TestHTTPAPIErrorStatus pins the status (and so the body's status text)
// of each failure on an HTTP API (V-7): REST's status of the same failure
// unless HTTP APIs differ, every 5xx but 503 made 500.
func TestHTTPAPIErrorStatus(t *testing.T) {
	t.Parallel()
	deny := func(t api.ResponseType) authResult { return authResult{name: "L", Verdict: Verdict{Response: t}} }
	tests := []struct {
		name string
		err  error
		auth authResult
		want int
		body string
	}{
		{"V-7 no route", router.ErrNoRoute, authResult{}, 404, `{"message":"Not Found"}`},
		{"V-11 outside the named stage", errStage, authResult{}, 404, `{"message":"Not Found"}`},
		{"V-5 V-7 missing identity", errDenied, deny(api.ResponseUnauthorized), 401, `{"message":"Unauthorized"}`},
		{"V-7 authorizer said no", errDenied, deny(api.ResponseAccessDenied), 403, `{"message":"Forbidden"}`},
		{"V-7 authorizer failed", errDenied, deny(api.ResponseAuthorizerConfigurationError), 500, `{"message":"Internal Server Error"}`},
		{"V-7 function error", integration.ErrFunction, authResult{}, 500, `{"message":"Internal Server Error"}`},
		{"integration timeout: 503 (UNCONFIRMED)", integration.ErrTimeout, authResult{}, 503, `{"message":"Service Unavailable"}`},
		{"integration failure: 500, not REST's 504", integration.ErrFailure, authResult{}, 500, `{"message":"Internal Server Error"}`},
		{"body too large", errBodyTooLarge, authResult{}, 413, `{"message":"Request Entity Too Large"}`},
		{"throttled", errThrottled, authResult{}, 429, `{"message":"Too Many Requests"}`},
	}
	g := &Gateway{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			x := &exchange{req: &request.Request{}, st: &apiState{api: &api.API{Kind: api.KindHTTP}}, auth: tt.auth}
			resp := g.errorResponse(x, tt.err)
			if resp.StatusCode != tt.want || string(resp.Body) != tt.body {
				t.Fatalf("got %d %s; want %d %s", resp.StatusCode, resp.Body, tt.want, tt.body)
			}
		})
	}
}

// TestHTTPAPIRouteARN pins the ARN an HTTP API authorizer is asked about
// (V-9): the actual method and path, "//" collapsed, the root's trailing
// "/", the stage literally $default.
func TestHTTPAPIRouteARN(t *testing.T) {
	t.Parallel()
	auth := &countingFunc{fn: func(payload []byte) ([]byte, error) {
		var ev struct{ RouteArn string }
		_ = json.Unmarshal(payload, &ev)
		return json.Marshal(map[string]any{"isAuthorized": true, "context": map[string]string{"arn": ev.RouteArn}})
	}}
	tpl := httpAPITemplate(api.DefaultStage, httpRoute("GET", "/test", "echo", api.PayloadV2), defaultRoute("echo"))
	for _, r := range tpl.APIs[0].Routes {
		r.Authorizer = "L"
	}
	tpl.APIs[0].Authorizers["L"] = &api.Authorizer{Name: "L", Type: api.AuthorizerRequest, Function: "auth", PayloadVersion: api.PayloadV2, SimpleResponses: true}
	s := serveTemplate(t, tpl, map[string]*countingFunc{"auth": auth, "echo": echoV2()})
	base := "arn:aws:execute-api:us-east-1:123456789012:" + api.IDFor("HttpApi") + "/$default/"
	tests := []struct{ name, method, path, want string }{
		{"V-9 route GET /test", "GET", "/test", base + "GET/test"},
		{"V-9 V-11 //test arrives as /test", "GET", "//test", base + "GET/test"},
		{"V-9 root keeps its slash, actual method on $default", "PUT", "/?qs=any", base + "PUT/"},
		{"V-9 $default route: actual path", "POST", "/a/b", base + "POST/a/b"},
	}
	for _, tt := range tests {
		r := s.do(t, tt.method, tt.path)
		var ev struct {
			RequestContext struct {
				Authorizer struct{ Lambda map[string]string } `json:"authorizer"`
			} `json:"requestContext"`
		}
		if err := json.Unmarshal([]byte(r.body), &ev); err != nil || r.status != 200 {
			t.Fatalf("%s: %d %s", tt.name, r.status, r.body)
		}
		if got := ev.RequestContext.Authorizer.Lambda["arn"]; got != tt.want {
			t.Fatalf("%s: routeArn %q; want %q", tt.name, got, tt.want)
		}
	}
}
