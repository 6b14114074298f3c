package gateway

import (
	"encoding/json"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// Gaps of the partial-serving tests, as loaders mark them.
var (
	gapCognito = api.Gap{What: "Cognito user pool authorizers",
		Source: api.Location{File: "test.yaml", Line: 12, LogicalID: "Api", Field: "Properties.Auth.Authorizers.Cog"}}
	gapJava = api.Gap{What: "runtime java21",
		Source: api.Location{File: "test.yaml", Line: 30, LogicalID: "Java", Field: "Properties.Runtime"}}
	gapStream = api.Gap{What: "REST response streaming (responseTransferMode: STREAM)"}
)

// factoryCalls counts what provisioning asked the factories for: each
// authorizer by name, each integration by route path.
type factoryCalls struct {
	authorizers, integrations map[string]int
}

// count wraps cfg's factories so that c counts their calls.
func (c *factoryCalls) count(cfg *Config) {
	c.authorizers, c.integrations = map[string]int{}, map[string]int{}
	azs, ins := cfg.Authorizers, cfg.Integrations
	cfg.Authorizers = func(a *api.API, az *api.Authorizer) (Authorizer, error) {
		c.authorizers[az.Name]++
		return azs(a, az)
	}
	cfg.Integrations = func(a *api.API, r *api.Route) (Integration, error) {
		c.integrations[r.Path]++
		return ins(a, r)
	}
}

// partialTemplate mixes served routes with routes that need what apigw
// cannot do: a Cognito authorizer, an authorizer and a function on java21,
// a streaming integration. The resource policy denies /blocked and lets
// the routes without an authorizer through.
func partialTemplate() *api.Template {
	stream := lambdaRoute("GET", "/stream", "", "Echo")
	stream.Integration.Gap = gapStream
	stream.Source = api.Location{File: "test.yaml", Line: 40, LogicalID: "Api", Field: "paths./stream.get"}
	tpl := testAPI([]*api.Route{
		lambdaRoute("GET", "/served", "A", "Echo"),
		lambdaRoute("GET", "/cognito", "Cog", "Echo"),
		lambdaRoute("GET", "/cognito-java", "Cog", "Java"),
		lambdaRoute("GET", "/java-auth", "J", "Echo"),
		lambdaRoute("GET", "/java", "A", "Java"),
		lambdaRoute("GET", "/java-open", "", "Java"),
		stream,
		lambdaRoute("GET", "/blocked", "Cog", "Echo"),
	}, tokenAuth("A", "Auth", 0), tokenAuth("J", "JavaAuth", 300), &api.Authorizer{Name: "Cog", Gap: gapCognito})
	tpl.Functions = map[string]*api.Function{"Auth": {}, "Echo": {}, "Java": {Gap: gapJava}, "JavaAuth": {Gap: gapJava}}
	return withPolicy(tpl, rpStmt("Allow", "execute-api:/*/GET/java-open", ""), rpStmt("Allow", "execute-api:/*/GET/stream", ""),
		rpStmt("Deny", "execute-api:/*/GET/blocked", ""))
}

// partialServer is partialTemplate served, with its authorizer function,
// its supported function, the factory calls and the log.
type partialServer struct {
	s          *served
	auth, echo *countingFunc
	calls      factoryCalls
	log        lockedBuffer
}

func servePartial(t *testing.T, disableAuthorizer bool) *partialServer {
	t.Helper()
	p := &partialServer{auth: tableAAuthorizer(), echo: echoFunc()}
	p.s = serveTemplate(t, partialTemplate(), map[string]*countingFunc{"Auth": p.auth, "Echo": p.echo},
		p.calls.count, func(c *Config) {
			c.DisableAuthorizer = disableAuthorizer
			c.Log = slog.New(slog.NewTextHandler(&p.log, nil))
		})
	return p
}

// partialStep is one request on partialTemplate and what it must produce.
type partialStep struct {
	name, path, token string
	status            int
	body              string // compared as JSON
	errorType         string
	unsupported       string // x-apigw-unsupported
	authCalls         int64  // the supported authorizer's invocations this request caused
	echoCalls         int64  // the supported function's
}

func runPartialSteps(t *testing.T, s *served, auth, echo *countingFunc, steps []partialStep) {
	t.Helper()
	for _, st := range steps {
		a0, e0 := auth.calls.Load(), echo.calls.Load()
		var hdr []string
		if st.token != "" {
			hdr = []string{"Authorization", st.token}
		}
		r := s.do(t, "GET", st.path, hdr...)
		if r.status != st.status || !sameJSON(r.body, st.body) || r.header.Get(HeaderErrorType) != st.errorType {
			t.Errorf("%s: GET %s: got %d %s %q; want %d %s %q", st.name, st.path, r.status, r.body, r.header.Get(HeaderErrorType), st.status, st.body, st.errorType)
		}
		if got := r.header.Values(HeaderUnsupported); !reflect.DeepEqual(got, nonEmpty(st.unsupported)) {
			t.Errorf("%s: %s = %q; want %q", st.name, HeaderUnsupported, got, st.unsupported)
		}
		if a, e := auth.calls.Load()-a0, echo.calls.Load()-e0; a != st.authCalls || e != st.echoCalls {
			t.Errorf("%s: authorizer called %d times, function %d; want %d, %d", st.name, a, e, st.authCalls, st.echoCalls)
		}
	}
}

// sameJSON compares bodies as parsed JSON (G-6: AWS's 5xx bodies may be
// spaced); want "" matches any body.
func sameJSON(got, want string) bool {
	if want == "" {
		return true
	}
	var g, w any
	return json.Unmarshal([]byte(got), &g) == nil && json.Unmarshal([]byte(want), &w) == nil && reflect.DeepEqual(g, w)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// TestUnsupportedRoutesFailClosed: a route that needs what apigw cannot do
// is routed and fails at the stage that needs it, as AWS answers when that
// stage fails: an authorizer that cannot run is 500 {"message":null}
// (O-8, AUTHORIZER_CONFIGURATION_ERROR) and is never skipped; an
// integration that cannot run is 500 {"message": "Internal server error"}
// (G-1 API_CONFIGURATION_ERROR) after the route's authorizer ran. Neither
// reaches a function, and provisioning built neither part.
func TestUnsupportedRoutesFailClosed(t *testing.T) {
	t.Parallel()
	p := servePartial(t, false)
	s, auth, echo, calls, log := p.s, p.auth, p.echo, p.calls, &p.log
	const azErr, apiErr = "AuthorizerConfigurationException", "ApiConfigurationException"
	runPartialSteps(t, s, auth, echo, []partialStep{
		{"served next to them", "/served", "allow", 200, "", "", "", 1, 1},
		{"O-8 Cognito authorizer", "/cognito", "allow", 500, bodyNull, azErr, gapCognito.What, 0, 0},
		{"O-8 Cognito authorizer, without a token too", "/cognito", "", 500, bodyNull, azErr, gapCognito.What, 0, 0},
		{"PIPE-1 the authorizer fails first", "/cognito-java", "allow", 500, bodyNull, azErr, gapCognito.What, 0, 0},
		{"O-8 an authorizer whose function cannot run", "/java-auth", "allow", 500, bodyNull, azErr, gapJava.What, 0, 0},
		{"G-1 the function cannot run: the authorizer runs first", "/java", "allow", 500, bodyInternal, apiErr, gapJava.What, 1, 0},
		{"the authorizer denies before the integration fails", "/java", "deny", 403, bodyExplicitDeny, "AccessDeniedException", "", 1, 0},
		{"the authorizer's 401 before the integration fails", "/java", "", 401, bodyUnauthorized, "UnauthorizedException", "", 0, 0},
		{"G-1 no authorizer, the function cannot run", "/java-open", "", 500, bodyInternal, apiErr, gapJava.What, 0, 0},
		{"G-1 the integration cannot run", "/stream", "", 500, bodyInternal, apiErr, gapStream.What, 0, 0},
		{"PIPE-1 the resource policy's deny comes before the authorizer", "/blocked", "allow", 403, rpDenied("GET", "/blocked", true), "AccessDeniedException", "", 0, 0},
	})
	if want := map[string]int{"A": 1}; !reflect.DeepEqual(calls.authorizers, want) {
		t.Errorf("authorizer factory calls %v; want %v (none for Cog or J)", calls.authorizers, want)
	}
	if want := map[string]int{"/served": 1}; !reflect.DeepEqual(calls.integrations, want) {
		t.Errorf("integration factory calls %v; want %v (none for a route with a Gap)", calls.integrations, want)
	}
	for _, want := range []string{
		`path=/cognito status=500`, `unsupported="Cognito user pool authorizers" declared="test.yaml:12: Api: Properties.Auth.Authorizers.Cog"`,
		`unsupported="runtime java21" declared="test.yaml:30: Java: Properties.Runtime"`,
		`unsupported="REST response streaming (responseTransferMode: STREAM)" declared="test.yaml:40: Api: paths./stream.get"`,
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log:\n%s\nwant it to contain %s", log.String(), want)
		}
	}
}

// TestUnsupportedAPI: an API apigw cannot serve (an HTTP API) has every
// route fail at its integration; customised gateway responses apply as
// for any API_CONFIGURATION_ERROR (G-3), and the header is added to
// them.
func TestUnsupportedAPI(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("GET", "/x", "", "Echo"), lambdaRoute("POST", "/y", "", "Echo")})
	tpl.APIs[0].Gap = api.Gap{What: "HTTP APIs (AWS::Serverless::HttpApi)"}
	tpl.APIs[0].GatewayResponses = map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault5XX: {StatusCode: 503, Headers: map[string]string{"X-Custom": "'5xx'"}}}
	echo := echoFunc()
	var calls factoryCalls
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Echo": echo}, calls.count)
	for _, m := range []string{"GET /x", "POST /y"} {
		method, path, _ := strings.Cut(m, " ")
		r := s.do(t, method, path)
		if r.status != 503 || !sameJSON(r.body, bodyInternal) || r.header.Get("X-Custom") != "5xx" || r.header.Get(HeaderUnsupported) != "HTTP APIs (AWS::Serverless::HttpApi)" {
			t.Errorf("%s: got %d %s %v; want 503 (DEFAULT_5XX), X-Custom and %s", m, r.status, r.body, r.header, HeaderUnsupported)
		}
	}
	if echo.calls.Load() != 0 || len(calls.integrations) != 0 {
		t.Errorf("function calls %d, integration factory calls %v; want none", echo.calls.Load(), calls.integrations)
	}
}

