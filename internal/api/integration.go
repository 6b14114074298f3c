package api

// IntegrationType says how a route reaches its backend.
type IntegrationType string

// Integration types, named as x-amazon-apigateway-integration spells them.
const (
	IntegrationLambdaProxy IntegrationType = "aws_proxy"
	IntegrationHTTPProxy   IntegrationType = "http_proxy"
	IntegrationMock        IntegrationType = "mock"
)

// Lambda proxy payload format versions.
const (
	PayloadV1 = "1.0"
	PayloadV2 = "2.0"
)

// DefaultIntegrationTimeoutMs is API Gateway's REST integration timeout,
// also the most it allows; MinIntegrationTimeoutMs the least.
const (
	DefaultIntegrationTimeoutMs = 29000
	MinIntegrationTimeoutMs     = 50
)

// Integration is the backend of a route.
type Integration struct {
	Type IntegrationType
	// Function is the logical id of the function (aws_proxy).
	Function       string
	PayloadVersion string // PayloadV1 or PayloadV2 (aws_proxy)
	// URI is the backend URL with {proxy} and path parameters to substitute (http_proxy).
	URI        string
	HTTPMethod string // http_proxy: the verb to send; "ANY" or "" keeps the request's
	TimeoutMs  int
	// Mock is the static response of a mock integration.
	Mock *MockResponse
	// RequestParameters is an HTTP API integration's parameter mapping
	// ("overwrite:header.X": "$request.header.Y"), as declared; checked at
	// load by package mapping, applied to HTTP proxy requests.
	RequestParameters map[string]string `json:",omitempty"`
	// ResponseParameters is an HTTP API integration's response mapping by
	// integration status code ("200": {"overwrite:statuscode": "204"}), as
	// declared; checked at load by package mapping.
	ResponseParameters map[string]map[string]string `json:",omitempty"`
	// Gap, when set, marks an integration apigw cannot call yet (a
	// non-proxy type, response streaming, a Lambda integration called with
	// httpMethod GET): the route fails closed there (RouteGap).
	Gap Gap `json:",omitzero"`
}

// MockResponse is what a mock integration answers.
type MockResponse struct {
	StatusCode int
	Headers    map[string]string
	Body       string
}
