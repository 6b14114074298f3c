package authorizer

import (
	"bytes"
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigw/apigw/internal/request"
)

// Event type names (T-1, R-1).
const (
	eventTypeToken   = "TOKEN"
	eventTypeRequest = "REQUEST"
)

// TokenEvent returns the TOKEN event: exactly type, authorizationToken and
// methodArn (T-1).
func TokenEvent(token, methodARN string) ([]byte, error) {
	return marshal(events.APIGatewayCustomAuthorizerRequest{
		Type: eventTypeToken, AuthorizationToken: token, MethodArn: methodARN,
	})
}

// RequestEvent returns the REQUEST event for req: header and query
// names as the client sent them, the resource template and the actual path.
// Empty maps are {} as in the documented example (UNCONFIRMED).
func RequestEvent(req *request.Request, methodARN string) ([]byte, error) {
	path, _ := req.ContextValue(request.CtxPath)
	return marshal(events.APIGatewayCustomAuthorizerRequestTypeRequest{
		Type:                            eventTypeRequest,
		MethodArn:                       methodARN,
		Resource:                        req.Resource,
		Path:                            req.Path,
		HTTPMethod:                      req.Method,
		Headers:                         nonNil(request.SingleMap(req.Headers)),
		MultiValueHeaders:               nonNil(request.MultiMap(req.Headers)),
		QueryStringParameters:           nonNil(request.SingleMap(req.Query)),
		MultiValueQueryStringParameters: nonNil(request.MultiMap(req.Query)),
		PathParameters:                  nonNil(request.SingleMap(req.PathParams)),
		StageVariables:                  nonNil(req.StageVariables),
		RequestContext: events.APIGatewayCustomAuthorizerRequestTypeRequestContext{
			Path:         path,
			AccountID:    req.AccountID,
			ResourceID:   req.ResourceID,
			Stage:        req.Stage,
			RequestID:    req.RequestID,
			Identity:     events.APIGatewayCustomAuthorizerRequestTypeRequestIdentity{SourceIP: req.SourceIP},
			ResourcePath: req.Resource,
			HTTPMethod:   req.Method,
			APIID:        req.APIID,
		},
	})
}

func nonNil[M ~map[K]V, K comparable, V any](m M) M {
	if m == nil {
		return M{}
	}
	return m
}

// marshal encodes v without HTML escaping and without a trailing newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
