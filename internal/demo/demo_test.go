package demo

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/apigw/apigw/internal/event"
	"github.com/aws/aws-lambda-go/events"
)

const methodARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/demo/GET/exact/pets"

func TestAuthorizerFuncs(t *testing.T) {
	t.Parallel()
	inv := Invokers()
	tests := []struct {
		name, fn, token string
		wantEffect      string
		wantResource    string
		wantErrMsg      string
	}{
		{"C-8 pitfall returns the exact ARN", ExactFunction, TokenAllow, "Allow", methodARN, ""},
		{"C-8 fix returns the wildcard", WildcardFunction, TokenAllow, "Allow", "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*", ""},
		{"deny", WildcardFunction, TokenDeny, "Deny", "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*", ""},
		{"O-7 unauthorized", ExactFunction, TokenUnauthorized, "", "", "Unauthorized"},
		{"O-8 anything else", ExactFunction, "bogus", "", "", "Error: Invalid token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, _ := json.Marshal(events.APIGatewayCustomAuthorizerRequest{Type: "TOKEN", AuthorizationToken: tt.token, MethodArn: methodARN})
			out, err := inv[tt.fn].Invoke(context.Background(), in)
			var fe *event.FunctionError
			if tt.wantErrMsg != "" {
				if !errors.As(err, &fe) || fe.Message != tt.wantErrMsg {
					t.Fatalf("got %v; want function error %q", err, tt.wantErrMsg)
				}
				return
			}
			var resp events.APIGatewayCustomAuthorizerResponse
			if err != nil || json.Unmarshal(out, &resp) != nil {
				t.Fatalf("got %s, %v; want a policy", out, err)
			}
			st := resp.PolicyDocument.Statement[0]
			if st.Effect != tt.wantEffect || st.Resource[0] != tt.wantResource {
				t.Fatalf("got %s %s; want %s %s", st.Effect, st.Resource[0], tt.wantEffect, tt.wantResource)
			}
		})
	}
}

func TestTemplateRoutesReferToFunctions(t *testing.T) {
	t.Parallel()
	tpl := Template()
	inv := Invokers()
	for _, a := range tpl.APIs {
		for _, r := range a.Routes {
			if r.Integration.Function != "" && inv[r.Integration.Function] == nil {
				t.Errorf("route %s %s: got function %q with no invoker; want one", r.Method, r.Path, r.Integration.Function)
			}
		}
		for name, az := range a.Authorizers {
			if inv[az.Function] == nil {
				t.Errorf("authorizer %s: got function %q with no invoker; want one", name, az.Function)
			}
		}
	}
}

// TestSimpleAuth: the HTTP API's authorizer answers a verdict (V-4), with
// a context naming the request it decided for.
func TestSimpleAuth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, token string
		want        bool
	}{
		{"V-4 allow", TokenAllow, true},
		{"V-4 anything else is a deny verdict", TokenDeny, false},
		{"V-4 no token", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := events.APIGatewayV2CustomAuthorizerV2Request{RawPath: "/v2/pets", Headers: map[string]string{"authorization": tt.token}}
			in.RequestContext.HTTP.Method = "GET"
			payload, _ := json.Marshal(in)
			out, err := Invokers()[SimpleFunction].Invoke(context.Background(), payload)
			var resp events.APIGatewayV2CustomAuthorizerSimpleResponse
			if err != nil || json.Unmarshal(out, &resp) != nil {
				t.Fatalf("got %s, %v; want a simple response", out, err)
			}
			if resp.IsAuthorized != tt.want || resp.Context["decidedFor"] != "GET /v2/pets" {
				t.Fatalf("got %+v; want isAuthorized %v, decidedFor GET /v2/pets", resp, tt.want)
			}
		})
	}
}
