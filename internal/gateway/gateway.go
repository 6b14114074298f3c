package gateway

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
	"github.com/apigw/apigw/internal/router"
)

// Config is everything New needs; cli fills it with concrete parts. The
// gateway builds no authorizer or integration itself: it asks the
// factories once per API and route, at load.
type Config struct {
	Template    *api.Template
	Region      string
	AccountID   string
	StagePrefix bool // require /{stage} as the first path segment
	// Authorizers builds the runtime authorizer of an API's authorizer
	// configuration (cli wires the function and the cache store in).
	Authorizers func(a *api.API, cfg *api.Authorizer) (Authorizer, error)
	// Integrations builds the integration of one of an API's routes (cli
	// wires the functions in).
	Integrations func(a *api.API, r *api.Route) (Integration, error)
	// DisableAuthorizer serves every route without its authorizer, and
	// logs that on every request (SAM CLI's --disable-authorizer): the one
	// way to fail open, only on request. Resource policies still apply; a
	// skipped authorizer counts as one that allowed (DG-FLOW Table A).
	DisableAuthorizer bool
	// TrustForwardedFor takes aws:SourceIp in policy Conditions from the
	// right-most X-Forwarded-For entry instead of the TCP peer, for apigw
	// running behind a load balancer that appends it.
	TrustForwardedFor bool
	// Clock, when set, is aws:CurrentTime and aws:EpochTime in policy
	// Conditions (--clock manual); nil means the time the request arrived.
	Clock func() time.Time
	Log   *slog.Logger
	// Recorder receives each request's record; nil for none.
	Recorder Recorder
}

// Integration serves one route's backend. Every error wraps one of
// package integration's sentinels, which fail.go maps to a response. Serve
// reads req and auth only until it returns: the front end reuses req, the
// gateway auth. The gateway only reads the Response it returns.
type Integration interface {
	Serve(ctx context.Context, req *request.Request, auth *integration.Authorization) (*integration.Response, error)
}

// Response is what the gateway answers. It has integration.Response's
// fields, so that an integration's answer is one (routeState.serve).
// A Response on its way through the pipeline may share its Headers and
// Body with the integration's answer or a gateway response rendered ahead
// of time: nothing writes into them. The Response Serve answers owns its
// Headers (answer); its Body is still shared, and read only.
type Response struct {
	StatusCode int
	Headers    []request.Field
	Body       []byte
}

// answer makes out the answer to send for resp: resp's status and body,
// and a copy of its headers in out's own memory (reused, so a pooled out
// allocates nothing), to which the gateway then adds its own (addCors,
// addIDs) in place. resp is left as it was.
func (out *Response) answer(resp *Response) {
	out.StatusCode, out.Body = resp.StatusCode, resp.Body
	out.Headers = append(slices.Grow(out.Headers[:0], len(resp.Headers)+idHeaders), resp.Headers...)
}

// idHeaders is how many headers addIDs adds at most.
const idHeaders = 2

// Gateway serves the APIs of one template.
type Gateway struct {
	apis     []*apiState
	cfg      Config
	log      *slog.Logger
	warnings []string
	// arnRoom is methodARNRoom, computed once.
	arnRoom int
}

// apiState is one API, provisioned: every fallible step done.
type apiState struct {
	api          *api.API
	deploymentID string // $context.deploymentId (L-1)
	router       *router.Router
	responses    *responses
	authorizers  map[string]Authorizer
	routes       map[*api.Route]*routeState
	policy       *policy.Policy // the API's resource policy; nil for none
	cors         *corsState     // an HTTP API's CORS configuration; nil for none
	// arnBase starts the stage's method ARNs; nil when a part of it is
	// malformed (methodARN then reports that per request, as Build would).
	arnBase *arn.StageBase
}

// routeState is what serving one route needs, resolved at load.
type routeState struct {
	integration Integration // nil when the route is not served (unsupported)
	authorizer  Authorizer  // nil when the route has none, or it is not run
	resourceID  string
	// routeKey, kind and function name the route in records.
	routeKey, kind, function string
	// unsupported, when set, fails every request of the route at its stage:
	// the route needs what apigw cannot do yet (api.RouteGap).
	unsupported *unsupportedError
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
	g.unprefixedLast()
	g.warnShadowed()
	g.arnRoom = g.methodARNRoom()
	return g, nil
}

// unprefixedLast puts, under --stage-prefix, the HTTP APIs on the
// $default stage (served without a stage segment, V-11) after the APIs
// whose paths start with their stage: "/prod/pets" reaches the REST API on
// stage prod even when an HTTP API beside it has a greedy or $default
// route. Order is otherwise the template's.
func (g *Gateway) unprefixedLast() {
	if !g.cfg.StagePrefix {
		return
	}
	slices.SortStableFunc(g.apis, func(a, b *apiState) int {
		return cmp.Compare(unprefixed(a), unprefixed(b))
	})
}

func unprefixed(st *apiState) int {
	if st.api.IsHTTP() && st.api.Stage == api.DefaultStage {
		return 1
	}
	return 0
}

func (g *Gateway) provision(a *api.API) (*apiState, error) {
	st := &apiState{api: a, deploymentID: deploymentID(a.ID, a.Stage), authorizers: map[string]Authorizer{}, routes: map[*api.Route]*routeState{},
		cors: newCorsState(a.Cors)}
	if b, err := arn.NewStageBase(g.cfg.Region, g.cfg.AccountID, a.ID, a.Stage); err == nil {
		st.arnBase = &b
	}
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

// provisionAuthorizers builds each authorizer that can run; none with
// DisableAuthorizer. One with a Gap is never built: its routes fail closed.
func (g *Gateway) provisionAuthorizers(st *apiState) []error {
	if g.cfg.DisableAuthorizer {
		return nil
	}
	var errs []error
	for name, cfg := range st.api.Authorizers {
		if api.AuthorizerGap(cfg, g.cfg.Template.Functions).Missing() {
			continue
		}
		az, err := g.cfg.Authorizers(st.api, cfg)
		if err != nil {
			errs = append(errs, fmt.Errorf("authorizer %s: %w", name, err))
			continue
		}
		st.authorizers[name] = az
	}
	return errs
}

// provisionIntegrations builds each route's integration; a route with a
// Gap gets its failing stage instead, and no integration is built for it.
func (g *Gateway) provisionIntegrations(st *apiState) []error {
	var errs []error
	a := st.api
	for _, r := range a.Routes {
		rs := &routeState{authorizer: st.authorizers[r.Authorizer], resourceID: resourceID(a.ID, r.Path),
			routeKey: r.RouteKey(), kind: integrationKinds[r.Integration.Type], function: r.Integration.Function}
		if a.IsHTTP() {
			rs.resourceID = r.RouteKey() // V-3: an HTTP API's resourceId is the route key
		}
		rs.unsupported = g.unsupported(a, r)
		if rs.unsupported == nil {
			in, err := g.cfg.Integrations(a, r)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %s %s: %w", r.Source, r.Method, r.Path, err))
				continue
			}
			rs.integration = in
		}
		st.routes[r] = rs
	}
	return errs
}