// TestDisableAuthorizer: with --disable-authorizer every route is served
// without its authorizer (none is built or invoked), and every such
// request's log line says so; a Gap of the authorizer no longer fails the
// route, one of its integration still does. Resource policies apply: an
// explicit deny stands, and the skipped authorizer counts as one that
// allowed (DG-FLOW Table A). The function sees no authorizer.
func TestDisableAuthorizer(t *testing.T) {
	t.Parallel()
	p := servePartial(t, true)
	s, auth, echo, calls, log := p.s, p.auth, p.echo, p.calls, &p.log
	runPartialSteps(t, s, auth, echo, []partialStep{
		{"a supported authorizer is skipped", "/served", "", 200, "", "", "", 0, 1},
		{"so is a Cognito one", "/cognito", "", 200, "", "", "", 0, 1},
		{"and one whose function cannot run", "/java-auth", "deny", 200, "", "", "", 0, 1},
		{"G-1 the function still cannot run", "/java", "", 500, bodyInternal, "ApiConfigurationException", gapJava.What, 0, 0},
		{"P-3 the resource policy's deny stands", "/blocked", "", 403, rpDenied("GET", "/blocked", true), "AccessDeniedException", "", 0, 0},
	})
	if len(calls.authorizers) != 0 {
		t.Errorf("authorizer factory calls %v; want none", calls.authorizers)
	}
	if p := string(echo.lastPayload()); strings.Contains(p, `"authorizer"`) {
		t.Errorf("event %s; want no requestContext.authorizer", p)
	}
	for _, path := range []string{"/served", "/cognito", "/java-auth"} {
		want := `path=` + path + ` status=200 `
		if !strings.Contains(log.String(), want) || !lineHas(log.String(), want, authorizerSkippedText) {
			t.Errorf("log:\n%s\nwant the line of %s to say %q", log.String(), path, authorizerSkippedText)
		}
	}
}

