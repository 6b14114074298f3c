package integration

import (
	"context"
	"fmt"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// mockIntegration answers every request with the same response.
type mockIntegration struct {
	resp Response
}

// newMock builds the static response once: status 200 when unset, headers
// sorted by name, Content-Type application/json unless given, framing
// headers renamed as for every integration (BAD-1). A status outside
// 200-599 is refused at load.
func newMock(m *api.MockResponse) (*mockIntegration, error) {
	if m == nil {
		m = &api.MockResponse{}
	}
	resp := Response{StatusCode: m.StatusCode, Body: []byte(m.Body)}
	if resp.StatusCode == 0 {
		resp.StatusCode = defaultStatus
	}
	if resp.StatusCode < minStatus || resp.StatusCode > maxStatus {
		return nil, fmt.Errorf("integration: mock status %d is not a status code", m.StatusCode)
	}
	for _, name := range sortedKeys(nil, m.Headers) {
		resp.Headers = append(resp.Headers, request.Field{Name: name, Value: m.Headers[name]})
	}
	resp.Headers = remapHeaders(withDefaultContentType(resp.Headers))
	resp.Headers = resp.Headers[:len(resp.Headers):len(resp.Headers)]
	return &mockIntegration{resp: resp}, nil
}

// Serve returns a copy of the static response; its slices are shared and
// must not be changed (an append to Headers copies, its capacity is full).
func (m *mockIntegration) Serve(context.Context, *request.Request, *Authorization) (*Response, error) {
	resp := m.resp
	return &resp, nil
}
