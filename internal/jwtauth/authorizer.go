package jwtauth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/jwt"
	"github.com/apigw/apigw/internal/request"
)

// Authorizer is one JWT or Cognito authorizer of one API. It is immutable
// after New and safe for concurrent use.
type Authorizer struct {
	name    string
	cognito bool
	http    bool // the API is an HTTP API: lists render "[a b]"
	source  api.IdentitySource
	valid   func(string) bool // identityValidationExpression; nil for none
	v       *jwt.Verifier
	now     func() time.Time
	// scopes are the AuthorizationScopes of each route using it, by
	// routeKey (see scopesOf).
	scopes map[string][]string
}

// ErrConfig reports an authorizer New cannot run.
var ErrConfig = errors.New("not a JWT or Cognito authorizer apigw can run")

// New builds cfg, an authorizer of a, reading keys from keys and the time
// from now (time.Now when nil).
func New(a *api.API, cfg *api.Authorizer, keys jwt.Keys, now func() time.Time) (*Authorizer, error) {
	if cfg.JWT == nil || len(cfg.IdentitySources) != 1 || cfg.IsLambda() {
		return nil, fmt.Errorf("authorizer %s: %w", cfg.Name, ErrConfig)
	}
	if now == nil {
		now = time.Now
	}
	z := &Authorizer{name: cfg.Name, cognito: cfg.Type == api.AuthorizerCognito, http: a.IsHTTP(),
		source: cfg.IdentitySources[0], now: now, scopes: map[string][]string{}}
	if cfg.Validation != nil {
		z.valid = cfg.Validation.MatchString
	}
	jc := jwt.Config{Issuers: cfg.JWT.Issuers, Audience: cfg.JWT.Audience, CheckAudience: !z.cognito, Cognito: z.cognito}
	z.v = jwt.New(jc, keys, now)
	for _, r := range a.Routes {
		if r.Authorizer == cfg.Name && len(r.Scopes) > 0 {
			z.scopes[routeKey(a, r.RouteKey(), r.Path, r.Method)] = r.Scopes
		}
	}
	return z, nil
}

// routeKey is how a request finds its route's scopes: an HTTP API's route
// key (the request's ResourceID), a REST API's resource path and method.
func routeKey(a *api.API, key, path, method string) string {
	if a.IsHTTP() {
		return key
	}
	return method + " " + path
}

// scopesOf are the AuthorizationScopes of req's route.
func (z *Authorizer) scopesOf(req *request.Request) []string {
	if z.http {
		return z.scopes[req.ResourceID]
	}
	if s, ok := z.scopes[req.Method+" "+req.Resource]; ok {
		return s
	}
	return z.scopes[api.MethodAny+" "+req.Resource]
}

// Outcome is a decision: Allow, or the response to send, with the
// verified token's claims and scopes (nil on a deny).
type Outcome struct {
	Allow    bool
	Response api.ResponseType
	// Message is the response's message; "" for its default.
	Message string
	Claims  map[string]string
	Scopes  []string
	// Context is what $context.authorizer.claims.<name> reads in a REST
	// API's gateway response templates ("claims.sub"); nil for HTTP APIs,
	// which have none.
	Context map[string]string
	// Explanation is never nil.
	Explanation *Explanation
	// Challenge is the www-authenticate value of an HTTP API's 401 for a
	// token that did not verify (see challenge); "" otherwise.
	Challenge string
}

// Authorize decides req.
func (z *Authorizer) Authorize(ctx context.Context, req *request.Request) Outcome {
	raw, ok := z.token(req)
	if !ok {
		return z.deny(http401, "no token in "+z.sourceName())
	}
	tok, err := z.v.Verify(ctx, raw)
	if err != nil {
		return z.refuse(err)
	}
	if out, denied := z.checkRoute(req, tok); denied {
		return out
	}
	out := Outcome{Allow: true, Claims: Strings(tok.Claims, z.http), Scopes: tok.Scopes,
		Explanation: &Explanation{Status: 200, Reason: z.allowed(tok)}}
	if !z.http {
		out.Context = make(map[string]string, len(out.Claims))
		for k, v := range out.Claims {
			out.Context[contextClaims+k] = v
		}
	}
	return out
}

