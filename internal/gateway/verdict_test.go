package gateway

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
)

// verdictOf is an authorizer kind that always decides v.
type verdictOf Verdict

func (v verdictOf) Authorize(context.Context, *request.Request, string, *policy.Context) Verdict {
	return Verdict(v)
}

// recordingIntegration answers 200 and keeps a copy of what the gateway
// gave it (the gateway's Authorization is read only while Serve runs).
type recordingIntegration struct{ auth *integration.Authorization }

func (r *recordingIntegration) Serve(_ context.Context, _ *request.Request, auth *integration.Authorization) (*integration.Response, error) {
	if auth != nil {
		kept := *auth
		r.auth = &kept
	}
	return &integration.Response{StatusCode: 200, Body: []byte("ok")}, nil
}

// verdictGateway serves GET /pets behind an authorizer that decides v,
// through injected factories only.
func verdictGateway(t *testing.T, v Verdict) (*Gateway, *recordingIntegration) {
	t.Helper()
	in := &recordingIntegration{}
	gw, err := New(Config{
		Template:     testAPI([]*api.Route{{Method: "GET", Path: "/pets", Authorizer: "Auth"}}, &api.Authorizer{Name: "Auth"}),
		Authorizers:  func(*api.API, *api.Authorizer) (Authorizer, error) { return verdictOf(v), nil },
		Integrations: func(*api.API, *api.Route) (Integration, error) { return in, nil },
		Region:       "us-east-1", AccountID: "123456789012",
	})
	if err != nil {
		t.Fatal(err)
	}
	return gw, in
}

func TestVerdictRendersAsData(t *testing.T) {
	t.Parallel()
	explicit := api.MessageExplicitDeny
	tests := []struct {
		name      string
		v         Verdict
		wantCode  int
		wantType  string
		wantBody  string
		wantReach bool
	}{
		{"allow reaches the integration", Verdict{Allow: true}, 200, "", "ok", true},
		{"the zero Verdict fails closed (O-8)", Verdict{}, 500, "AuthorizerConfigurationException", bodyNull, false},
		{"a Verdict that allows and names a response denies", Verdict{Allow: true, Response: api.ResponseUnauthorized}, 401, "UnauthorizedException", bodyUnauthorized, false},
		{"T-3 unauthorized", Verdict{Response: api.ResponseUnauthorized}, 401, "UnauthorizedException", bodyUnauthorized, false},
		{"O-9 explicit deny message", Verdict{Response: api.ResponseAccessDenied, Message: explicit}, 403, "AccessDeniedException", bodyExplicitDeny, false},
		{"O-9 implicit deny is ACCESS_DENIED's default", Verdict{Response: api.ResponseAccessDenied}, 403, "AccessDeniedException", bodyImplicitDeny, false},
		{"an unknown response type fails closed as a 5xx", Verdict{Response: "NOT_A_TYPE"}, 500, "InternalServerErrorException", `{"message":"Internal server error"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gw, in := verdictGateway(t, tt.v)
			resp := gw.Serve(context.Background(), &request.Request{Method: "GET"}, []byte("/pets"))
			if resp.StatusCode != tt.wantCode || string(resp.Body) != tt.wantBody || headerValue(resp, HeaderErrorType) != tt.wantType {
				t.Fatalf("got %d %s %q; want %d %s %q", resp.StatusCode, resp.Body, headerValue(resp, HeaderErrorType), tt.wantCode, tt.wantBody, tt.wantType)
			}
			if reached := in.auth != nil; reached != tt.wantReach {
				t.Fatalf("integration reached: got %v; want %v", reached, tt.wantReach)
			}
		})
	}
}

// TestVerdictReachesIntegration: the principal, context and latency of an
// allow are what the integration gets (O-6, O-5); a cache hit's 0 stays 0.
func TestVerdictReachesIntegration(t *testing.T) {
	t.Parallel()
	v := Verdict{Allow: true, PrincipalID: "user-1", Context: map[string]string{"k": "v"}, Latency: 1500 * time.Microsecond}
	gw, in := verdictGateway(t, v)
	gw.Serve(context.Background(), &request.Request{Method: "GET"}, []byte("/pets"))
	if in.auth == nil || in.auth.PrincipalID != "user-1" || in.auth.Context["k"] != "v" || in.auth.IntegrationLatencyMs != 1 {
		t.Fatalf("got %+v; want principal user-1, context k=v, latency 1 ms", in.auth)
	}
}

func TestIntegrationFactoryErrorsAreReported(t *testing.T) {
	t.Parallel()
	errNope := errors.New("nope")
	_, err := New(Config{
		Template:     testAPI([]*api.Route{{Method: "GET", Path: "/pets"}, {Method: "POST", Path: "/pets"}}),
		Integrations: func(*api.API, *api.Route) (Integration, error) { return nil, errNope },
	})
	if !errors.Is(err, errNope) || !strings.Contains(err.Error(), "GET /pets") || !strings.Contains(err.Error(), "POST /pets") {
		t.Fatalf("got %v; want both routes' errors, wrapping the factory's", err)
	}
}

func headerValue(resp *Response, name string) string {
	for _, h := range resp.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}
