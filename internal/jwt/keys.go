package jwt

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
)

// Key cache timing. AWS says it may cache an issuer's keys for two hours
// (DG-HTTP-AUTH); apigw fetches them again after MaxKeyAge, and on an
// unknown kid at most once per RefreshInterval, so that a flood of tokens
// with made-up kids cannot make it hammer the issuer.
const (
	MaxKeyAge       = 2 * time.Hour
	RefreshInterval = 30 * time.Second
)

// Limits on what is read from an issuer.
const (
	maxDocument  = 1 << 20
	fetchTimeout = 10 * time.Second
)

// KeyringOptions configure a Keyring.
type KeyringOptions struct {
	// Files map an issuer to a local JWKS file (--jwks ISSUER=FILE); such
	// an issuer's keys are never fetched over HTTP.
	Files map[string]string
	// Client fetches discovery documents and JWKS; nil: a client with a
	// 10 s timeout.
	Client *http.Client
	// Now is the clock for key ages; nil: time.Now.
	Now func() time.Time
}

// Keyring holds the keys of every issuer, each read on first use. It owns
// its cache and is safe for concurrent use.
type Keyring struct {
	opts    KeyringOptions
	mu      sync.Mutex
	issuers map[string]*issuerKeys
}

// NewKeyring returns a Keyring; every file of opts.Files is read now, so
// that a missing or invalid file is an error at start.
func NewKeyring(opts KeyringOptions) (*Keyring, error) {
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: fetchTimeout}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	k := &Keyring{opts: opts, issuers: map[string]*issuerKeys{}}
	for iss := range opts.Files {
		if _, err := k.of(iss).refresh(context.Background(), opts.Now()); err != nil {
			return nil, fmt.Errorf("--jwks %s: %w", iss, err)
		}
	}
	return k, nil
}

// FromFile reports whether issuer's keys come from a local file.
func (k *Keyring) FromFile(issuer string) bool {
	_, ok := k.opts.Files[issuer]
	return ok
}

// Key returns issuer's key for kid, reading the keys first when they are
// missing or old, and again when kid is unknown (rate-limited).
func (k *Keyring) Key(ctx context.Context, issuer, kid string) (crypto.PublicKey, error) {
	return k.of(issuer).key(ctx, kid, k.opts.Now())
}

func (k *Keyring) of(issuer string) *issuerKeys {
	k.mu.Lock()
	defer k.mu.Unlock()
	ik := k.issuers[issuer]
	if ik == nil {
		ik = &issuerKeys{issuer: issuer, fetch: k.fetcher(issuer)}
		k.issuers[issuer] = ik
	}
	return ik
}

// fetcher reads issuer's keys from its file or over HTTP.
func (k *Keyring) fetcher(issuer string) func(context.Context) ([]byte, error) {
	if path, ok := k.opts.Files[issuer]; ok {
		return func(context.Context) ([]byte, error) { return os.ReadFile(path) }
	}
	return func(ctx context.Context) ([]byte, error) { return discover(ctx, k.opts.Client, issuer) }
}

// issuerKeys is one issuer's cached keys; mu also makes concurrent
// refreshes of one issuer wait for one fetch.
type issuerKeys struct {
	issuer string
	fetch  func(context.Context) ([]byte, error)

	mu        sync.Mutex
	keys      map[string]crypto.PublicKey
	fetchedAt time.Time // last attempt, successful or not
	err       error     // of the last attempt
}

func (ik *issuerKeys) key(ctx context.Context, kid string, now time.Time) (crypto.PublicKey, error) {
	ik.mu.Lock()
	defer ik.mu.Unlock()
	age := now.Sub(ik.fetchedAt)
	if key, ok := ik.keys[kid]; ok && age < MaxKeyAge {
		return key, nil
	}
	if !ik.fetchedAt.IsZero() && age < RefreshInterval {
		return nil, ik.missing(kid)
	}
	// A client that goes away must not leave a failed fetch behind for
	// everyone else: the fetch outlives the request (the client's own
	// timeout bounds it).
	if _, err := ik.refresh(context.WithoutCancel(ctx), now); err != nil {
		return nil, err
	}
	if key, ok := ik.keys[kid]; ok {
		return key, nil
	}
	return nil, ik.missing(kid)
}

// missing is the error for kid when the keys hold no such key, or were
// never read.
func (ik *issuerKeys) missing(kid string) error {
	if ik.keys == nil && ik.err != nil {
		return ik.err
	}
	return fmt.Errorf("%w: kid %q of %s", ErrUnknownKey, kid, ik.issuer)
}

// refresh reads the keys again; on failure the old keys are dropped, so
// that tokens are refused (fail closed) until a read succeeds.
func (ik *issuerKeys) refresh(ctx context.Context, now time.Time) (map[string]crypto.PublicKey, error) {
	ik.fetchedAt = now
	ik.keys, ik.err = nil, nil
	raw, err := ik.fetch(ctx)
	if err == nil {
		ik.keys, err = ParseJWKS(raw)
	}
	if err != nil {
		ik.err = fmt.Errorf("%w: %s: %w", ErrKeysUnavailable, ik.issuer, err)
		return nil, ik.err
	}
	return ik.keys, nil
}

// ParseJWKS reads a JWK Set: the public signing keys by kid. Keys without
// a kid, encryption keys (use enc) and key types jwkset does not know are
// skipped; a set with no usable key is an error.
func ParseJWKS(raw []byte) (map[string]crypto.PublicKey, error) {
	var set jwkset.JWKSMarshal
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("not a JWK Set: %w", err)
	}
	keys := map[string]crypto.PublicKey{}
	for _, m := range set.Keys {
		if m.KID == "" || (m.USE != "" && m.USE != jwkset.UseSig) {
			continue
		}
		jwk, err := jwkset.NewJWKFromMarshal(m, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
		if err != nil {
			continue
		}
		if pub := publicKey(jwk.Key()); pub != nil {
			keys[m.KID] = pub
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("the JWK Set has no usable signing key (RSA or EC, with a kid)")
	}
	return keys, nil
}

// publicKey is the public half of a parsed key: a JWKS that carries
// private keys is read for its public keys only.
func publicKey(k any) crypto.PublicKey {
	if p, ok := k.(interface{ Public() crypto.PublicKey }); ok {
		return p.Public()
	}
	return k
}

// discover reads issuer's discovery document, then the JWKS it names.
func discover(ctx context.Context, c *http.Client, issuer string) ([]byte, error) {
	doc, err := get(ctx, c, strings.TrimSuffix(issuer, "/")+"/.well-known/openid-configuration")
	if err != nil {
		return nil, err
	}
	var meta struct {
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.Unmarshal(doc, &meta); err != nil || meta.JWKSURI == "" {
		return nil, errors.New("the discovery document has no jwks_uri")
	}
	return get(ctx, c, meta.JWKSURI)
}

// get fetches url, at most maxDocument bytes, expecting 200.
func get(ctx context.Context, c *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument+1))
	if err == nil && len(b) > maxDocument {
		err = fmt.Errorf("GET %s: more than %d bytes", url, maxDocument)
	}
	return b, err
}