// token reads the token from the identity source: missing or empty is
// none (V-5); an HTTP API's "Bearer " prefix is stripped.
func (z *Authorizer) token(req *request.Request) (string, bool) {
	var v string
	switch z.source.Kind {
	case api.SourceHeader:
		v, _ = req.Header(z.source.Name)
	case api.SourceQueryString:
		v, _ = req.QueryValue(z.source.Name)
	}
	if !z.cognito {
		v = strings.TrimPrefix(v, "Bearer ")
	}
	return v, v != ""
}

// sourceName is the identity source as the API's kind writes it.
func (z *Authorizer) sourceName() string {
	if z.http {
		return z.source.HTTPString()
	}
	return z.source.String()
}

// refuse is the deny of a token that did not verify.
func (z *Authorizer) refuse(err error) Outcome {
	switch {
	case errors.Is(err, jwt.ErrKeysUnavailable):
		return z.deny(api.ResponseAuthorizerConfigurationError, err.Error())
	case z.cognito && errors.Is(err, jwt.ErrExpired):
		out := z.deny(http401, err.Error())
		out.Message = MessageExpired
		return out
	}
	out := z.deny(http401, err.Error())
	if z.http {
		out.Challenge = challenge(err)
	}
	return out
}

// contextClaims prefixes a claim's name in Outcome.Context.
const contextClaims = "claims."

// MessageExpired is a REST Cognito authorizer's message for an expired
// token (UNCONFIRMED, see the package doc).
const MessageExpired = "The incoming token has expired"

const http401 = api.ResponseUnauthorized

// statuses are the statuses of the responses an Outcome may name.
var statuses = map[api.ResponseType]int{
	api.ResponseUnauthorized: 401, api.ResponseAccessDenied: 403, api.ResponseAuthorizerConfigurationError: 500,
}

// deny is an Outcome answering with t, explained by reason.
func (z *Authorizer) deny(t api.ResponseType, reason string) Outcome {
	return Outcome{Response: t, Explanation: &Explanation{Status: statuses[t], Reason: reason}}
}

// checkRoute applies the route's scopes and, for Cognito, the token use
// they call for and the validation expression.
func (z *Authorizer) checkRoute(req *request.Request, tok *jwt.Token) (Outcome, bool) {
	want := z.scopesOf(req)
	if z.cognito {
		return z.checkCognito(want, tok)
	}
	if len(want) > 0 && !overlaps(want, tok.Scopes) {
		return z.deny(api.ResponseAccessDenied, scopeReason(want, tok.Scopes)), true
	}
	return Outcome{}, false
}

// checkCognito: an id token on a method without scopes, an access token
// carrying one of them on a method with scopes (all 401).
func (z *Authorizer) checkCognito(want []string, tok *jwt.Token) (Outcome, bool) {
	switch {
	case len(want) == 0 && tok.Use != jwt.UseID:
		return z.deny(http401, "a method without authorization scopes takes an id token; this is an "+tok.Use+" token"), true
	case len(want) > 0 && tok.Use != jwt.UseAccess:
		return z.deny(http401, "a method with authorization scopes takes an access token; this is an "+tok.Use+" token"), true
	case len(want) > 0 && !overlaps(want, tok.Scopes):
		return z.deny(http401, scopeReason(want, tok.Scopes)), true
	case z.valid != nil && !z.valid(audience(tok)):
		return z.deny(http401, "aud does not match the identity validation expression (T-4)"), true
	}
	return Outcome{}, false
}

// audience is aud, or client_id without one.
func audience(tok *jwt.Token) string {
	if s, ok := tok.Claims["aud"].(string); ok {
		return s
	}
	s, _ := tok.Claims["client_id"].(string)
	return s
}

func overlaps(want, have []string) bool {
	return slices.ContainsFunc(want, func(s string) bool { return slices.Contains(have, s) })
}

func scopeReason(want, have []string) string {
	reason := "route needs scope " + strings.Join(want, " or ")
	if len(have) == 0 {
		return reason + "; the token has none"
	}
	return reason + "; the token has " + strings.Join(have, " ")
}

// allowed explains an allow by the token's subject, expiry and scopes.
func (z *Authorizer) allowed(tok *jwt.Token) string {
	sub, _ := tok.Claims["sub"].(string)
	s := fmt.Sprintf("allow: token of sub %q, expires in %s", sub, tok.ExpiresAt.Sub(z.now()).Round(time.Second))
	if len(tok.Scopes) > 0 {
		s += ", scopes " + strings.Join(tok.Scopes, " ")
	}
	return s
}
