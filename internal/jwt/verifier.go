package jwt

import (
	"context"
	"crypto"
	"fmt"
	"slices"
	"strings"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"
)

// Leeway is the clock skew allowed either way when exp, nbf and iat are
// compared with the clock. AWS documents none for JWT or Cognito
// authorizers; apigw allows 5 s so that a token minted by a local issuer
// in the same second is not refused for rounding.
const Leeway = 5 * time.Second

// Algorithms are the signing algorithms a token may use; any other alg
// (none, HS256, ...) is ErrAlgorithm.
var Algorithms = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}

// Config is what one authorizer trusts.
type Config struct {
	// Issuers are the accepted iss values, compared exactly.
	Issuers []string
	// Audience: aud (or client_id without aud) must be one of them. Not
	// checked when CheckAudience is false (Cognito user pool authorizers
	// accept every app client of the pool).
	Audience      []string
	CheckAudience bool
	// Cognito requires token_use to be id or access (Token.Use).
	Cognito bool
}

// Keys finds the public key an issuer signs with under kid.
type Keys interface {
	Key(ctx context.Context, issuer, kid string) (crypto.PublicKey, error)
}

// Verifier checks tokens against one Config. It holds no per-token state
// and is safe for concurrent use.
type Verifier struct {
	cfg    Config
	keys   Keys
	now    func() time.Time
	parser *gojwt.Parser
}

// New returns a Verifier reading keys from keys and the time from now
// (time.Now when nil).
func New(cfg Config, keys Keys, now func() time.Time) *Verifier {
	if now == nil {
		now = time.Now
	}
	return &Verifier{cfg: cfg, keys: keys, now: now, parser: gojwt.NewParser(gojwt.WithJSONNumber())}
}

// Token is a verified token.
type Token struct {
	// Claims are the payload's claims; numbers are json.Number.
	Claims map[string]any
	// Scopes from scope or scp; nil without either.
	Scopes []string
	// Use is Cognito's token_use ("id", "access"); "" for other issuers.
	Use string
	// ExpiresAt is exp.
	ExpiresAt time.Time
}

// Verify checks raw (the token, without any Bearer prefix) and returns it
// verified, or an error wrapping one of the sentinels.
func (v *Verifier) Verify(ctx context.Context, raw string) (*Token, error) {
	if raw == "" {
		return nil, ErrMissing
	}
	claims := gojwt.MapClaims{}
	t, parts, err := v.parser.ParseUnverified(raw, claims)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrMalformed, reason(err))
	}
	iss, err := v.header(t, claims)
	if err != nil {
		return nil, err
	}
	if err := v.signature(ctx, t, parts, iss); err != nil {
		return nil, err
	}
	return v.claims(claims)
}

// reason is a parse error's text, which golang-jwt builds from fixed
// strings and JSON errors; the token's bytes are never in it.
func reason(err error) string {
	return strings.TrimPrefix(err.Error(), gojwt.ErrTokenMalformed.Error()+": ")
}

// header checks alg, kid and iss before any key is looked up, and returns
// iss.
func (v *Verifier) header(t *gojwt.Token, claims gojwt.MapClaims) (string, error) {
	alg, _ := t.Header["alg"].(string)
	if !slices.Contains(Algorithms, alg) {
		return "", fmt.Errorf("%w: alg %q", ErrAlgorithm, alg)
	}
	if kid, _ := t.Header["kid"].(string); kid == "" {
		return "", ErrNoKeyID
	}
	iss, ok := claims["iss"].(string)
	if !ok || !slices.Contains(v.cfg.Issuers, iss) {
		return "", fmt.Errorf("%w: iss %q", ErrIssuer, iss)
	}
	return iss, nil
}

