package integration

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestHTTPProxyTimeoutEveryTransport: the integration timeout (L-3) is
// ErrTimeout whether upstream's raw path bounds the exchange itself or a
// context with the deadline bounds another transport, while the backend
// withholds its response head or its body's end.
func TestHTTPProxyTimeoutEveryTransport(t *testing.T) {
	t.Parallel()
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/body" {
			_, _ = io.WriteString(w, "partial")
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done() // until the integration gives up
	}))
	t.Cleanup(stall.Close)
	for _, tc := range []struct {
		name      string
		transport http.RoundTripper
		path      string
		body      int // bytes of request body
	}{
		{"raw path, no head", nil, "/head", 0},
		{"raw path, body stalls", nil, "/body", 0},
		{"net/http transport, no head", newHTTPTransport(), "/head", 0},
		{"net/http transport, body stalls", newHTTPTransport(), "/body", 0},
		{"upstream leaves a large body to net/http", NewTransport(), "/head", 1 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := api.Integration{Type: api.IntegrationHTTPProxy, URI: stall.URL + tc.path, TimeoutMs: 50}
			in, err := New(cfg, nil, Options{Resource: "/{proxy+}", Transport: tc.transport})
			if err != nil {
				t.Fatal(err)
			}
			req := getRequest()
			req.Method, req.Body = http.MethodPost, make([]byte, tc.body)
			_, err = in.Serve(context.Background(), req, nil)
			if !errors.Is(err, ErrTimeout) {
				t.Errorf("L-3 backend slower than TimeoutMs: got %v; want ErrTimeout", err)
			}
		})
	}
}
