package gateway

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/record"
	"github.com/apigw/apigw/internal/request"
)

// Authorizer is what the gateway needs of any authorizer kind (a Lambda
// authorizer's policy or simple response, a JWT or Cognito token
// verified in the gateway): PIPE-1 steps 3 to 6 for one request, decided
// as data. cond is the
// request's IAM context for a policy's Conditions, read only during the
// call. cli adapts each kind to it.
type Authorizer interface {
	Authorize(ctx context.Context, req *request.Request, methodARN string, cond *policy.Context) Verdict
}

// Verdict is an authorizer's decision on one request and what it
// established, deny included: the principal and context reach the
// integration and gateway-response templates (G-5). The zero Verdict
// denies with AUTHORIZER_CONFIGURATION_ERROR: only Allow lets a request
// through.
type Verdict struct {
	// Allow lets the request through to the integration; Response must
	// then be "" (a Verdict that names a response denies).
	Allow bool
	// Response is the gateway response of a deny; "" means
	// AUTHORIZER_CONFIGURATION_ERROR (500), so that a kind that says
	// nothing fails closed.
	Response api.ResponseType
	// Message is Response's $context.error.message; "" means the type's
	// default. Package api holds the messages authorizers give.
	Message string
	// ImplicitDeny marks a deny because the authorizer's policy neither
	// allowed nor denied the request: an API resource policy's Allow then
	// lets it through (DG-FLOW Table A). Any other deny stands.
	ImplicitDeny bool
	PrincipalID  string
	// Context is the authorizer's context, every value a string (O-5).
	Context map[string]string
	// Latency is how long the authorizer took for this request; 0 when it
	// answered from its cache.
	Latency time.Duration
	// Explanation says why, for the request's log line; may be nil.
	Explanation Explanation
	// JWT is what a JWT or Cognito authorizer verified (claims and
	// scopes), for the integration's event; nil for Lambda authorizers.
	JWT *integration.JWT
	// Challenge is the www-authenticate value of an HTTP API's 401 (a JWT
	// authorizer refusing a token); "" for none.
	Challenge string
}

// Explanation says why an authorizer decided as it did. It never holds a
// raw token.
type Explanation interface {
	// Explainer renders the reason in one line (String), the deciding
	// statement and the allowed resources, for records.
	record.Explainer
	// CacheStatus says how the authorizer's cache served the request
	// ("hit", "miss", ...).
	CacheStatus() string
	// KeyHash is a short hash of the cache key, "" without one.
	KeyHash() string
}

// allows reports whether v lets the request through.
func (v *Verdict) allows() bool { return v.Allow && v.Response == "" }

// denial is the response of a Verdict that does not allow the request, and
// its message (nil: the type's default), a copy: the Verdict may live on
// the stack.
func (v *Verdict) denial() (api.ResponseType, *string) {
	t := cmp.Or(v.Response, api.ResponseAuthorizerConfigurationError)
	if v.Message == "" {
		return t, nil
	}
	return t, text(v.Message)
}

// authResult is the verdict of the route's authorizer, by name; the zero
// authResult means no authorizer has decided (the route has none, or the
// request failed before it ran).
type authResult struct {
	name string
	Verdict
}

func (a *authResult) decided() bool { return a.name != "" }

// errDenied: the route's authorizer did not allow the request; its verdict
// names the response.
var errDenied = errors.New("the authorizer did not allow the request")

// authorize runs the route's authorizer, if any, against this request's
// method ARN (414 over 1600 bytes, P-1) and keeps its verdict.
func (g *Gateway) authorize(ctx context.Context, x *exchange) error {
	name := x.route.Authorizer
	if name == "" {
		return nil
	}
	if g.cfg.DisableAuthorizer {
		x.authorizerSkipped = true
		return nil
	}
	rs := x.routeState()
	if u := rs.unsupported; u != nil && u.stage == api.FailAuthorizer {
		return u
	}
	az := rs.authorizer
	if az == nil {
		return errUnknownAuthorizer
	}
	methodARN, err := g.methodARN(x)
	if err != nil {
		return err
	}
	var start time.Duration
	if x.recording {
		start = x.since()
	}
	x.auth = authResult{name: name, Verdict: az.Authorize(ctx, x.req, methodARN, g.conditions(x))}
	if x.recording {
		x.authorized = x.since()
		x.authLatency = x.authorized - start
	}
	if !x.auth.allows() {
		return errDenied
	}
	return nil
}

// errUnknownAuthorizer cannot happen after Validate; it fails closed.
var errUnknownAuthorizer = errors.New("route names an authorizer that was not provisioned")

// integrationAuth is what the integration learns of the verdict: x's
// own, which the integration reads only while it serves (Integration).
func (x *exchange) integrationAuth() *integration.Authorization {
	if !x.auth.decided() {
		return nil
	}
	x.authz = integration.Authorization{PrincipalID: x.auth.PrincipalID, Context: x.auth.Context, IntegrationLatencyMs: x.auth.Latency.Milliseconds(), JWT: x.auth.JWT}
	return &x.authz
}