// lineHas reports whether the log line containing key also contains want.
func lineHas(log, key, want string) bool {
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, key) {
			return strings.Contains(l, want)
		}
	}
	return false
}

// TestGatewayRouteGap: RouteGap reports each route as provisioned, with
// --disable-authorizer applied.
func TestGatewayRouteGap(t *testing.T) {
	t.Parallel()
	tpl := partialTemplate()
	fns := map[string]*countingFunc{"Auth": tableAAuthorizer(), "Echo": echoFunc()}
	routes := map[string]*api.Route{}
	for _, r := range tpl.APIs[0].Routes {
		routes[r.Path] = r
	}
	tests := []struct {
		name      string
		disable   bool
		path      string
		wantStage api.FailStage
		wantWhat  string
	}{
		{"served", false, "/served", api.FailNone, ""},
		{"authorizer", false, "/cognito-java", api.FailAuthorizer, gapCognito.What},
		{"integration", false, "/java", api.FailIntegration, gapJava.What},
		{"authorizer disabled", true, "/cognito", api.FailNone, ""},
		{"authorizer disabled, integration still fails", true, "/cognito-java", api.FailIntegration, gapJava.What},
	}
	for _, tt := range tests {
		gw := newTestGateway(t, tpl, fns, func(c *Config) { c.DisableAuthorizer = tt.disable })
		if stage, gap := gw.RouteGap(routes[tt.path]); stage != tt.wantStage || gap.What != tt.wantWhat {
			t.Errorf("%s: RouteGap(%s) = %v, %q; want %v, %q", tt.name, tt.path, stage, gap.What, tt.wantStage, tt.wantWhat)
		}
	}
}
