package jwt_test

import (
	"context"
	"crypto"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/jwt"
	"github.com/apigw/apigw/internal/jwt/jwttest"
)

// FuzzVerify: any string is refused with an error or verified, never a
// panic; and nothing but the real key's signature verifies.
func FuzzVerify(f *testing.F) {
	key := jwttest.RSA(f, "k")
	v := jwt.New(jwtConfig, fixedKeys{"k": key}, func() time.Time { return epoch })
	f.Add(key.Sign(f, claims(nil)))
	f.Add("e30.e30.")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("a.b.c.d")
	f.Fuzz(func(t *testing.T, raw string) {
		tok, err := v.Verify(context.Background(), raw)
		if (err == nil) != (tok != nil) {
			t.Fatalf("token %v with error %v", tok, err)
		}
	})
}

// fixedKeys serve fixed keys by kid.
type fixedKeys map[string]*jwttest.Key

func (k fixedKeys) Key(_ context.Context, _, kid string) (crypto.PublicKey, error) {
	if key, ok := k[kid]; ok {
		return key.Private.Public(), nil
	}
	return nil, jwt.ErrUnknownKey
}

func FuzzParseJWKS(f *testing.F) {
	f.Add(jwttest.JWKS(jwttest.RSA(f, "a"), jwttest.EC(f, "b")))
	f.Add([]byte(`{"keys":[{"kty":"EC","crv":"P-256","kid":"x","x":"","y":""}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		keys, err := jwt.ParseJWKS(raw)
		if (err == nil) != (len(keys) > 0) {
			t.Fatalf("%d keys with error %v", len(keys), err)
		}
	})
}
