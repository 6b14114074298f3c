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
	return marshal(requestEvent{
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
		RequestContext: requestContext{
			Path:         path,
			AccountID:    req.AccountID,
			ResourceID:   req.ResourceID,
			Stage:        req.Stage,
			RequestID:    req.RequestID,
			Identity:     identity{SourceIP: req.SourceIP},
			ResourcePath: req.Resource,
			HTTPMethod:   req.Method,
			APIID:        req.APIID,
		},
	})
}

// requestEvent has the fields, order and names of aws-lambda-go's
// events.APIGatewayCustomAuthorizerRequestTypeRequest (it decodes into it),
// except that the client certificate is null without mutual TLS, where the
// library's type can only send an object of empty strings, and that
// identity has no apiKey: apigw never matches a request to an API key, and
// the recorded proxy event has none then (R-1 note, L-10; UNCONFIRMED for
// this event, absent as the safer choice).
type requestEvent struct {
	Type                            string              `json:"type"`
	MethodArn                       string              `json:"methodArn"`
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	RequestContext                  requestContext      `json:"requestContext"`
}

type requestContext struct {
	Path         string   `json:"path"`
	AccountID    string   `json:"accountId"`
	ResourceID   string   `json:"resourceId"`
	Stage        string   `json:"stage"`
	RequestID    string   `json:"requestId"`
	Identity     identity `json:"identity"`
	ResourcePath string   `json:"resourcePath"`
	HTTPMethod   string   `json:"httpMethod"`
	APIID        string   `json:"apiId"`
}

type identity struct {
	SourceIP   string                                                                 `json:"sourceIp"`
	ClientCert *events.APIGatewayCustomAuthorizerRequestTypeRequestIdentityClientCert `json:"clientCert"`
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
