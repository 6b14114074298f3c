package admin

import (
	"net/http"
	"slices"

	"github.com/apigw/apigw/internal/api"
)

// Route is one served route as GET /api/routes shows it.
type Route struct {
	API         string           `json:"api"` // the API's logical id
	APIID       string           `json:"apiId"`
	Kind        string           `json:"kind"` // "REST" or "HTTP"
	Stage       string           `json:"stage"`
	Method      string           `json:"method"`
	Path        string           `json:"path"`
	RouteKey    string           `json:"routeKey"`
	URL         string           `json:"url"`
	Authorizer  *RouteAuthorizer `json:"authorizer"` // null when none
	Integration string           `json:"integration"`
	// Unsupported names what the route needs that apigw cannot do ("" when
	// served).
	Unsupported string `json:"unsupported"`
}

// RouteAuthorizer is the authorizer guarding a route.
type RouteAuthorizer struct {
	Name            string   `json:"name"`
	Type            string   `json:"type"`
	TTLSeconds      int      `json:"ttlSeconds"`
	IdentitySources []string `json:"identitySources"`
}

// StaticRoutes is a fixed route list.
type StaticRoutes []Route

// Routes returns the list.
func (s StaticRoutes) Routes() []Route { return s }

// RoutesOf lists tpl's routes as served at baseURL (with the stage as the
// first path segment when stagePrefix). gap names what a route needs that
// apigw cannot do ("" when served); nil means every route is served.
func RoutesOf(tpl *api.Template, baseURL string, stagePrefix bool, gap func(*api.Route) string) StaticRoutes {
	out := StaticRoutes{}
	for _, a := range tpl.APIs {
		base := baseURL
		if stagePrefix && (!a.IsHTTP() || a.Stage != api.DefaultStage) {
			base += "/" + a.Stage // an HTTP API's $default stage is served at the root (V-11)
		}
		for _, r := range slices.SortedStableFunc(slices.Values(a.Routes), api.CompareRoutes) {
			rt := Route{
				API: a.LogicalID, APIID: a.ID, Kind: kindOf(a), Stage: a.Stage, Method: r.Method, Path: r.Path,
				RouteKey: r.RouteKey(), URL: base + r.Path, Authorizer: authorizerOf(a, r),
				Integration: integrationOf(r.Integration),
			}
			if gap != nil {
				rt.Unsupported = gap(r)
			}
			out = append(out, rt)
		}
	}
	return out
}

func kindOf(a *api.API) string {
	if a.IsHTTP() {
		return "HTTP"
	}
	return "REST"
}

func authorizerOf(a *api.API, r *api.Route) *RouteAuthorizer {
	az := a.Authorizers[r.Authorizer]
	if r.Authorizer == "" || az == nil {
		return nil
	}
	ids := make([]string, 0, len(az.IdentitySources))
	for _, s := range az.IdentitySources {
		ids = append(ids, s.String())
	}
	return &RouteAuthorizer{Name: az.Name, Type: string(az.Type), TTLSeconds: az.TTLSeconds, IdentitySources: ids}
}

// integrationOf names a route's backend: "lambda:Fn", "http", "mock", or
// the integration type as configured.
func integrationOf(in api.Integration) string {
	switch in.Type {
	case api.IntegrationLambdaProxy:
		return "lambda:" + in.Function
	case api.IntegrationHTTPProxy:
		return "http"
	case api.IntegrationMock:
		return "mock"
	}
	return string(in.Type)
}

func (h *handler) listRoutes(w http.ResponseWriter, _ *http.Request) {
	routes := []Route{}
	if h.cfg.Routes != nil {
		routes = append(routes, h.cfg.Routes.Routes()...)
	}
	writeJSON(w, http.StatusOK, routes)
}
