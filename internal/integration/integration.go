package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// Sentinels every Serve error wraps; see the package doc for the response
// the gateway makes of each.
var (
	// ErrFunction: the function returned an error (L-3, 502).
	ErrFunction = errors.New("integration: function error")
	// ErrMalformedResponse: the function's output breaks L-2 (L-3, 502),
	// or an integration's status is not a final one in 200-599 (BAD-1).
	ErrMalformedResponse = errors.New("integration: malformed Lambda proxy response")
	// ErrBase64Body: isBase64Encoded was set and the body does not decode (L-2, 500).
	ErrBase64Body = errors.New("integration: response body is not valid base64")
	// ErrTimeout: the integration took longer than its timeout (L-3, 504).
	ErrTimeout = errors.New("integration: timed out")
	// ErrFailure: the backend could not be reached or the function not run.
	ErrFailure = errors.New("integration: failure")
	// ErrDotSegment: a path parameter substituted into an HTTP backend's
	// URI holds a "." or ".." segment, which would move the request outside
	// the path the policy allowed (400; AWS's behaviour is undocumented).
	ErrDotSegment = errors.New(`integration: path parameter holds a "." or ".." segment`)
)

// Invoker runs one function once. A function error comes back as an error
// that errors.As to *event.FunctionError. Invoke must not keep payload
// after it returns (the buffer is reused), must not change the output it
// returned (the Response shares its memory), and should return when ctx
// ends.
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Authorization is what a Lambda authorizer established for this request;
// nil when the route has no authorizer.
type Authorization struct {
	PrincipalID string
	// Context holds the authorizer's context, values already strings (O-5).
	Context map[string]string
	// IntegrationLatencyMs is the authorizer's latency; 0 on a cache hit.
	IntegrationLatencyMs int64
	// JWT is what a JWT or Cognito authorizer verified; nil for Lambda
	// authorizers. The event then carries its claims instead of a context.
	JWT *JWT
}

// JWT is a verified token as the integration's event carries it: its
// claims as strings and its scopes (nil when it has none).
type JWT struct {
	Claims map[string]string
	Scopes []string
}

// Response is what the integration answers.
type Response struct {
	StatusCode int
	// Headers in order; a header with several values repeats.
	Headers []request.Field
	Body    []byte
}

// Integration serves one route's backend.
type Integration interface {
	Serve(ctx context.Context, req *request.Request, auth *Authorization) (*Response, error)
}

// Options are what New needs beyond the route's integration.
type Options struct {
	// BinaryMediaTypes of the API ("image/png", "image/*", "*/*").
	BinaryMediaTypes []string
	// Transport carries HTTP-proxy requests; nil shares one from NewTransport.
	// Redirects are never followed: responses go back as they are.
	Transport http.RoundTripper
	// RouteKey is the payload 2.0 routeKey ("ANY /{proxy+}"); "" gives the
	// request's method and resource.
	RouteKey string
	// AccountID fills requestContext.accountId when the request lacks one.
	AccountID string
	// OperationName is the method's operation name (OpenAPI operationId),
	// sent as requestContext.operationName when set (L-11).
	OperationName string
	// Resource is the route's resource path ("/site/{proxy+}"): an HTTP
	// proxy's {proxy} is substituted as a run of segments when the route
	// declares it greedy.
	Resource string
	// HTTPAPI: the route is an HTTP API's: its 1.0 event names its
	// version, and its request id (the gateway's short one, which
	// apigw-requestid carries) is also its extendedRequestId (V-3).
	HTTPAPI bool
}

// OptionsFor is what route r of API a tells its integration: one place,
// so every caller of New builds the same options.
func OptionsFor(a *api.API, r *api.Route, accountID string) Options {
	return Options{
		BinaryMediaTypes: a.BinaryMediaTypes, AccountID: accountID,
		RouteKey: r.RouteKey(), Resource: r.Path, OperationName: r.OperationName, HTTPAPI: a.IsHTTP(),
	}
}

// New builds the integration cfg describes. lookup resolves a function's
// logical id to its invoker (aws_proxy only).
func New(cfg api.Integration, lookup func(functionLogicalID string) (Invoker, error), opts Options) (Integration, error) {
	in, err := newOfType(cfg, lookup, opts)
	if err != nil || len(cfg.ResponseParameters) == 0 {
		return in, err
	}
	return withResponseParams(in, cfg, opts)
}

func newOfType(cfg api.Integration, lookup func(functionLogicalID string) (Invoker, error), opts Options) (Integration, error) {
	switch cfg.Type {
	case api.IntegrationLambdaProxy:
		return newLambda(cfg, lookup, opts)
	case api.IntegrationHTTPProxy:
		return newHTTPProxy(cfg, opts)
	case api.IntegrationMock:
		return newMock(cfg.Mock)
	}
	return nil, fmt.Errorf("integration: type %q is not supported", cfg.Type)
}

// timeoutOf is the integration's timeout (api.DefaultIntegrationTimeoutMs
// when unset).
func timeoutOf(cfg api.Integration) time.Duration {
	ms := cfg.TimeoutMs
	if ms <= 0 {
		ms = api.DefaultIntegrationTimeoutMs
	}
	return time.Duration(ms) * time.Millisecond
}

// classify wraps err, which ended a call made under ctx, with ErrTimeout
// when the integration's own deadline ended it (ctx's cause, or err's for
// an exchange upstream bounded itself) and with failure otherwise.
func classify(ctx context.Context, err error, failure error) error {
	if errors.Is(err, errIntegrationDeadline) || errors.Is(context.Cause(ctx), errIntegrationDeadline) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return fmt.Errorf("%w: %w", failure, err)
}

// errIntegrationDeadline is the cause of an integration context that ran out.
var errIntegrationDeadline = errors.New("integration deadline exceeded")

// withDeadline gives ctx the integration's timeout, with a cause classify
// recognises (a parent's own deadline is not ours).
func withDeadline(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, d, errIntegrationDeadline)
}
