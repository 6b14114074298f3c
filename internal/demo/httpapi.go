package demo

import (
	"context"
	"encoding/json"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
	"github.com/aws/aws-lambda-go/events"
)

// The demo's HTTP API (API Gateway v2): two routes behind one cached
// Lambda authorizer with simple responses. Its cache holds a verdict per
// identity, shared by every route the authorizer guards (V-6): one call
// per token, whatever the route, and the context of that call.
const (
	HTTPAPILogicalID = "DemoHttpApi"
	SimpleAuthorizer = "SimpleAuth"
	SimpleFunction   = "SimpleAuthFunction"
	EchoV2Function   = "EchoV2Function"
)

// demoHTTPAPI is the HTTP API on the $default stage, served at the root.
func demoHTTPAPI() *api.API {
	return &api.API{
		LogicalID: HTTPAPILogicalID, Kind: api.KindHTTP, ID: api.IDFor(HTTPAPILogicalID), Stage: api.DefaultStage,
		Authorizers: map[string]*api.Authorizer{SimpleAuthorizer: {
			Name: SimpleAuthorizer, Type: api.AuthorizerRequest, Function: SimpleFunction, PayloadVersion: api.PayloadV2,
			SimpleResponses: true, TTLSeconds: api.DefaultAuthorizerTTL,
			IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}},
			Source:          api.Location{File: File, LogicalID: SimpleAuthorizer},
		}},
		Routes: []*api.Route{v2Route("GET", "/v2/pets"), v2Route(api.MethodAny, "/v2/{proxy+}")},
	}
}

func v2Route(method, path string) *api.Route {
	return &api.Route{Path: path, Method: method, Key: method + " " + path, Authorizer: SimpleAuthorizer,
		Integration: api.Integration{Type: api.IntegrationLambdaProxy, Function: EchoV2Function, PayloadVersion: api.PayloadV2, TimeoutMs: 30000},
		Source:      api.Location{File: File, LogicalID: EchoV2Function, Field: "Events"},
	}
}

// simpleAuth allows the token "allow" and denies any other; its context
// says which request it was called for, so a cached verdict shows as the
// first request's context on every later one.
func simpleAuth(_ context.Context, payload []byte) ([]byte, error) {
	var in events.APIGatewayV2CustomAuthorizerV2Request
	if err := json.Unmarshal(payload, &in); err != nil {
		return nil, &event.FunctionError{Type: "SyntaxError", Message: err.Error()}
	}
	token := in.Headers["authorization"]
	return json.Marshal(events.APIGatewayV2CustomAuthorizerSimpleResponse{
		IsAuthorized: token == TokenAllow,
		Context:      map[string]any{"decidedFor": in.RequestContext.HTTP.Method + " " + in.RawPath},
	})
}

// echoV2 answers a 2.0 event with its route and the authorizer's context.
func echoV2(_ context.Context, payload []byte) ([]byte, error) {
	var in events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(payload, &in); err != nil {
		return nil, &event.FunctionError{Type: "SyntaxError", Message: err.Error()}
	}
	return json.Marshal(map[string]any{
		"message": "hello from the HTTP API", "routeKey": in.RouteKey, "rawPath": in.RawPath,
		"authorizer": in.RequestContext.Authorizer,
	})
}
