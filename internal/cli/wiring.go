package cli

import (
	"context"
	"log/slog"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/gateway"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
)

// authorizers is the gateway's authorizer factory: each API gets one cache
// of at most size entries, shared by its Lambda authorizers (C-5, C-7);
// JWT and Cognito authorizers are built by tokens.
func authorizers(fns functionSource, f cacheFlags, log *slog.Logger, tokens *tokenAuthorizers) func(*api.API, *api.Authorizer) (gateway.Authorizer, error) {
	newAuthorizer := lambdaAuthorizers(fns, f, log)
	return func(a *api.API, cfg *api.Authorizer) (gateway.Authorizer, error) {
		if !cfg.IsLambda() {
			return tokens.build(a, cfg)
		}
		az, err := newAuthorizer(a, cfg)
		if err != nil {
			return nil, err
		}
		return lambdaAuthorizer{az}, nil
	}
}

// lambdaAuthorizers makes each REST Lambda authorizer over its function,
// with one cache per API, in memory or in the shared store the flags name,
// shared by its authorizers; lint's probe calls them directly.
func lambdaAuthorizers(fns functionSource, f cacheFlags, log *slog.Logger) func(*api.API, *api.Authorizer) (*authorizer.Authorizer, error) {
	caches := map[*api.API]*authorizer.Cache{}
	stores, storesErr := newCacheStores(f, log)
	return func(a *api.API, cfg *api.Authorizer) (*authorizer.Authorizer, error) {
		if storesErr != nil {
			return nil, storesErr
		}
		cache, ok := caches[a]
		if !ok {
			var err error
			if cache, err = stores.cache(a.ID); err != nil {
				return nil, err
			}
			caches[a] = cache
			f.caches.add(a, cache)
		}
		inv, err := fns.invoker(cfg.Function)
		if err != nil {
			return nil, err
		}
		return authorizer.New(cfg, inv, cache)
	}
}

// lambdaAuthorizer is a REST Lambda authorizer (TOKEN or REQUEST) as the
// gateway sees it: its Outcome as a Verdict.
type lambdaAuthorizer struct{ az *authorizer.Authorizer }

func (l lambdaAuthorizer) Authorize(ctx context.Context, req *request.Request, methodARN string, cond *policy.Context) gateway.Verdict {
	out := l.az.AuthorizeIn(ctx, req, methodARN, cond)
	return gateway.Verdict{
		Allow: out.Allow, Response: out.Response, Message: out.Message, ImplicitDeny: out.ImplicitDeny(),
		PrincipalID: out.PrincipalID, Context: contextMap(out.Context), Latency: out.Latency,
		Explanation: out.Explanation,
	}
}

// contextMap is an authorizer's context as the gateway reads it: nil when
// empty, as every reader only indexes and ranges it (no map per request
// for an authorizer that gives no context).
func contextMap(c authorizer.Context) map[string]string {
	if c == (authorizer.Context{}) {
		return nil
	}
	return c.Map()
}

// integrations is the gateway's integration factory: each route's
// integration over the template's functions.
func integrations(fns functionSource, accountID string) func(*api.API, *api.Route) (gateway.Integration, error) {
	return func(a *api.API, r *api.Route) (gateway.Integration, error) {
		return integration.New(r.Integration, fns.invoker, integration.OptionsFor(a, r, accountID))
	}
}
