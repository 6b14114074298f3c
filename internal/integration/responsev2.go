package integration

import (
	"bytes"
	"fmt"

	"github.com/apigw/apigw/internal/request"
)

// parseV2 reads a payload 2.0 response (DG-HTTP-LAMBDA): an object with a
// statusCode key is the structured form (unknown keys ignored); any other
// valid JSON is the body of a 200 application/json response, a JSON string
// standing for its text.
func parseV2(payload []byte) (proxyResponse, error) {
	r := jsonReader{data: payload}
	if r.ws() == '{' {
		var p proxyResponse
		err := r.object(func(key []byte) error { return p.member(&r, key, true) })
		if err == nil {
			err = r.end()
		}
		if err == nil && p.statusKey {
			return p, nil
		}
		if err != nil && hasStatusKey(payload) {
			return proxyResponse{}, fmt.Errorf("%w: %w", ErrMalformedResponse, err)
		}
	}
	return rawV2(payload)
}

// rawV2 is the inferred response of an unstructured 2.0 output.
func rawV2(payload []byte) (proxyResponse, error) {
	r := jsonReader{data: payload}
	var body []byte
	var err error
	if r.ws() == '"' {
		body, err = r.str()
	} else {
		err = r.skip(0)
		body = bytes.TrimSpace(payload)
	}
	if err == nil {
		err = r.end()
	}
	if err != nil {
		return proxyResponse{}, fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	}
	return proxyResponse{body: body}, nil
}

// hasStatusKey reports whether payload is an object with a top-level
// statusCode key, whatever the rest holds.
func hasStatusKey(payload []byte) bool {
	r := jsonReader{data: payload}
	found := false
	_ = r.object(func(key []byte) error {
		found = found || string(key) == keyStatusCode
		return r.skip(0)
	})
	return found
}

// responseV2 turns a payload 2.0 output into the Response; a base64 body
// is always decoded (HTTP APIs have no binary media types).
func (l *lambdaIntegration) responseV2(out []byte, _ *request.Request) (*Response, error) {
	p, err := parseV2(out)
	if err != nil {
		return nil, err
	}
	resp := p.response()
	if p.isBase64() {
		if err := decodeBase64Body(resp); err != nil {
			return nil, err
		}
	}
	return resp, nil
}
