package integration

import (
	"context"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

func TestMock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		mock        *api.MockResponse
		wantStatus  int
		wantHeaders fields
		wantBody    string
	}{
		{"static response, headers sorted", &api.MockResponse{StatusCode: 202, Headers: map[string]string{"X-B": "2", "Content-Type": "text/plain", "X-A": "1"}, Body: "ok"}, 202, fields{hdr("Content-Type", "text/plain"), hdr("X-A", "1"), hdr("X-B", "2")}, "ok"},
		{"defaults: 200 and application/json", &api.MockResponse{Body: `{"a":1}`}, 200, fields{jsonCT}, `{"a":1}`},
		{"no mock response at all", nil, 200, fields{jsonCT}, ""},
	}
	for _, tt := range tests {
		in, err := New(api.Integration{Type: api.IntegrationMock, Mock: tt.mock}, nil, Options{})
		if err != nil {
			t.Fatalf("%s: New: %v", tt.name, err)
		}
		for range 2 { // the same answer every time, and a caller's append does not leak
			resp, err := in.Serve(context.Background(), getRequest(), nil)
			t.Run(tt.name, func(t *testing.T) { checkResponse(t, resp, err, tt.wantStatus, tt.wantHeaders, tt.wantBody, nil) })
			resp.Headers = append(resp.Headers, jsonCT)
		}
	}
}
