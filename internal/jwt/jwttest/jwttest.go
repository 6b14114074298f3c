// Package jwttest is a token issuer for tests: RSA and ECDSA keys made in
// the test, tokens signed with them, their JWKS as JSON, and optionally an
// OpenID issuer served on 127.0.0.1 (discovery document and JWKS) whose
// keys can be rotated. Nothing here is for production use.
package jwttest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"

	"github.com/apigw/apigw/internal/jwt"
)

// Key is a signing key with its kid and algorithm.
type Key struct {
	KID     string
	Alg     string
	Private crypto.Signer
}

// RSA makes a 2048-bit RSA key signing with RS256.
func RSA(t testing.TB, kid string) *Key {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return &Key{KID: kid, Alg: "RS256", Private: k}
}

// EC makes a P-256 key signing with ES256.
func EC(t testing.TB, kid string) *Key {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &Key{KID: kid, Alg: "ES256", Private: k}
}

// Sign returns claims signed by k, with kid in the header.
func (k *Key) Sign(t testing.TB, claims map[string]any) string {
	t.Helper()
	tok := gojwt.NewWithClaims(gojwt.GetSigningMethod(k.Alg), gojwt.MapClaims(claims))
	tok.Header["kid"] = k.KID
	s, err := tok.SignedString(k.Private)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// JWKS is the public JWK Set of keys, as JSON.
func JWKS(keys ...*Key) []byte {
	set := struct {
		Keys []map[string]string `json:"keys"`
	}{}
	for _, k := range keys {
		set.Keys = append(set.Keys, jwk(k))
	}
	b, _ := json.Marshal(set)
	return b
}

func jwk(k *Key) map[string]string {
	m := map[string]string{"kid": k.KID, "alg": k.Alg, "use": "sig"}
	switch pub := k.Private.Public().(type) {
	case *rsa.PublicKey:
		m["kty"], m["n"], m["e"] = "RSA", b64(pub.N), b64(big.NewInt(int64(pub.E)))
	case *ecdsa.PublicKey:
		m["kty"], m["crv"] = "EC", pub.Curve.Params().Name
		size := (pub.Curve.Params().BitSize + 7) / 8
		x, y := make([]byte, size), make([]byte, size)
		m["x"] = base64.RawURLEncoding.EncodeToString(pub.X.FillBytes(x))
		m["y"] = base64.RawURLEncoding.EncodeToString(pub.Y.FillBytes(y))
	}
	return m
}

func b64(n *big.Int) string { return base64.RawURLEncoding.EncodeToString(n.Bytes()) }

// Issuer is an OpenID issuer on 127.0.0.1: URL/.well-known/openid-configuration
// names URL/jwks, which serves the current keys.
type Issuer struct {
	URL string
	// JWKSFetches counts the JWKS requests served.
	JWKSFetches atomic.Int64

	mu   sync.Mutex
	keys []*Key
}

// NewIssuer serves an issuer with keys until the test ends.
func NewIssuer(t testing.TB, keys ...*Key) *Issuer {
	iss := &Issuer{keys: keys}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": iss.URL, "jwks_uri": iss.URL + "/jwks"})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, _ *http.Request) {
		iss.JWKSFetches.Add(1)
		iss.mu.Lock()
		defer iss.mu.Unlock()
		_, _ = w.Write(JWKS(iss.keys...))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	iss.URL = srv.URL
	return iss
}

// SetKeys replaces the keys the issuer publishes (a rotation).
func (i *Issuer) SetKeys(keys ...*Key) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.keys = keys
}

// FileKeyring is a Keyring reading issuer's keys from a JWKS file of keys
// written in the test's temporary folder, with the clock now (nil:
// time.Now).
func FileKeyring(t testing.TB, issuer string, now func() time.Time, keys ...*Key) *jwt.Keyring {
	t.Helper()
	path := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(path, JWKS(keys...), 0o600); err != nil {
		t.Fatal(err)
	}
	ring, err := jwt.NewKeyring(jwt.KeyringOptions{Files: map[string]string{issuer: path}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return ring
}
