package authorizer

import (
	"testing"

	"github.com/apigw/apigw/internal/request"
)

// TestAddedHeadersAsTheIntegrationSeesThem: an HTTP API authorizer event
// carries the headers API Gateway adds (V-2) with the values the Lambda
// proxy event gets (L-5): the client's X-Forwarded-For first, then the
// peer; the client's own X-Forwarded-Port and -Proto replaced.
func TestAddedHeadersAsTheIntegrationSeesThem(t *testing.T) {
	t.Parallel()
	req := &request.Request{SourceIP: "198.51.100.7", ServerPort: 8080, Headers: []request.Field{
		{Name: "x-forwarded-for", Value: "203.0.113.1"}, {Name: "X-Forwarded-Proto", Value: "https"},
		{Name: request.HeaderTraceID, Value: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"},
	}}
	want := map[string]string{
		"x-forwarded-for": "203.0.113.1, 198.51.100.7", "x-forwarded-port": "8080", "x-forwarded-proto": "http",
		"x-amzn-trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
	}
	v2 := headersV2(req)
	for k, v := range want {
		if v2[k] != v {
			t.Errorf("2.0 event header %s = %q, want %q", k, v2[k], v)
		}
	}
	v1 := headersV1(req)
	if got := v1["X-Forwarded-For"]; got != want["x-forwarded-for"] {
		t.Errorf("1.0 event X-Forwarded-For = %q, want %q (all: %v)", got, want["x-forwarded-for"], v1)
	}
}
