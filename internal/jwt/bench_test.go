package jwt_test

import (
	"context"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/jwt"
	"github.com/apigw/apigw/internal/jwt/jwttest"
)

// BenchmarkVerify: one token verified with its key cached, per algorithm.
func BenchmarkVerify(b *testing.B) {
	for _, k := range []*jwttest.Key{jwttest.RSA(b, "rsa"), jwttest.EC(b, "ec")} {
		b.Run(k.Alg, func(b *testing.B) {
			v := jwt.New(jwtConfig, jwttest.FileKeyring(b, testIssuer, nil, k), func() time.Time { return epoch })
			tok := k.Sign(b, claims(nil))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.Verify(context.Background(), tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
