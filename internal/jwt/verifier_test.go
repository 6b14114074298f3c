package jwt_test

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"

	"github.com/apigw/apigw/internal/jwt"
	"github.com/apigw/apigw/internal/jwt/jwttest"
)

const (
	testIssuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"
	testClient = "client-1"
)

var epoch = time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)

// fixture is a verifier over a JWKS file holding an RSA and an EC key.
type fixture struct {
	rsa, ec *jwttest.Key
	keys    *jwt.Keyring
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{rsa: jwttest.RSA(t, "rsa-1"), ec: jwttest.EC(t, "ec-1")}
	f.keys = jwttest.FileKeyring(t, testIssuer, func() time.Time { return epoch }, f.rsa, f.ec)
	return f
}

func (f *fixture) verifier(cfg jwt.Config) *jwt.Verifier {
	return jwt.New(cfg, f.keys, func() time.Time { return epoch })
}

// claims are valid claims of an access token, changed by set.
func claims(set map[string]any) map[string]any {
	c := map[string]any{
		"iss": testIssuer, "sub": "user-1", "client_id": testClient, "token_use": "access",
		"scope": "pets/read pets/write", "exp": epoch.Add(time.Hour).Unix(), "iat": epoch.Add(-time.Minute).Unix(),
	}
	for k, v := range set {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

var jwtConfig = jwt.Config{Issuers: []string{testIssuer}, Audience: []string{testClient}, CheckAudience: true}

func TestVerify(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hsToken := hmacWithPublicKey(t, f.rsa)
	for _, tc := range []struct {
		name  string
		token func() string
		cfg   jwt.Config
		want  error
	}{
		{"RS256 access token, client_id as audience", func() string { return f.rsa.Sign(t, claims(nil)) }, jwtConfig, nil},
		{"ES256 id token, aud", func() string {
			return f.ec.Sign(t, claims(map[string]any{"aud": testClient, "client_id": nil, "token_use": "id"}))
		}, jwtConfig, nil},
		{"aud list with one match", func() string { return f.rsa.Sign(t, claims(map[string]any{"aud": []string{"x", testClient}})) }, jwtConfig, nil},
		{"aud wins over client_id", func() string { return f.rsa.Sign(t, claims(map[string]any{"aud": "other"})) }, jwtConfig, jwt.ErrAudience},
		{"wrong client_id", func() string { return f.rsa.Sign(t, claims(map[string]any{"client_id": "evil"})) }, jwtConfig, jwt.ErrAudience},
		{"no audience configured accepts none", func() string { return f.rsa.Sign(t, claims(nil)) }, jwt.Config{Issuers: jwtConfig.Issuers, CheckAudience: true}, jwt.ErrAudience},
		{"wrong issuer", func() string { return f.rsa.Sign(t, claims(map[string]any{"iss": testIssuer + "x"})) }, jwtConfig, jwt.ErrIssuer},
		{"no issuer", func() string { return f.rsa.Sign(t, claims(map[string]any{"iss": nil})) }, jwtConfig, jwt.ErrIssuer},
		{"expired", func() string {
			return f.rsa.Sign(t, claims(map[string]any{"exp": epoch.Add(-30 * time.Second).Unix()}))
		}, jwtConfig, jwt.ErrExpired},
		{"expired within leeway", func() string { return f.rsa.Sign(t, claims(map[string]any{"exp": epoch.Add(-2 * time.Second).Unix()})) }, jwtConfig, nil},
		{"no exp", func() string { return f.rsa.Sign(t, claims(map[string]any{"exp": nil})) }, jwtConfig, jwt.ErrExpired},
		{"nbf ahead", func() string { return f.rsa.Sign(t, claims(map[string]any{"nbf": epoch.Add(time.Minute).Unix()})) }, jwtConfig, jwt.ErrNotYetValid},
		{"iat ahead", func() string { return f.rsa.Sign(t, claims(map[string]any{"iat": epoch.Add(time.Minute).Unix()})) }, jwtConfig, jwt.ErrNotYetValid},
		{"nbf not a number", func() string { return f.rsa.Sign(t, claims(map[string]any{"nbf": "soon"})) }, jwtConfig, jwt.ErrClaims},
		{"alg none", func() string { return none(t) }, jwtConfig, jwt.ErrAlgorithm},
		{"HS256 keyed with the RSA public key", func() string { return hsToken }, jwtConfig, jwt.ErrAlgorithm},
		{"unknown kid", func() string {
			return (&jwttest.Key{KID: "nope", Alg: "RS256", Private: f.rsa.Private}).Sign(t, claims(nil))
		}, jwtConfig, jwt.ErrUnknownKey},
		{"signed by another key under a known kid", func() string { return jwttest.RSA(t, "rsa-1").Sign(t, claims(nil)) }, jwtConfig, jwt.ErrSignature},
		{"ES256 header on the RSA key's kid", func() string {
			return (&jwttest.Key{KID: "rsa-1", Alg: "ES256", Private: f.ec.Private}).Sign(t, claims(nil))
		}, jwtConfig, jwt.ErrSignature},
		{"tampered payload", func() string { return tamper(f.rsa.Sign(t, claims(nil))) }, jwtConfig, jwt.ErrSignature},
		{"no kid", func() string { return (&jwttest.Key{Alg: "RS256", Private: f.rsa.Private}).Sign(t, claims(nil)) }, jwtConfig, jwt.ErrNoKeyID},
		{"empty", func() string { return "" }, jwtConfig, jwt.ErrMissing},
		{"not a JWT", func() string { return "Bearer abc" }, jwtConfig, jwt.ErrMalformed},
		{"Cognito token_use other", func() string { return f.rsa.Sign(t, claims(map[string]any{"token_use": "refresh"})) }, jwt.Config{Issuers: jwtConfig.Issuers, Cognito: true}, jwt.ErrTokenUse},
		{"Cognito ignores audience", func() string { return f.rsa.Sign(t, claims(map[string]any{"client_id": "any"})) }, jwt.Config{Issuers: jwtConfig.Issuers, Cognito: true}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tok, err := f.verifier(tc.cfg).Verify(context.Background(), tc.token())
			if !errors.Is(err, tc.want) || (tc.want == nil) != (tok != nil) {
				t.Fatalf("Verify: %v, want %v", err, tc.want)
			}
		})
	}
}

// TestVerifyErrorsHoldNoToken: an explanation never carries the token.
func TestVerifyErrorsHoldNoToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok := f.rsa.Sign(t, claims(map[string]any{"exp": epoch.Add(-30 * time.Second).Unix()}))
	_, err := f.verifier(jwtConfig).Verify(context.Background(), tok)
	if err == nil || strings.Contains(err.Error(), tok) || strings.Contains(err.Error(), strings.Split(tok, ".")[2]) {
		t.Fatalf("error %q", err)
	}
	if err.Error() != "token expired 30s ago" {
		t.Fatalf("error %q, want the age of the expiry", err)
	}
}

