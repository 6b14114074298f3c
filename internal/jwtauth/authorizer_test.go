package jwtauth_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/jwt"
	"github.com/apigw/apigw/internal/jwt/jwttest"
	"github.com/apigw/apigw/internal/jwtauth"
	"github.com/apigw/apigw/internal/request"
)

const (
	issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool"
	client = "client-1"
)

var now = time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)

type fixture struct {
	key  *jwttest.Key
	keys *jwt.Keyring
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{key: jwttest.RSA(t, "k1")}
	f.keys = jwttest.FileKeyring(t, issuer, nil, f.key)
	return f
}

// token signs claims over valid defaults ("" deletes a claim).
func (f *fixture) token(t *testing.T, set map[string]any) string {
	c := map[string]any{"iss": issuer, "sub": "u1", "client_id": client, "token_use": "access", "scope": "pets/read",
		"exp": now.Add(time.Hour).Unix(), "cognito:groups": []string{"admin", "dev"}, "email_verified": true}
	for k, v := range set {
		if v == "" {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return f.key.Sign(t, c)
}

// httpAPI has a JWT authorizer on GET /pets (no scopes) and POST /pets
// (pets/write).
func httpAPI(issuers ...string) (*api.API, *api.Authorizer) {
	az := &api.Authorizer{Name: "Jwt", Type: api.AuthorizerJWT, JWT: &api.JWTConfig{Issuers: issuers, Audience: []string{client}},
		IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}}}
	a := &api.API{Kind: api.KindHTTP, Authorizers: map[string]*api.Authorizer{"Jwt": az}, Routes: []*api.Route{
		{Method: "GET", Path: "/pets", Key: "GET /pets", Authorizer: "Jwt"},
		{Method: "POST", Path: "/pets", Key: "POST /pets", Authorizer: "Jwt", Scopes: []string{"pets/write", "admin"}},
	}}
	return a, az
}

// restAPI has a Cognito authorizer on GET /me (no scopes) and ANY
// /admin (admin).
func restAPI() (*api.API, *api.Authorizer) {
	az := &api.Authorizer{Name: "Pool", Type: api.AuthorizerCognito, JWT: &api.JWTConfig{Issuers: []string{issuer}},
		IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}}}
	a := &api.API{Authorizers: map[string]*api.Authorizer{"Pool": az}, Routes: []*api.Route{
		{Method: "GET", Path: "/me", Authorizer: "Pool"},
		{Method: "ANY", Path: "/admin", Authorizer: "Pool", Scopes: []string{"admin"}},
	}}
	return a, az
}

func req(method, resource, auth string) *request.Request {
	r := &request.Request{Method: method, Resource: resource, ResourceID: method + " " + resource}
	if auth != "-" {
		r.Headers = []request.Field{{Name: "authorization", Value: auth}}
	}
	return r
}