// signature verifies the token's signature with the issuer's key for kid.
func (v *Verifier) signature(ctx context.Context, t *gojwt.Token, parts []string, iss string) error {
	kid := t.Header["kid"].(string)
	key, err := v.keys.Key(ctx, iss, kid)
	if err != nil {
		return err
	}
	sig, err := v.parser.DecodeSegment(parts[2])
	if err != nil {
		return fmt.Errorf("%w: signature is not base64url", ErrMalformed)
	}
	if err := t.Method.Verify(parts[0]+"."+parts[1], sig, key); err != nil {
		return fmt.Errorf("%w: kid %q, alg %s", ErrSignature, kid, t.Method.Alg())
	}
	return nil
}

// claims checks the time claims, the audience and token_use.
func (v *Verifier) claims(c gojwt.MapClaims) (*Token, error) {
	tok := &Token{Claims: c}
	if err := v.times(c, tok); err != nil {
		return nil, err
	}
	if err := v.audience(c); err != nil {
		return nil, err
	}
	if err := v.use(c, tok); err != nil {
		return nil, err
	}
	tok.Scopes = Scopes(c)
	return tok, nil
}

// times checks exp (required), nbf and iat against the clock.
func (v *Verifier) times(c gojwt.MapClaims, tok *Token) error {
	exp, err := c.GetExpirationTime()
	if err != nil || exp == nil {
		return fmt.Errorf("%w: no valid exp claim", ErrExpired)
	}
	now := v.now()
	tok.ExpiresAt = exp.Time
	if late := now.Sub(exp.Time); late >= Leeway {
		return fmt.Errorf("%w %s ago", ErrExpired, late.Round(time.Second))
	}
	for _, name := range []string{"nbf", "iat"} {
		if err := notAfter(c, name, now); err != nil {
			return err
		}
	}
	return nil
}

// notAfter checks that the time claim name, when present, is not after
// now (with Leeway).
func notAfter(c gojwt.MapClaims, name string, now time.Time) error {
	if _, ok := c[name]; !ok {
		return nil
	}
	t, err := c.GetNotBefore()
	if name == "iat" {
		t, err = c.GetIssuedAt()
	}
	if err != nil || t == nil {
		return fmt.Errorf("%w: %s is not a number", ErrClaims, name)
	}
	if early := t.Sub(now); early > Leeway {
		return fmt.Errorf("%w: %s is %s ahead", ErrNotYetValid, name, early.Round(time.Second))
	}
	return nil
}

// audience checks aud, or client_id when there is no aud.
func (v *Verifier) audience(c gojwt.MapClaims) error {
	if !v.cfg.CheckAudience {
		return nil
	}
	if _, ok := c["aud"]; !ok {
		id, _ := c["client_id"].(string)
		if slices.Contains(v.cfg.Audience, id) {
			return nil
		}
		return fmt.Errorf("%w: client_id %q", ErrAudience, id)
	}
	aud, err := c.GetAudience()
	if err != nil {
		return fmt.Errorf("%w: aud is not a string or a list of strings", ErrClaims)
	}
	for _, a := range aud {
		if slices.Contains(v.cfg.Audience, a) {
			return nil
		}
	}
	return fmt.Errorf("%w: aud %q", ErrAudience, []string(aud))
}

// Cognito token uses.
const (
	UseID     = "id"
	UseAccess = "access"
)

// use reads Cognito's token_use.
func (v *Verifier) use(c gojwt.MapClaims, tok *Token) error {
	if !v.cfg.Cognito {
		return nil
	}
	tok.Use, _ = c["token_use"].(string)
	if tok.Use != UseID && tok.Use != UseAccess {
		return fmt.Errorf("%w: %q", ErrTokenUse, tok.Use)
	}
	return nil
}

// Scopes are the token's scopes: scope split on spaces or, without it,
// scp as a string or a list of strings.
func Scopes(c map[string]any) []string {
	v, ok := c["scope"]
	if !ok {
		v = c["scp"]
	}
	switch s := v.(type) {
	case string:
		return strings.Fields(s)
	case []any:
		out := make([]string, 0, len(s))
		for _, e := range s {
			if str, ok := e.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}
