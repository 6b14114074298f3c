package jwt_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/jwt"
	"github.com/apigw/apigw/internal/jwt/jwttest"
)

// clock is a test clock advanced by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// remote is a verifier of tokens from a local issuer served over HTTP.
func remote(t *testing.T, keys ...*jwttest.Key) (*jwttest.Issuer, *jwt.Verifier, *clock) {
	t.Helper()
	iss := jwttest.NewIssuer(t, keys...)
	c := &clock{now: epoch}
	ring, err := jwt.NewKeyring(jwt.KeyringOptions{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	return iss, jwt.New(jwt.Config{Issuers: []string{iss.URL}, Audience: []string{testClient}, CheckAudience: true}, ring, c.Now), c
}

func signFor(t *testing.T, k *jwttest.Key, iss string) string {
	return k.Sign(t, claims(map[string]any{"iss": iss}))
}

func TestKeyringDiscoveryAndCache(t *testing.T) {
	t.Parallel()
	k := jwttest.RSA(t, "a")
	iss, v, _ := remote(t, k)
	for range 3 {
		if _, err := v.Verify(context.Background(), signFor(t, k, iss.URL)); err != nil {
			t.Fatal(err)
		}
	}
	if n := iss.JWKSFetches.Load(); n != 1 {
		t.Fatalf("%d JWKS fetches for three tokens, want 1 (cached)", n)
	}
}

// TestKeyringRotation: a token with a kid the cache lacks makes one
// refresh; more unknown kids within RefreshInterval make none.
func TestKeyringRotation(t *testing.T) {
	t.Parallel()
	old, next := jwttest.RSA(t, "old"), jwttest.EC(t, "next")
	iss, v, c := remote(t, old)
	ctx := context.Background()
	if _, err := v.Verify(ctx, signFor(t, old, iss.URL)); err != nil {
		t.Fatal(err)
	}
	c.Advance(jwt.RefreshInterval)
	iss.SetKeys(old, next)
	if _, err := v.Verify(ctx, signFor(t, next, iss.URL)); err != nil {
		t.Fatalf("rotated key: %v", err)
	}
	stranger := jwttest.RSA(t, "stranger")
	for range 3 {
		if _, err := v.Verify(ctx, signFor(t, stranger, iss.URL)); !errors.Is(err, jwt.ErrUnknownKey) {
			t.Fatalf("unknown kid: %v", err)
		}
	}
	if n := iss.JWKSFetches.Load(); n != 2 {
		t.Fatalf("%d JWKS fetches, want 2 (unknown kids rate-limited)", n)
	}
	c.Advance(jwt.RefreshInterval)
	if _, err := v.Verify(ctx, signFor(t, stranger, iss.URL)); !errors.Is(err, jwt.ErrUnknownKey) || iss.JWKSFetches.Load() != 3 {
		t.Fatalf("after the interval: %v, %d fetches, want a third", err, iss.JWKSFetches.Load())
	}
}

// TestKeyringRevocation: keys older than MaxKeyAge are read again, and a
// key the issuer dropped stops verifying.
func TestKeyringRevocation(t *testing.T) {
	t.Parallel()
	a, b := jwttest.RSA(t, "a"), jwttest.RSA(t, "b")
	iss, v, c := remote(t, a, b)
	if _, err := v.Verify(context.Background(), signFor(t, a, iss.URL)); err != nil {
		t.Fatal(err)
	}
	iss.SetKeys(b)
	c.Advance(jwt.MaxKeyAge)
	if _, err := v.Verify(context.Background(), signFor(t, a, iss.URL)); !errors.Is(err, jwt.ErrUnknownKey) {
		t.Fatalf("dropped key: %v", err)
	}
}

// TestKeyringUnavailable: an issuer whose keys cannot be read fails
// closed, and is not asked again within RefreshInterval.
func TestKeyringUnavailable(t *testing.T) {
	t.Parallel()
	var hits sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := hits.LoadOrStore("n", new(int))
		*n.(*int)++
		http.Error(w, "down", http.StatusBadGateway)
	}))
	t.Cleanup(srv.Close)
	ring, err := jwt.NewKeyring(jwt.KeyringOptions{Now: func() time.Time { return epoch }})
	if err != nil {
		t.Fatal(err)
	}
	v := jwt.New(jwt.Config{Issuers: []string{srv.URL}, Audience: []string{testClient}, CheckAudience: true}, ring, func() time.Time { return epoch })
	k := jwttest.RSA(t, "a")
	for range 2 {
		if _, err := v.Verify(context.Background(), signFor(t, k, srv.URL)); !errors.Is(err, jwt.ErrKeysUnavailable) {
			t.Fatalf("Verify: %v, want ErrKeysUnavailable", err)
		}
	}
	if n, _ := hits.Load("n"); *n.(*int) != 1 {
		t.Fatalf("%d fetches, want 1", *n.(*int))
	}
}

func TestNewKeyringFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, path string
		ok         bool
	}{
		{"valid", write("ok.json", string(jwttest.JWKS(jwttest.RSA(t, "a")))), true},
		{"missing file", filepath.Join(dir, "none.json"), false},
		{"not JSON", write("bad.json", "{"), false},
		{"no usable key", write("empty.json", `{"keys":[{"kty":"oct","kid":"x","k":"c2VjcmV0"},{"kty":"RSA","n":"AQAB","e":"AQAB"}]}`), false},
	} {
		_, err := jwt.NewKeyring(jwt.KeyringOptions{Files: map[string]string{testIssuer: tc.path}})
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, jwt.ErrKeysUnavailable)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestKeyringFetchOutlivesRequest: a request whose client went away still
// completes the key fetch it started, so that the failure is not cached
// for the next RefreshInterval for every other request.
func TestKeyringFetchOutlivesRequest(t *testing.T) {
	t.Parallel()
	k := jwttest.RSA(t, "a")
	iss, v, _ := remote(t, k)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := v.Verify(ctx, signFor(t, k, iss.URL)); err != nil {
		t.Fatalf("Verify with a cancelled request: %v", err)
	}
	if _, err := v.Verify(context.Background(), signFor(t, k, iss.URL)); err != nil || iss.JWKSFetches.Load() != 1 {
		t.Fatalf("next request: %v, %d fetches; want the keys cached", err, iss.JWKSFetches.Load())
	}
}
