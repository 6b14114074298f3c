package e2e

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// TestRequestAuthorizer runs the seed's REQUEST authorizer (header
// headerauth1, query QueryString1, stage variable StageVar1) in Node.
func TestRequestAuthorizer(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/request/template.yaml")
	hdr := []string{"headerauth1", "headerValue1"}
	runCalls(t, s, "RequestAuthFunction", []call{
		{"R-3 missing query source: 401, not invoked", "GET", "/request", hdr, 401, bodyUnauthorized, "UnauthorizedException", 0},
		{"R-3 missing header source: 401, not invoked", "GET", "/request?QueryString1=queryValue1", nil, 401, bodyUnauthorized, "UnauthorizedException", 0},
		{"R-1 allowed with every source", "GET", "/request?QueryString1=queryValue1", hdr, 200, "", "", 1},
		{"R-5 same identity: cache hit", "GET", "/request?QueryString1=queryValue1", hdr, 200, "", "", 1},
		{"R-5 new value: miss, O-7 401", "GET", "/request?QueryString1=nope", hdr, 401, bodyUnauthorized, "UnauthorizedException", 2},
	})
}

func TestTokenAuthorizerTTLZeroAndValidation(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/request/template.yaml")
	runCalls(t, s, "TokenAuthFunction", []call{
		{"C-1 TTL 0 invokes every time (1)", "GET", "/nocache/a", auth("allow"), 200, "", "", 1},
		{"C-1 TTL 0 invokes every time (2)", "GET", "/nocache/b", auth("allow"), 200, "", "", 2},
		{"T-4 validation expression rejects without invoking", "GET", "/validated", auth("Bearer x"), 401, bodyUnauthorized, "UnauthorizedException", 2},
		{"T-4 matching token invokes", "GET", "/validated", auth("allow"), 200, "", "", 3},
	})
}

func TestProxyEventFromRealFunction(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/request/template.yaml")
	const rootOnly = "Root=1-3152b799-8954dae64eda91bc9a23a7e8"
	r := s.get(t, "GET", "/nocache/a/b%20c?x=1&x=2", "authorization", "allow", "X-AMZ-Date", "20261126",
		"x-amzn-trace-id", rootOnly, "Max-Forwards", "3")
	if r.status != 200 {
		t.Fatalf("got %d %s; want 200\nlog:\n%s", r.status, r.body, s.logText())
	}
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal([]byte(r.body), &ev); err != nil {
		t.Fatalf("backend body is not an event: %v: %s", err, r.body)
	}
	checks := []struct{ name, got, want string }{
		{"L-1 pathParameters.proxy, percent-encoded as REST APIs send it", ev.PathParameters["proxy"], "a/b%20c"},
		{"L-1 resource template", ev.Resource, "/nocache/{proxy+}"},
		{"O-5 number as string", str(ev.RequestContext.Authorizer["quota"]), "42"},
		{"O-5 boolean as string", str(ev.RequestContext.Authorizer["beta"]), "false"},
		{"O-6 principalId", str(ev.RequestContext.Authorizer["principalId"]), "user"},
		{"DESIGN 2 raw header name", ev.Headers["X-AMZ-Date"], "20261126"},
		{"L-1 multi-value query", ev.MultiValueQueryStringParameters["x"][1], "2"},
		{"L-1 stage", ev.RequestContext.Stage, "test"},
		{"L-1 authorization arrives as Authorization", ev.Headers["Authorization"], "allow"},
		{"L-1 deploymentId is set", strconv.FormatBool(len(deploymentID(t, r.body)) == 6), "true"},
		{"L-5 X-Forwarded-For is the client", ev.Headers["X-Forwarded-For"], "127.0.0.1"},
		{"L-5 X-Forwarded-Port is the listening port", ev.Headers["X-Forwarded-Port"], s.url[strings.LastIndexByte(s.url, ':')+1:]},
		{"L-5 X-Forwarded-Proto", ev.Headers["X-Forwarded-Proto"], "http"},
		{"L-7 Max-Forwards dropped", ev.Headers["Max-Forwards"], ""},
		{"L-8 the response carries the event's trace", r.header.Get("X-Amzn-Trace-Id"), ev.Headers["X-Amzn-Trace-Id"]},
		{"L-8 Root only: a generated Parent follows", strconv.FormatBool(strings.HasPrefix(ev.Headers["X-Amzn-Trace-Id"], rootOnly+";Parent=")), "true"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q; want %q", c.name, c.got, c.want)
		}
	}
	if r := s.get(t, "GET", "/public/7"); r.status != 200 {
		t.Errorf("Auth NONE route: got %d %s; want 200", r.status, r.body)
	}
	if r := s.get(t, "GET", "/missing"); r.status != 403 || r.body != `{"message":"Missing Authentication Token"}` {
		t.Errorf("PIPE-2: got %d %s; want 403 Missing Authentication Token", r.status, r.body)
	}
}

// deploymentID is requestContext.deploymentId, which aws-lambda-go's type lacks.
func deploymentID(t *testing.T, event string) string {
	t.Helper()
	var ev struct {
		RequestContext struct {
			DeploymentID string `json:"deploymentId"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal([]byte(event), &ev); err != nil {
		t.Fatalf("backend body is not an event: %v", err)
	}
	return ev.RequestContext.DeploymentID
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
