package gateway

import (
	"context"
	"errors"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/request"
)

// Authorizer is what the gateway needs of a Lambda authorizer: PIPE-1
// steps 3 to 6 for one request. The Outcome is never nil; the error wraps
// authorizer.ErrUnauthorized, ErrConfiguration or ErrAccessDenied.
type Authorizer interface {
	Authorize(ctx context.Context, req *request.Request, methodARN string) (*authorizer.Outcome, error)
}

// authResult is what an authorizer left for the integration and for
// gateway-response templates (G-5), deny included.
type authResult struct {
	name        string
	principalID string
	context     map[string]string
	latencyMs   int64
	explanation *authorizer.Explanation
}

// authorize runs the route's authorizer, if any, against this request's
// method ARN (414 over 1600 bytes, P-1).
func (g *Gateway) authorize(ctx context.Context, x *exchange) error {
	name := x.route.Authorizer
	if name == "" {
		return nil
	}
	az := x.st.routes[x.route].authorizer
	if az == nil {
		return errUnknownAuthorizer
	}
	methodARN, err := g.methodARN(x)
	if err != nil {
		return err
	}
	start := time.Now()
	out, err := az.Authorize(ctx, x.req, methodARN)
	x.auth = &authResult{name: name, principalID: out.PrincipalID, context: out.Context.Map(), explanation: &out.Explanation}
	if out.Explanation.Cache != authorizer.CacheHit {
		x.auth.latencyMs = elapsedMs(start)
	}
	return err
}

// errUnknownAuthorizer cannot happen after Validate; it fails closed.
var errUnknownAuthorizer = errors.New("route names an authorizer that was not provisioned")

// classifyAuth maps an authorizer error to its response type and message.
func classifyAuth(err error) (api.ResponseType, *string, bool) {
	var denied *authorizer.DeniedError
	switch {
	case errors.As(err, &denied):
		return api.ResponseAccessDenied, denyMessage(denied.Explicit), true
	case errors.Is(err, authorizer.ErrUnauthorized), errors.Is(err, authorizer.ErrConfiguration):
		return authorizer.ResponseType(err), nil, true
	case errors.Is(err, errUnknownAuthorizer):
		return api.ResponseAuthorizerConfigurationError, nil, true
	}
	return "", nil, false
}
