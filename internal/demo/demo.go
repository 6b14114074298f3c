package demo

import (
	"context"
	"fmt"
	"io"

	"github.com/apigw/apigw/internal/api"
)

// Logical ids of the demo's API, authorizers and functions.
const (
	APILogicalID       = "DemoApi"
	Stage              = "demo"
	ExactAuthorizer    = "ExactArnAuth"
	WildcardAuthorizer = "WildcardAuth"
	ExactFunction      = "ExactArnAuthFunction"
	WildcardFunction   = "WildcardAuthFunction"
	EchoFunction       = "EchoFunction"
)

// File is what the demo reports as its source in locations and logs.
const File = "<built-in demo>"

// Template returns the demo API model.
func Template() *api.Template {
	a := &api.API{
		LogicalID:      APILogicalID,
		ID:             api.IDFor(APILogicalID),
		Stage:          Stage,
		StageVariables: map[string]string{"greeting": "hello from the demo stage"},
		Authorizers: map[string]*api.Authorizer{
			ExactAuthorizer:    tokenAuthorizer(ExactAuthorizer, ExactFunction),
			WildcardAuthorizer: tokenAuthorizer(WildcardAuthorizer, WildcardFunction),
		},
		Routes: []*api.Route{
			echoRoute("/exact/{proxy+}", ExactAuthorizer),
			echoRoute("/fixed/{proxy+}", WildcardAuthorizer),
			healthRoute(),
		},
	}
	return &api.Template{File: File, APIs: []*api.API{a, demoHTTPAPI()}, Functions: functions()}
}

func tokenAuthorizer(name, fn string) *api.Authorizer {
	return &api.Authorizer{
		Name:            name,
		Type:            api.AuthorizerToken,
		Function:        fn,
		IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}},
		TTLSeconds:      api.DefaultAuthorizerTTL,
		Source:          api.Location{File: File, LogicalID: name},
	}
}

func echoRoute(path, authorizer string) *api.Route {
	return &api.Route{
		Path:       path,
		Method:     api.MethodAny,
		Authorizer: authorizer,
		Integration: api.Integration{
			Type: api.IntegrationLambdaProxy, Function: EchoFunction, PayloadVersion: api.PayloadV1,
			TimeoutMs: api.DefaultIntegrationTimeoutMs,
		},
		Source: api.Location{File: File, LogicalID: EchoFunction, Field: "Events"},
	}
}

func healthRoute() *api.Route {
	return &api.Route{
		Path:   "/health",
		Method: "GET",
		Integration: api.Integration{
			Type: api.IntegrationMock,
			Mock: &api.MockResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: `{"status":"ok"}`},
		},
		Source: api.Location{File: File, LogicalID: "Health"},
	}
}

// functions describes the in-process functions as the model does; they are
// never started as processes (see Invokers).
func functions() map[string]*api.Function {
	fns := map[string]*api.Function{}
	for _, id := range []string{ExactFunction, WildcardFunction, EchoFunction, SimpleFunction, EchoV2Function} {
		fns[id] = &api.Function{LogicalID: id, FunctionName: id, Runtime: "apigw-builtin", Handler: id,
			Timeout: api.DefaultTimeoutSeconds, MemoryMB: api.DefaultMemoryMB, Source: api.Location{File: File, LogicalID: id}}
	}
	return fns
}

// CurlLines prints the requests a newcomer can paste to see the pitfall and the fix.
func CurlLines(w io.Writer, baseURL string) {
	fmt.Fprintf(w, `
Try the seed scenario (authorizer results are cached for 300 s per token):
  curl -i -H 'Authorization: allow' %[1]s/exact/pets    # 200: authorizer called, policy names only .../GET/exact/pets
  curl -i -H 'Authorization: allow' %[1]s/exact/users   # 403: cached policy does not cover this path (the pitfall)
  curl -i -H 'Authorization: allow' %[1]s/fixed/pets    # 200: policy returns the wildcard .../*/*
  curl -i -H 'Authorization: allow' %[1]s/fixed/users   # 200: same cached policy, no new authorizer call (the fix)
  curl -i -H 'Authorization: deny' %[1]s/fixed/pets     # 403 explicit deny
  curl -i -H 'Authorization: unauthorized' %[1]s/fixed/pets   # 401
  curl -i -H 'Authorization: other' %[1]s/fixed/pets    # 500 {"message":null}
  curl -i %[1]s/fixed/pets                              # 401, authorizer not called

The HTTP API (v2): its authorizer caches a verdict per token for every route it guards:
  curl -i -H 'Authorization: allow' %[1]s/v2/pets      # 200: authorizer called; its context says "GET /v2/pets"
  curl -i -H 'Authorization: allow' %[1]s/v2/users     # 200: no call; the cached verdict and its context answer
  curl -i -H 'Authorization: deny' %[1]s/v2/pets       # 403 {"message":"Forbidden"}
  curl -i %[1]s/v2/pets                                # 401 {"message":"Unauthorized"}, authorizer not called
`, baseURL)
}

// Func is an in-process function: payload in, result or error out.
type Func func(ctx context.Context, payload []byte) ([]byte, error)

// Invoke calls f.
func (f Func) Invoke(ctx context.Context, payload []byte) ([]byte, error) { return f(ctx, payload) }

// Invokers returns the demo's functions by logical id.
func Invokers() map[string]Func {
	return map[string]Func{
		ExactFunction:    tokenAuthorizerFunc(exactResource),
		WildcardFunction: tokenAuthorizerFunc(wildcardResource),
		EchoFunction:     echo,
		SimpleFunction:   simpleAuth,
		EchoV2Function:   echoV2,
	}
}
