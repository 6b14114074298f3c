package integration

import (
	"encoding/json"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestJWTAuthorizerEvents pins where a verified token's claims and scopes
// reach the function: requestContext.authorizer.jwt for payload 2.0
// (DG-HTTP-LAMBDA), the filled claims and scopes keys of V-8 for an HTTP
// API's payload 1.0, and claims alone for a REST Cognito authorizer.
func TestJWTAuthorizerEvents(t *testing.T) {
	t.Parallel()
	claims := map[string]string{"sub": "u1", "cognito:groups": "[a b]"}
	for _, tc := range []struct {
		name    string
		version string
		opts    Options
		scopes  []string
		want    string
	}{
		{"2.0 with scopes", api.PayloadV2, Options{HTTPAPI: true}, []string{"pets/read"},
			`{"jwt":{"claims":{"cognito:groups":"[a b]","sub":"u1"},"scopes":["pets/read"]}}`},
		{"2.0 without scopes", api.PayloadV2, Options{HTTPAPI: true}, nil,
			`{"jwt":{"claims":{"cognito:groups":"[a b]","sub":"u1"},"scopes":null}}`},
		{"HTTP API 1.0", api.PayloadV1, Options{HTTPAPI: true}, []string{"a", "b"},
			`{"claims":{"cognito:groups":"[a b]","sub":"u1"},"scopes":["a","b"]}`},
		{"REST Cognito", api.PayloadV1, Options{}, []string{"a"},
			`{"claims":{"cognito:groups":"[a b]","sub":"u1"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			auth := &Authorization{PrincipalID: "ignored", Context: map[string]string{"x": "y"}, JWT: &JWT{Claims: claims, Scopes: tc.scopes}}
			var ev struct {
				RequestContext struct {
					Authorizer json.RawMessage `json:"authorizer"`
				} `json:"requestContext"`
			}
			if err := json.Unmarshal(eventFor(t, tc.version, getRequest(), auth, tc.opts), &ev); err != nil {
				t.Fatal(err)
			}
			if got := string(ev.RequestContext.Authorizer); got != tc.want {
				t.Fatalf("authorizer %s\nwant %s", got, tc.want)
			}
		})
	}
}
