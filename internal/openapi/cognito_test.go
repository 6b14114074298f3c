package openapi

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

func cognitoScheme(authorizer string) string {
	return schemes("Pool", "      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authtype: cognito_user_pools\n      x-amazon-apigateway-authorizer: "+authorizer+"\n")
}

const poolARN = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC"

func TestLoadCognito(t *testing.T) {
	t.Parallel()
	doc := lambdaGet("      security: [{Pool: [pets/read, pets/write]}]\n",
		cognitoScheme("{type: cognito_user_pools, providerARNs: ['"+poolARN+"'], identitySource: method.request.header.X-Token, identityValidationExpression: 'client-.*'}"))
	d, err := Load([]byte(doc), Options{File: testFile, FunctionByARN: resolveTestFunction})
	if err != nil {
		t.Fatal(err)
	}
	a := d.Authorizers["Pool"]
	want := &api.JWTConfig{Issuers: []string{"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC"}}
	if a == nil || a.Type != api.AuthorizerCognito || !reflect.DeepEqual(a.JWT, want) || a.Gap.Missing() {
		t.Fatalf("authorizer %+v", a)
	}
	if src := a.IdentitySources; len(src) != 1 || src[0].Name != "X-Token" || a.Validation == nil {
		t.Fatalf("identity %v, validation %v", src, a.Validation)
	}
	if r := d.Routes[0]; r.Authorizer != "Pool" || !slices.Equal(r.Scopes, []string{"pets/read", "pets/write"}) {
		t.Fatalf("route %+v", r)
	}
}

func TestLoadCognitoErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, authorizer, want string }{
		{"not a pool ARN", "{type: cognito_user_pools, providerARNs: ['arn:aws:iam::1:role/x']}", "not a Cognito user pool ARN"},
		{"no providerARNs", "{type: cognito_user_pools}", "providerARNs"},
		{"query identity source", "{type: cognito_user_pools, providerARNs: ['" + poolARN + "'], identitySource: method.request.querystring.t}", "exactly one header"},
	} {
		_, err := Load([]byte(lambdaGet("      security: [{Pool: []}]\n", cognitoScheme(tc.authorizer))), Options{File: testFile, FunctionByARN: resolveTestFunction})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
