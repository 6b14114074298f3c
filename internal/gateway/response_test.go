package gateway

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

type rendered struct {
	status  int
	headers []request.Field
	body    string
}

func mustResponses(t testing.TB, custom map[api.ResponseType]*api.GatewayResponse) *responses {
	t.Helper()
	rs, err := newResponses(custom)
	if err != nil {
		t.Fatalf("newResponses: %v", err)
	}
	return rs
}

func renderOf(rs *responses, typ api.ResponseType, v *renderVars) rendered {
	s, h, b := rs.render(typ, v)
	return rendered{s, h, string(b)}
}

func std(errorType string) []request.Field {
	return []request.Field{{Name: HeaderContentType, Value: ContentTypeJSON}, {Name: HeaderErrorType, Value: errorType}}
}

func TestRenderDefaults(t *testing.T) {
	t.Parallel()
	rs := mustResponses(t, nil)
	tests := []struct {
		name string
		typ  api.ResponseType
		vars *renderVars
		want rendered
	}{
		{"PIPE-2 G-1 missing authentication token", api.ResponseMissingAuthenticationToken, nil,
			rendered{403, std("MissingAuthenticationTokenException"), `{"message":"Missing Authentication Token"}`}},
		{"T-3 O-7 unauthorized", api.ResponseUnauthorized, nil,
			rendered{401, std("UnauthorizedException"), `{"message":"Unauthorized"}`}},
		{"O-9 implicit deny uses capital Message", api.ResponseAccessDenied, &renderVars{Message: text(api.MessageImplicitDeny)},
			rendered{403, std("AccessDeniedException"), `{"Message":"User is not authorized to access this resource"}`}},
		{"O-9 explicit deny", api.ResponseAccessDenied, &renderVars{Message: text(api.MessageExplicitDeny)},
			rendered{403, std("AccessDeniedException"), `{"Message":"User is not authorized to access this resource with an explicit deny"}`}},
		{"O-9 deny default message is the implicit one", api.ResponseAccessDenied, nil,
			rendered{403, std("AccessDeniedException"), `{"Message":"User is not authorized to access this resource"}`}},
		{"O-3 O-8 authorizer configuration error renders null", api.ResponseAuthorizerConfigurationError, nil,
			rendered{500, std("AuthorizerConfigurationException"), `{"message":null}`}},
		{"L-3 lambda proxy error is 502", responseLambdaProxyError, nil,
			rendered{502, std("InternalServerErrorException"), `{"message":"Internal server error"}`}},
		{"L-3 integration timeout is 504", api.ResponseIntegrationTimeout, nil,
			rendered{504, std("InternalServerErrorException"), `{"message":"Endpoint request timed out"}`}},
		{"G-1 integration failure is 504", api.ResponseIntegrationFailure, nil,
			rendered{504, std("InternalServerErrorException"), `{"message":"Internal server error"}`}},
		{"G-1 request too large is 413", api.ResponseRequestTooLarge, nil,
			rendered{413, std("RequestTooLargeException"), `{"message":"Request Too Long"}`}},
		{"P-1 method ARN over 1600 bytes is 414", responseURITooLong, nil,
			rendered{414, std("RequestURITooLongException"), `{"message":"Request URI too long"}`}},
		{"G-1 throttled is 429", api.ResponseThrottled, nil,
			rendered{429, std("TooManyRequestsException"), `{"message":"Too Many Requests"}`}},
		{"bad request path is 400", responseBadRequest, nil,
			rendered{400, std("BadRequestException"), `{"message":"Bad Request"}`}},
		{"G-5 message is JSON-escaped", api.ResponseUnauthorized, &renderVars{Message: ptr("a \"q\"\n\\ <&>")},
			rendered{401, std("UnauthorizedException"), `{"message":"a \"q\"\n\\ <&>"}`}},
		{"unknown type fails closed as 5xx", "NO_SUCH_TYPE", nil,
			rendered{500, std("InternalServerErrorException"), `{"message":"Internal server error"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := renderOf(rs, tt.typ, tt.vars); !equalRendered(got, tt.want) {
				t.Fatalf("render(%s) = %+v; want %+v", tt.typ, got, tt.want)
			}
		})
	}
}

// TestG1EveryTypeHasADefault pins the G-1 status of every public type.
func TestG1EveryTypeHasADefault(t *testing.T) {
	t.Parallel()
	rs := mustResponses(t, nil)
	want := map[api.ResponseType]int{
		api.ResponseAccessDenied: 403, api.ResponseAPIConfigurationError: 500, api.ResponseAuthorizerConfigurationError: 500,
		api.ResponseAuthorizerFailure: 500, api.ResponseBadRequestParameters: 400, api.ResponseBadRequestBody: 400,
		api.ResponseExpiredToken: 403, api.ResponseIntegrationFailure: 504, api.ResponseIntegrationTimeout: 504,
		api.ResponseInvalidAPIKey: 403, api.ResponseInvalidSignature: 403, api.ResponseMissingAuthenticationToken: 403,
		api.ResponseQuotaExceeded: 429, api.ResponseRequestTooLarge: 413, api.ResponseResourceNotFound: 404,
		api.ResponseThrottled: 429, api.ResponseUnauthorized: 401, api.ResponseUnsupportedMediaType: 415, api.ResponseWAFFiltered: 403,
	}
	for typ, status := range want {
		got, h, body := rs.render(typ, nil)
		if got != status || len(h) != 2 || h[1].Value == "" || !strings.HasPrefix(string(body), `{"message":`) && typ != api.ResponseAccessDenied {
			t.Errorf("render(%s) = %d %v %s; want %d with G-6 headers and the G-2 template", typ, got, h, body, status)
		}
	}
}

func TestG3Inheritance(t *testing.T) {
	t.Parallel()
	cors := map[string]string{"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}
	corsHeaders := func(errorType string) []request.Field {
		return append(std(errorType), request.Field{Name: "Access-Control-Allow-Origin", Value: "*"})
	}
	tests := []struct {
		name   string
		custom map[api.ResponseType]*api.GatewayResponse
		typ    api.ResponseType
		vars   *renderVars
		want   rendered
	}{
		{"G-3 DEFAULT_5XX 599 reaches uncustomised 5xx types",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault5XX: {StatusCode: 599}},
			api.ResponseAuthorizerConfigurationError, nil,
			rendered{599, std("AuthorizerConfigurationException"), `{"message":null}`}},
		{"G-3 DEFAULT_5XX 599 reaches INTEGRATION_TIMEOUT",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault5XX: {StatusCode: 599}},
			api.ResponseIntegrationTimeout, nil,
			rendered{599, std("InternalServerErrorException"), `{"message":"Endpoint request timed out"}`}},
		{"G-3 a type customised on its own keeps its status",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault5XX: {StatusCode: 599}, api.ResponseAuthorizerFailure: {Headers: cors}},
			api.ResponseAuthorizerFailure, nil,
			rendered{500, corsHeaders("AuthorizerFailureException"), `{"message":null}`}},
		{"G-3 DEFAULT_5XX does not reach 4xx types",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault5XX: {StatusCode: 599}},
			api.ResponseUnauthorized, nil,
			rendered{401, std("UnauthorizedException"), `{"message":"Unauthorized"}`}},
		{"G-3 templates-only customisation keeps the type's status",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseMissingAuthenticationToken: {Templates: map[string]string{ContentTypeJSON: `{"error":"not found","type":"$context.error.responseType"}`}}},
			api.ResponseMissingAuthenticationToken, nil,
			rendered{403, std("MissingAuthenticationTokenException"), `{"error":"not found","type":"MISSING_AUTHENTICATION_TOKEN"}`}},
		{"G-3 own customisation does not merge DEFAULT_4XX headers",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault4XX: {Headers: cors}, api.ResponseUnauthorized: {StatusCode: 418}},
			api.ResponseUnauthorized, nil,
			rendered{418, std("UnauthorizedException"), `{"message":"Unauthorized"}`}},
		{"O-9 CORS-only DEFAULT_4XX flips ACCESS_DENIED to the lowercase template",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault4XX: {Headers: cors}},
			api.ResponseAccessDenied, &renderVars{Message: text(api.MessageImplicitDeny)},
			rendered{403, corsHeaders("AccessDeniedException"), `{"message":"User is not authorized to access this resource"}`}},
		{"O-9 customised ACCESS_DENIED renders the template",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseAccessDenied: {StatusCode: 403}},
			api.ResponseAccessDenied, &renderVars{Message: text(api.MessageExplicitDeny)},
			rendered{403, std("AccessDeniedException"), `{"message":"User is not authorized to access this resource with an explicit deny"}`}},
		{"O-9 customising another 4xx type keeps capital Message",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: cors}},
			api.ResponseAccessDenied, nil,
			rendered{403, std("AccessDeniedException"), `{"Message":"User is not authorized to access this resource"}`}},
		{"G-3 DEFAULT_4XX template and status reach MISSING_AUTHENTICATION_TOKEN",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault4XX: {StatusCode: 404, Templates: map[string]string{"text/plain": "nope: $context.error.message"}}},
			api.ResponseMissingAuthenticationToken, nil,
			rendered{404, []request.Field{{Name: HeaderContentType, Value: "text/plain"}, {Name: HeaderErrorType, Value: "MissingAuthenticationTokenException"}}, "nope: Missing Authentication Token"}},
		{"L-3 DEFAULT_5XX reaches the lambda proxy 502 and reports DEFAULT_5XX",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault5XX: {Templates: map[string]string{ContentTypeJSON: `{"t":"$context.error.responseType"}`}}},
			responseLambdaProxyError, nil,
			rendered{502, std("InternalServerErrorException"), `{"t":"DEFAULT_5XX"}`}},
		{"G-4 a customised Content-Type header replaces the template's",
			map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: map[string]string{"Content-Type": "'application/problem+json'"}}},
			api.ResponseUnauthorized, nil,
			rendered{401, []request.Field{{Name: HeaderErrorType, Value: "UnauthorizedException"}, {Name: "Content-Type", Value: "application/problem+json"}}, `{"message":"Unauthorized"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rs := mustResponses(t, tt.custom)
			if got := renderOf(rs, tt.typ, tt.vars); !equalRendered(got, tt.want) {
				t.Fatalf("render(%s) = %+v; want %+v", tt.typ, got, tt.want)
			}
		})
	}
}

func TestG4G5Variables(t *testing.T) {
	t.Parallel()
	req := &request.Request{
		Method: "GET", Path: "/pets/7", Stage: "prod", Resource: "/pets/{id}", RequestID: "req-1",
		Headers:        []request.Field{{Name: "origin", Value: "https://a.example"}},
		Query:          []request.Field{{Name: "q", Value: "v"}},
		PathParams:     []request.Field{{Name: "id", Value: "7"}},
		StageVariables: map[string]string{"env": "test"},
	}
	custom := map[api.ResponseType]*api.GatewayResponse{api.ResponseAccessDenied: {
		Headers: map[string]string{
			"gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.Origin",
			"X-Q":       "method.request.querystring.q",
			"X-Id":      "method.request.path.id",
			"X-Env":     "stageVariables.env",
			"X-Req":     "context.requestId",
			"X-Who":     "context.authorizer.principalId",
			"X-Reason":  "context.authorizer.reason",
			"X-Missing": "method.request.header.Nope",
			"X-Type":    "context.error.responseType",
		},
		Templates: map[string]string{ContentTypeJSON: `{"message":$context.error.messageString,"reason":"$context.authorizer.reason","who":"${context.authorizer.principalId}","stage":"$context.stage","path":"$context.resourcePath","env":"$stageVariables.env","unknown":"$context.nope","cost":"$5","raw":"$context.error.message."}`},
	}}
	rs := mustResponses(t, custom)
	v := &renderVars{Req: req, Message: text(api.MessageExplicitDeny), PrincipalID: "user-1", AuthorizerContext: map[string]string{"reason": "suspended"}}
	got := renderOf(rs, api.ResponseAccessDenied, v)
	want := rendered{403, append(std("AccessDeniedException"),
		request.Field{Name: "Access-Control-Allow-Origin", Value: "https://a.example"},
		request.Field{Name: "X-Env", Value: "test"},
		request.Field{Name: "X-Id", Value: "7"},
		request.Field{Name: "X-Q", Value: "v"},
		request.Field{Name: "X-Reason", Value: "suspended"},
		request.Field{Name: "X-Req", Value: "req-1"},
		request.Field{Name: "X-Type", Value: "ACCESS_DENIED"},
		request.Field{Name: "X-Who", Value: "user-1"},
	), `{"message":"User is not authorized to access this resource with an explicit deny","reason":"suspended","who":"user-1","stage":"prod","path":"/pets/{id}","env":"test","unknown":"","cost":"$5","raw":"User is not authorized to access this resource with an explicit deny."}`}
	if !equalRendered(got, want) {
		t.Fatalf("G-5 render after a deny =\n%+v; want\n%+v", got, want)
	}
}

func TestNewResponsesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		custom map[api.ResponseType]*api.GatewayResponse
	}{
		{"unknown type", map[api.ResponseType]*api.GatewayResponse{"NOPE": {}}},
		{"internal type is not customisable", map[api.ResponseType]*api.GatewayResponse{responseLambdaProxyError: {}}},
		{"status too low", map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault4XX: {StatusCode: 99}}},
		{"status too high", map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault5XX: {StatusCode: 600}}},
		{"BAD-1 a 1xx status would be an interim response", map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault4XX: {StatusCode: 101}}},
		{"BAD-1 199", map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {StatusCode: 199}}},
		{"unquoted static", map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: map[string]string{"X": "static"}}}},
		{"half-quoted static", map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: map[string]string{"X": "'a"}}}},
		{"static with a line break", map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: map[string]string{"X": "'a\r\nb'"}}}},
		{"unknown source", map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: map[string]string{"X": "method.response.header.Y"}}}},
		{"empty source name", map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: map[string]string{"X": "method.request.header."}}}},
		{"bad header name", map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: map[string]string{"gatewayresponse.header.X Y": "'a'"}}}},
		{"header mapped twice", map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: map[string]string{"X-A": "'1'", "X-B": "'2'", "gatewayresponse.header.x-a": "'3'"}}}},
		{"empty header name", map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {Headers: map[string]string{"gatewayresponse.header.": "'a'"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if rs, err := newResponses(tt.custom); !errors.Is(err, ErrGatewayResponse) {
				t.Fatalf("newResponses = %v, %v; want ErrGatewayResponse", rs, err)
			}
		})
	}
}

