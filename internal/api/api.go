package api

import "encoding/json"

// Template is everything loaded from one definition file.
type Template struct {
	// File is the path the definition was read from, as given.
	File      string
	APIs      []*API
	Functions map[string]*Function // by logical id
	// Warnings name what was recognised and ignored because serving without
	// it is safe (ignored resource types, request validators, ...).
	Warnings []string
	// Unsupported lists, once each and located, what the template declares
	// and apigw cannot do yet (each a KindUnsupported *Error); the parts
	// that need it carry a Gap. `--strict` refuses a template with any.
	Unsupported []*Error `json:",omitempty"`
}

// API is one REST API or HTTP API (Kind) on one stage.
type API struct {
	LogicalID        string
	Kind             APIKind `json:",omitempty"`
	ID               string  // 10 characters [a-z0-9], from IDFor(LogicalID)
	Stage            string
	StageVariables   map[string]string
	Routes           []*Route               // in CompareRoutes order
	Authorizers      map[string]*Authorizer // by name
	GatewayResponses map[ResponseType]*GatewayResponse
	BinaryMediaTypes []string
	// Cors is an HTTP API's CORS configuration; nil when it has none.
	Cors *Cors `json:",omitempty"`
	// ResourcePolicy is the API's resource policy, nil when it has none.
	ResourcePolicy *ResourcePolicy
	// AccessLog is the stage's access log setting, nil when it has none.
	AccessLog *AccessLog `json:",omitempty"`
	// Gap, when set, marks the whole API as one apigw cannot serve yet (an
	// HTTP or WebSocket API): its routes are routed and fail closed.
	Gap Gap `json:",omitzero"`
}

// ResourcePolicy is an API's resource policy (OpenAPI
// x-amazon-apigateway-policy, a RestApi's or Serverless::Api's Policy,
// SAM's Auth.ResourcePolicy) as a JSON policy document, with where it was
// declared. The gateway compiles it at load and checks every request of
// the API against it (PIPE-1 step 2, P-3).
type ResourcePolicy struct {
	Document json.RawMessage
	Source   Location
}

// Route is one method on one resource.
type Route struct {
	Path   string // resource path template: "/", "/pets/{id}", "/{proxy+}"
	Method string // upper-case verb, or MethodAny
	// Key is an HTTP API route's key as configured ("GET /pets",
	// "$default"); "" on REST APIs. See RouteKey.
	Key        string `json:",omitempty"`
	Authorizer string // name in API.Authorizers; "" means NONE
	// Scopes are the route's AuthorizationScopes for a JWT or Cognito
	// authorizer: the token must carry at least one of them.
	Scopes []string `json:",omitempty"`
	// OperationName is the method's operation name (OpenAPI operationId);
	// "" when it has none (L-11).
	OperationName string
	Integration   Integration
	Source        Location // where the route was declared
}

// MethodAny is the method that stands for every verb in AnyMethods.
const MethodAny = "ANY"

// AnyMethods are the verbs ANY stands for (PIPE-4).
var AnyMethods = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}
