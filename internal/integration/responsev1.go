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
// body is decoded only when the API's binary media types match the
// response's Content-Type or the first type the request Accepts.
func (l *lambdaIntegration) responseV1(out []byte, req *request.Request) (*Response, error) {
	p, err := parseV1(out)
	if err != nil {
		return nil, err
	}
	resp := p.response()
	if p.base64 && l.decodeBinary(resp, req) {
		if err := decodeBase64Body(resp); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

func (l *lambdaIntegration) decodeBinary(resp *Response, req *request.Request) bool {
	if len(l.binary) == 0 {
		return false
	}
	if ct, ok := fieldValue(resp.Headers, headerContentType); ok && l.binary.matches(ct) {
		return true
	}
	accept, _ := req.Header(headerAccept)
	first, _, _ := strings.Cut(accept, ",")
	return strings.TrimSpace(first) != "" && l.binary.matches(first)
}