func build(t *testing.T, a *api.API, az *api.Authorizer, keys jwt.Keys) *jwtauth.Authorizer {
	z, err := jwtauth.New(a, az, keys, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func TestHTTPAPIJWT(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, az := httpAPI(issuer)
	z := build(t, a, az, f.keys)
	const bearer = `Bearer scope="" error="invalid_token" error_description=`
	for _, tc := range []struct {
		name, method, auth string
		status             int
		reason             string
		challenge          string // the www-authenticate value; "" for none
	}{
		{"V-7 missing token is 401", "GET", "-", 401, "no token in $request.header.Authorization", ""},
		{"V-7 empty header is 401", "GET", "", 401, "no token", ""},
		{"Bearer prefix stripped", "GET", "Bearer " + f.token(t, nil), 200, "allow: token of sub \"u1\", expires in 1h0m0s, scopes pets/read", ""},
		{"bare token", "GET", f.token(t, nil), 200, "allow", ""},
		{"lower-case bearer is not stripped", "GET", "bearer " + f.token(t, nil), 401, "not a well-formed JWT", bearer + `"the token is malformed"`},
		// DG-HTTP-LAMBDA troubleshooting-jwt gives this header byte for byte.
		{"V-7 wrong audience is 401", "GET", f.token(t, map[string]any{"client_id": "other"}), 401, "audience", bearer + `"the token does not have a valid audience"`},
		{"V-7 wrong issuer is 401", "GET", f.token(t, map[string]any{"iss": issuer + "2"}), 401, "issuer", bearer + `"the token does not have a valid issuer"`},
		{"expired is 401", "GET", f.token(t, map[string]any{"exp": now.Add(-30 * time.Second).Unix()}), 401, "token expired 30s ago", bearer + `"the token has expired"`},
		{"bad signature is 401", "GET", f.token(t, nil)[:len(f.token(t, nil))-4] + "AAAA", 401, "signature", bearer + `"the token's signature is invalid"`},
		{"V-7 missing scope is 403", "POST", f.token(t, nil), 403, "route needs scope pets/write or admin; the token has pets/read", ""},
		{"one of the route's scopes is enough", "POST", f.token(t, map[string]any{"scope": "admin"}), 200, "allow", ""},
		{"JWT authorizers ignore token_use", "GET", f.token(t, map[string]any{"token_use": "id"}), 200, "allow", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := z.Authorize(context.Background(), req(tc.method, "/pets", tc.auth))
			if out.Explanation.Status != tc.status || out.Allow != (tc.status == 200) || !strings.Contains(out.Explanation.String(), tc.reason) {
				t.Fatalf("%+v %q; want %d %q", out, out.Explanation, tc.status, tc.reason)
			}
			if out.Challenge != tc.challenge {
				t.Fatalf("challenge %q, want %q", out.Challenge, tc.challenge)
			}
		})
	}
}

func TestHTTPAPIClaims(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, az := httpAPI(issuer)
	out := build(t, a, az, f.keys).Authorize(context.Background(), req("GET", "/pets", f.token(t, nil)))
	want := map[string]string{"cognito:groups": "[admin dev]", "email_verified": "true", "exp": "1796522400", "sub": "u1", "scope": "pets/read"}
	for k, v := range want {
		if out.Claims[k] != v {
			t.Errorf("claim %s = %q, want %q", k, out.Claims[k], v)
		}
	}
	if len(out.Scopes) != 1 || out.Scopes[0] != "pets/read" || out.Context != nil {
		t.Errorf("scopes %q, context %v (HTTP APIs have no $context.authorizer.claims)", out.Scopes, out.Context)
	}
}

func TestCognito(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, az := restAPI()
	z := build(t, a, az, f.keys)
	id := map[string]any{"token_use": "id", "aud": client, "client_id": "", "scope": ""}
	for _, tc := range []struct {
		name, method, resource, auth string
		status                       int
		message, reason              string
	}{
		{"id token on a method without scopes", "GET", "/me", f.token(t, id), 200, "", "allow"},
		{"access token on a method without scopes is 401", "GET", "/me", f.token(t, nil), 401, "", "takes an id token"},
		{"access token with the scope", "DELETE", "/admin", f.token(t, map[string]any{"scope": "admin"}), 200, "", "allow"},
		{"access token without the scope is 401", "GET", "/admin", f.token(t, nil), 401, "", "route needs scope admin"},
		{"id token on a method with scopes is 401", "GET", "/admin", f.token(t, id), 401, "", "takes an access token"},
		{"no Bearer stripping", "GET", "/me", "Bearer " + f.token(t, id), 401, "", "not a well-formed JWT"},
		{"expired", "GET", "/me", f.token(t, map[string]any{"token_use": "id", "aud": client, "exp": now.Add(-time.Hour).Unix()}), 401, jwtauth.MessageExpired, "expired 1h0m0s ago"},
		{"refresh token_use", "GET", "/me", f.token(t, map[string]any{"token_use": "refresh"}), 401, "", "token_use"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := z.Authorize(context.Background(), req(tc.method, tc.resource, tc.auth))
			if out.Explanation.Status != tc.status || out.Message != tc.message || !strings.Contains(out.Explanation.String(), tc.reason) {
				t.Fatalf("%+v %q; want %d %q %q", out, out.Explanation, tc.status, tc.message, tc.reason)
			}
			if out.Challenge != "" { // www-authenticate is an HTTP API's
				t.Fatalf("a REST API's Cognito 401 has challenge %q", out.Challenge)
			}
		})
	}
}

func TestCognitoValidationAndClaims(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, az := restAPI()
	if err := az.SetValidation("client-[0-9]+"); err != nil {
		t.Fatal(err)
	}
	z := build(t, a, az, f.keys)
	ok := z.Authorize(context.Background(), req("GET", "/me", f.token(t, map[string]any{"token_use": "id", "aud": client})))
	if !ok.Allow || ok.Claims["cognito:groups"] != "admin,dev" || ok.Context["claims.sub"] != "u1" {
		t.Fatalf("allowed %v, groups %q, $context.authorizer.claims.sub %q", ok.Allow, ok.Claims["cognito:groups"], ok.Context["claims.sub"])
	}
	bad := z.Authorize(context.Background(), req("GET", "/me", f.token(t, map[string]any{"token_use": "id", "aud": "web"})))
	if bad.Allow || bad.Explanation.Status != 401 {
		t.Fatalf("T-4 aud not matching the expression: %+v", bad)
	}
}

// TestKeysUnavailable: an issuer whose keys cannot be read denies with 500
// AUTHORIZER_CONFIGURATION_ERROR, never allows.
func TestKeysUnavailable(t *testing.T) {
	t.Parallel()
	ring, err := jwt.NewKeyring(jwt.KeyringOptions{})
	if err != nil {
		t.Fatal(err)
	}
	unreachable := "http://127.0.0.1:1"
	a, az := httpAPI(unreachable)
	f := newFixture(t)
	out := build(t, a, az, ring).Authorize(context.Background(), req("GET", "/pets", f.token(t, map[string]any{"iss": unreachable})))
	if out.Allow || out.Response != api.ResponseAuthorizerConfigurationError || out.Explanation.Status != 500 {
		t.Fatalf("%+v %q", out, out.Explanation)
	}
}

// decode reads claims as package jwt does (numbers as json.Number).
func decode(raw string) (map[string]any, bool) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var c map[string]any
	return c, dec.Decode(&c) == nil
}
