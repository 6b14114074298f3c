package integration

import (
	"fmt"
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// parseV1 reads a payload 1.0 response strictly (L-2): a JSON object with
// only the allowed keys, each of its type.
func parseV1(payload []byte) (proxyResponse, error) {
	var p proxyResponse
	r := jsonReader{data: payload}
	err := errNotObject
	if r.ws() == '{' {
		err = r.object(func(key []byte) error { return p.member(&r, key, false) })
	}
	if err == nil {
		err = r.end()
	}
	if err != nil {
		return proxyResponse{}, fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	}
	return p, nil
}

var errNotObject = fmt.Errorf("not a JSON object")

// responseV1 turns a payload 1.0 output into the Response (L-2): a base64
// body is decoded only when the first media type the request Accepts is
// one of the API's binary media types; the response's Content-Type plays
// no part, and otherwise the base64 text is sent as it is.
func (l *lambdaIntegration) responseV1(out []byte, req *request.Request) (*Response, error) {
	p, err := parseV1(out)
	if err != nil {
		return nil, err
	}
	resp := p.response()
	if p.isBase64() && l.decodeBinary(req) {
		if err := decodeBase64Body(resp); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

func (l *lambdaIntegration) decodeBinary(req *request.Request) bool {
	first := firstAccepted(req)
	return first != "" && l.binary.matches(first)
}

// firstAccepted is the first media type of the request's first Accept
// header ("" without one), parameters included.
func firstAccepted(req *request.Request) string {
	for _, f := range req.Headers {
		if strings.EqualFold(f.Name, headerAccept) {
			first, _, _ := strings.Cut(f.Value, ",")
			return strings.TrimSpace(first)
		}
	}
	return ""
}