// TestFramingHeadersRemapped: a customised gateway response cannot set the
// headers that frame the client's connection either; they go out as
// x-amzn-Remapped-*, as an integration's do (BAD-1, L-4).
func TestFramingHeadersRemapped(t *testing.T) {
	t.Parallel()
	rs, err := newResponses(map[api.ResponseType]*api.GatewayResponse{api.ResponseUnauthorized: {
		Headers: map[string]string{"gatewayresponse.header.Connection": "'close'", "Transfer-Encoding": "'chunked'", "X-Ok": "'1'"}}})
	if err != nil {
		t.Fatal(err)
	}
	_, headers, _ := rs.render(api.ResponseUnauthorized, &renderVars{Req: &request.Request{}})
	got := map[string]string{}
	for _, h := range headers {
		got[h.Name] = h.Value
	}
	want := map[string]string{"x-amzn-Remapped-Connection": "close", "x-amzn-Remapped-Transfer-Encoding": "chunked", "X-Ok": "1"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("header %s = %q, want %q (all: %v)", k, got[k], v, headers)
		}
	}
	for _, k := range []string{"Connection", "Transfer-Encoding"} {
		if _, ok := got[k]; ok {
			t.Errorf("%s sent under its own name: %v", k, headers)
		}
	}
}

func TestStaticOutputIsShared(t *testing.T) {
	t.Parallel()
	rs := mustResponses(t, nil)
	_, h1, b1 := rs.render(api.ResponseMissingAuthenticationToken, nil)
	_, h2, b2 := rs.render(api.ResponseMissingAuthenticationToken, &renderVars{})
	if &b1[0] != &b2[0] || &h1[0] != &h2[0] {
		t.Fatalf("uncustomised MISSING_AUTHENTICATION_TOKEN rendered twice; want the precomputed output")
	}
	_, _, b3 := rs.render(api.ResponseMissingAuthenticationToken, &renderVars{Message: ptr("other")})
	if string(b3) != `{"message":"other"}` || string(b1) != `{"message":"Missing Authentication Token"}` {
		t.Fatalf("got %s and %s; want the given message rendered without touching the shared body", b3, b1)
	}
}

