package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/gateway"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/jwt"
	"github.com/apigw/apigw/internal/jwtauth"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
)

// jwksFlag is --jwks ISSUER=FILE, repeatable: the local JWKS file of an
// issuer's keys (these machines have no internet to fetch them from).
type jwksFlag map[string]string

func (j jwksFlag) String() string { return "" }

// errJWKSFlag: a --jwks value that is not ISSUER=FILE.
var errJWKSFlag = errors.New("want ISSUER=FILE")

func (j jwksFlag) Set(v string) error {
	iss, file, ok := strings.Cut(v, "=")
	if !ok || iss == "" || file == "" {
		return fmt.Errorf("%q: %w", v, errJWKSFlag)
	}
	j[iss] = file
	return nil
}

func (j jwksFlag) register(fs *flag.FlagSet) {
	fs.Var(j, "jwks", "ISSUER=FILE: the JWKS file holding the keys of a JWT or Cognito authorizer's issuer (repeatable); "+
		"other issuers' keys are fetched from ISSUER/.well-known/openid-configuration")
}

// tokenAuthorizers build JWT and Cognito authorizers over one Keyring,
// shared by every API; it lives as long as the gateway.
type tokenAuthorizers struct {
	keys *jwt.Keyring
	now  func() time.Time
}

// newTokenAuthorizers reads every --jwks file now (a bad one is a usage
// error) and takes the time from now (time.Now when nil).
func newTokenAuthorizers(files jwksFlag, now func() time.Time) (*tokenAuthorizers, error) {
	if now == nil {
		now = time.Now
	}
	keys, err := jwt.NewKeyring(jwt.KeyringOptions{Files: files, Now: now})
	if err != nil {
		return nil, err
	}
	return &tokenAuthorizers{keys: keys, now: now}, nil
}

func (t *tokenAuthorizers) build(a *api.API, cfg *api.Authorizer) (gateway.Authorizer, error) {
	z, err := jwtauth.New(a, cfg, t.keys, t.now)
	if err != nil {
		return nil, err
	}
	return tokenAuthorizer{z}, nil
}

// tokenAuthorizer is a JWT or Cognito authorizer as the gateway sees it.
type tokenAuthorizer struct{ z *jwtauth.Authorizer }

func (t tokenAuthorizer) Authorize(ctx context.Context, req *request.Request, _ string, _ *policy.Context) gateway.Verdict {
	out := t.z.Authorize(ctx, req)
	v := gateway.Verdict{Allow: out.Allow, Response: out.Response, Message: out.Message, Explanation: out.Explanation,
		Context: out.Context, Challenge: out.Challenge}
	if out.Allow {
		v.JWT = &integration.JWT{Claims: out.Claims, Scopes: out.Scopes}
	}
	return v
}

// printIssuers says, at start, where each issuer's keys come from: the
// --jwks file, or its discovery document on first use.
func printIssuers(w io.Writer, tpl *api.Template, t *tokenAuthorizers) {
	seen := map[string]string{}
	for _, a := range tpl.APIs {
		for _, az := range a.Authorizers {
			if az.JWT != nil && !az.Gap.Missing() {
				for _, iss := range az.JWT.Issuers {
					seen[iss] += " " + az.Name
				}
			}
		}
	}
	for _, iss := range slices.Sorted(maps.Keys(seen)) {
		from := "--jwks file"
		if !t.keys.FromFile(iss) {
			from = "fetched from " + strings.TrimSuffix(iss, "/") + "/.well-known/openid-configuration on first use (give --jwks " + iss + "=FILE when it cannot be reached)"
		}
		fmt.Fprintf(w, "apigw: issuer %s (authorizers%s): keys %s\n", iss, seen[iss], from)
	}
}

// tokenAuth describes a route's JWT or Cognito authorizer in the route
// table: "Jwt (JWT, scopes pets/read pets/write)".
func tokenAuth(az *api.Authorizer, r *api.Route) string {
	s := az.Name + " (" + string(az.Type)
	if len(r.Scopes) > 0 {
		s += ", scopes " + strings.Join(r.Scopes, " ")
	}
	return s + ")"
}
