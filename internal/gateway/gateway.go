package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
	"github.com/apigw/apigw/internal/router"
)

// Invoker runs one function once (payload in, result or function error out).
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Config is everything New needs; cli fills it with concrete parts.
type Config struct {
	Template    *api.Template
	Region      string
	AccountID   string
	StagePrefix bool // require /{stage} as the first path segment
	// Functions resolves a function's logical id to its invoker.
	Functions func(logicalID string) (Invoker, error)
	// Authorizers builds the runtime authorizer of an API's authorizer
	// configuration (cli wires the cache store in).
	Authorizers func(a *api.API, cfg *api.Authorizer) (Authorizer, error)
	Log         *slog.Logger
}

// Response is what the gateway answers.
type Response struct {
	StatusCode int
	Headers    []request.Field
	Body       []byte
}

// Gateway serves the APIs of one template.
type Gateway struct {
	apis     []*apiState
	cfg      Config
	log      *slog.Logger
	warnings []string
}

// apiState is one API, provisioned: every fallible step done.
type apiState struct {
	api         *api.API
	router      *router.Router
	responses   *responses
	authorizers map[string]Authorizer
	routes      map[*api.Route]*routeState
	policy      *policy.Policy // the API's resource policy; nil for none
}

// routeState is what serving one route needs, resolved at load.
type routeState struct {
	integration integration.Integration
	authorizer  Authorizer // nil when the route has none, or it failed to provision
	resourceID  string
}

// New provisions every API of cfg.Template: routes, gateway responses,
// authorizers and integrations. All errors are reported, joined.
func New(cfg Config) (*Gateway, error) {
	g := &Gateway{cfg: cfg, log: cfg.Log}
	if g.log == nil {
		g.log = slog.New(slog.DiscardHandler)
	}
	var errs []error
	for _, a := range cfg.Template.APIs {
		st, err := g.provision(a)
		if err != nil {
			errs = append(errs, fmt.Errorf("API %s: %w", a.LogicalID, err))
			continue
		}
		g.apis = append(g.apis, st)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	g.warnShadowed()
	return g, nil
}

func (g *Gateway) provision(a *api.API) (*apiState, error) {
	st := &apiState{api: a, authorizers: map[string]Authorizer{}, routes: map[*api.Route]*routeState{}}
	var errs []error
	var err error
	if st.router, err = router.New(a.Routes); err != nil {
		errs = append(errs, err)
	}
	if st.responses, err = newResponses(a.GatewayResponses); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, g.provisionResourcePolicy(st))
	errs = append(errs, g.provisionAuthorizers(st)...)
	errs = append(errs, g.provisionIntegrations(st)...)
	return st, errors.Join(errs...)
}

func (g *Gateway) provisionAuthorizers(st *apiState) []error {
	var errs []error
	for name, cfg := range st.api.Authorizers {
		az, err := g.cfg.Authorizers(st.api, cfg)
		if err != nil {
			errs = append(errs, fmt.Errorf("authorizer %s: %w", name, err))
			continue
		}
		st.authorizers[name] = az
	}
	return errs
}

func (g *Gateway) provisionIntegrations(st *apiState) []error {
	var errs []error
	lookup := func(id string) (integration.Invoker, error) { return g.cfg.Functions(id) }
	a := st.api
	for _, r := range a.Routes {
		in, err := integration.New(r.Integration, lookup, integration.Options{
			BinaryMediaTypes: a.BinaryMediaTypes, AccountID: g.cfg.AccountID,
			RouteKey: r.Method + " " + r.Path, Resource: r.Path,
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s %s: %w", r.Source, r.Method, r.Path, err))
			continue
		}
		st.routes[r] = &routeState{integration: in, authorizer: st.authorizers[r.Authorizer], resourceID: resourceID(a.ID, r.Path)}
	}
	return errs
}