func equalRendered(a, b rendered) bool {
	return a.status == b.status && a.body == b.body && slices.Equal(a.headers, b.headers)
}

func ptr(s string) *string { return &s }

// TestErrorResponsesDoNotShareHeaders: two requests answered by the same
// customised gateway response keep their own request ids (G-6); a shared
// precomputed header list must not be appended to in place.
func TestErrorResponsesDoNotShareHeaders(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("GET", "/x", "", "Echo")})
	tpl.APIs[0].GatewayResponses = map[api.ResponseType]*api.GatewayResponse{
		api.ResponseDefault4XX: {Headers: map[string]string{"Content-Type": "'application/json'", "x-amzn-ErrorType": "'Custom'"}},
	}
	gw := newTestGateway(t, tpl, map[string]*countingFunc{"Echo": echoFunc()})
	requestID := func(r *Response) string {
		for _, h := range r.Headers {
			if h.Name == HeaderRequestID {
				return h.Value
			}
		}
		return ""
	}
	first := gw.Serve(t.Context(), &request.Request{Method: "GET"}, []byte("/nope"))
	id := requestID(first)
	second := gw.Serve(t.Context(), &request.Request{Method: "GET"}, []byte("/nope"))
	if got := requestID(first); got != id || got == requestID(second) {
		t.Fatalf("first response's request id: got %q after a second request (%q); want its own %q", got, requestID(second), id)
	}
}
