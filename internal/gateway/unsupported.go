package gateway

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// HeaderUnsupported names, on the answer of a route apigw cannot serve
// faithfully yet, what it needs (api.Gap.What). It is apigw's own header,
// never AWS's.
const HeaderUnsupported = "x-apigw-unsupported"

// unsupportedError ends a request on a route with a Gap at the stage that
// needs the missing part (api.RouteGap): its authorizer (500 {"message":
// null}, AUTHORIZER_CONFIGURATION_ERROR, O-8) or its integration (500
// API_CONFIGURATION_ERROR). One is made per route at load and shared by its
// requests; it is read-only.
type unsupportedError struct {
	stage  api.FailStage
	gap    api.Gap
	where  string        // where the missing part was declared, for the log line
	header request.Field // HeaderUnsupported: gap.What
}

func (e *unsupportedError) Error() string {
	return e.where + ": " + e.gap.What + " is not supported by apigw yet"
}

// responseType is the gateway response AWS gives when the stage fails.
func (e *unsupportedError) responseType() api.ResponseType {
	if e.stage == api.FailAuthorizer {
		return api.ResponseAuthorizerConfigurationError
	}
	return api.ResponseAPIConfigurationError
}

// unsupported is route r's failure, nil when the route is served.
func (g *Gateway) unsupported(a *api.API, r *api.Route) *unsupportedError {
	stage, gap := g.routeGap(a, r)
	if stage == api.FailNone {
		return nil
	}
	where := gap.Source
	if where == (api.Location{}) {
		where = r.Source
	}
	return &unsupportedError{stage: stage, gap: gap, where: where.String(),
		header: request.Field{Name: HeaderUnsupported, Value: headerSafe(gap.What)}}
}

// headerSafe replaces control characters, which would end or split a
// header line, with spaces.
func headerSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// routeGap is the stage route r of a fails at and why (api.RouteGap);
// with DisableAuthorizer the route's authorizer is left out, so only its
// integration can fail it.
func (g *Gateway) routeGap(a *api.API, r *api.Route) (api.FailStage, api.Gap) {
	if g.cfg.DisableAuthorizer && r.Authorizer != "" {
		unguarded := *r
		unguarded.Authorizer = ""
		r = &unguarded
	}
	return api.RouteGap(a, r, g.cfg.Template.Functions)
}

// RouteGap is the stage route r fails at and why, as provisioned (with
// Config.DisableAuthorizer applied); FailNone for a served route or one
// the gateway does not hold.
func (g *Gateway) RouteGap(r *api.Route) (api.FailStage, api.Gap) {
	for _, st := range g.apis {
		if rs := st.routes[r]; rs != nil && rs.unsupported != nil {
			return rs.unsupported.stage, rs.unsupported.gap
		}
	}
	return api.FailNone, api.Gap{}
}