func TestVerifyReturnsClaimsAndScopes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tok, err := f.verifier(jwt.Config{Issuers: jwtConfig.Issuers, Cognito: true}).Verify(context.Background(), f.rsa.Sign(t, claims(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tok.Scopes, []string{"pets/read", "pets/write"}) || tok.Use != jwt.UseAccess || tok.Claims["sub"] != "user-1" {
		t.Fatalf("token %+v", tok)
	}
}

func TestScopes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		claims map[string]any
		want   []string
	}{
		{"scope string", map[string]any{"scope": " a  b "}, []string{"a", "b"}},
		{"scp string", map[string]any{"scp": "a b"}, []string{"a", "b"}},
		{"scp list", map[string]any{"scp": []any{"a", 1, "b"}}, []string{"a", "b"}},
		{"scope wins over scp", map[string]any{"scope": "a", "scp": "b"}, []string{"a"}},
		{"none", map[string]any{}, nil},
	} {
		if got := jwt.Scopes(tc.claims); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// none is an unsigned token (alg none).
func none(t *testing.T) string {
	tok := gojwt.NewWithClaims(gojwt.SigningMethodNone, gojwt.MapClaims(claims(nil)))
	tok.Header["kid"] = "rsa-1"
	s, err := tok.SignedString(gojwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// hmacWithPublicKey is the classic confusion attack: HS256 keyed with the
// RSA public key's PEM, which anyone can read from the JWKS.
func hmacWithPublicKey(t *testing.T, k *jwttest.Key) string {
	der, err := x509.MarshalPKIXPublicKey(k.Private.Public())
	if err != nil {
		t.Fatal(err)
	}
	secret := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	tok := gojwt.NewWithClaims(gojwt.SigningMethodHS256, gojwt.MapClaims(claims(nil)))
	tok.Header["kid"] = k.KID
	s, err := tok.SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tamper changes the payload and keeps the signature.
func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	parts[1] = strings.Replace(parts[1], parts[1][:4], "eyJz", 1)
	return strings.Join(parts, ".")
}
