package integration

import (
	"encoding/json"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestHTTPAPIRequestID pins the request ids of an HTTP API's events: the
// request's id as the gateway gave it (its short form, which
// apigw-requestid carries), which the 1.0 event also gives as
// extendedRequestId (V-3: requestId equals extendedRequestId); both name
// their version. A REST 1.0 event has no version.
func TestHTTPAPIRequestID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		version  string
		opts     Options
		wantID   string
		wantSame bool // extendedRequestId present and equal
	}{
		{"V-3 HTTP API payload 1.0", api.PayloadV1, Options{HTTPAPI: true}, baseRequest().RequestID, true},
		{"V-10 HTTP API payload 2.0", api.PayloadV2, Options{HTTPAPI: true}, baseRequest().RequestID, false},
		{"L-1 REST payload 1.0", api.PayloadV1, Options{}, baseRequest().RequestID, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var ev struct {
				Version        string `json:"version"`
				RequestContext struct {
					RequestID         string `json:"requestId"`
					ExtendedRequestID string `json:"extendedRequestId"`
				} `json:"requestContext"`
			}
			if err := json.Unmarshal(eventFor(t, tt.version, getRequest(), nil, tt.opts), &ev); err != nil {
				t.Fatal(err)
			}
			rc := ev.RequestContext
			if want := map[bool]string{true: tt.version}[tt.opts.HTTPAPI]; ev.Version != want {
				t.Fatalf("version %q; want %q", ev.Version, want)
			}
			if rc.RequestID != tt.wantID || tt.wantSame && rc.ExtendedRequestID != rc.RequestID {
				t.Fatalf("requestId %q, extendedRequestId %q; want requestId %q (equal ids: %v)", rc.RequestID, rc.ExtendedRequestID, tt.wantID, tt.wantSame)
			}
		})
	}
}

// TestHTTPAPIAuthorizerContextV1 pins what a 1.0 integration of an HTTP
// API sees of a Lambda authorizer: claims and scopes null, the context
// keys, no principalId and no integrationLatency (V-8).
func TestHTTPAPIAuthorizerContextV1(t *testing.T) {
	t.Parallel()
	auth := &Authorization{PrincipalID: "user", Context: map[string]string{"ctx.foo": "bar", "claims": "x", "q\"k": "v"}, IntegrationLatencyMs: 7}
	var ev struct {
		RequestContext struct {
			Authorizer map[string]any `json:"authorizer"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal(eventFor(t, api.PayloadV1, getRequest(), auth, Options{HTTPAPI: true}), &ev); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"claims": nil, "scopes": nil, "ctx.foo": "bar", "q\"k": "v"}
	got := ev.RequestContext.Authorizer
	if len(got) != len(want) || got["ctx.foo"] != "bar" || got["q\"k"] != "v" || got["claims"] != nil || got["scopes"] != nil {
		t.Fatalf("authorizer %v; want %v", got, want)
	}
}
