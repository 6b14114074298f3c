package gateway

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
	"github.com/apigw/apigw/internal/router"
)

// CORS for HTTP APIs (DG http-api-cors). With a CorsConfiguration, API
// Gateway answers a preflight itself when no route takes it (a route
// whose method is OPTIONS or ANY, or the $default route, does take it, and
// its authorizer runs: DG, "$default route and an authorizer"; OBS
// anomalyco/sst#5493 for ANY), adds the configured headers to every
// response of a request that carries Origin, errors included, and drops
// the Access-Control-* headers the integration returned.

// CORS header names.
const (
	headerOrigin           = "Origin"
	headerRequestMethod    = "Access-Control-Request-Method"
	headerAllowOrigin      = "Access-Control-Allow-Origin"
	headerAllowMethods     = "Access-Control-Allow-Methods"
	headerAllowHeaders     = "Access-Control-Allow-Headers"
	headerExposeHeaders    = "Access-Control-Expose-Headers"
	headerMaxAge           = "Access-Control-Max-Age"
	headerAllowCredentials = "Access-Control-Allow-Credentials"
	corsPrefix             = "access-control-"
	anyOrigin              = "*"
)

// The request log line of a preflight the gateway answered.
const (
	logCORS       = "cors"
	preflightText = "preflight answered by the gateway: no route of the API takes OPTIONS on this path"
)

// corsState is an API's CORS configuration with its header values joined
// once, at load.
type corsState struct {
	origins                  []string
	methods, headers, expose string
	maxAge                   string // "" when unset
	credentials              bool
}

func newCorsState(c *api.Cors) *corsState {
	if c == nil {
		return nil
	}
	s := &corsState{origins: c.AllowOrigins, methods: strings.Join(c.AllowMethods, ","),
		headers: strings.Join(c.AllowHeaders, ","), expose: strings.Join(c.ExposeHeaders, ","), credentials: c.AllowCredentials}
	if c.MaxAge >= 0 {
		s.maxAge = strconv.Itoa(c.MaxAge)
	}
	return s
}

// isPreflight reports whether req is a CORS preflight: OPTIONS with
// Origin and Access-Control-Request-Method.
func isPreflight(req *request.Request) bool {
	if req.Method != http.MethodOptions {
		return false
	}
	_, origin := req.Header(headerOrigin)
	_, method := req.Header(headerRequestMethod)
	return origin && method
}

// notePreflight remembers st as the API that answers x's preflight when no
// route of st takes it.
func (x *exchange) notePreflight(st *apiState) {
	if x.preflight == nil && st.cors != nil && isPreflight(x.req) {
		x.preflight = st
	}
}

// preflight is the gateway's answer to a preflight no route took: 204
// with the CORS headers (addCors adds them); nil when err is not that case.
func (g *Gateway) preflight(x *exchange, err error) *Response {
	if x.preflight == nil || !errors.Is(err, router.ErrNoRoute) {
		return nil
	}
	x.st, x.preflightAnswered = x.preflight, true
	g.fillAPI(x, x.st)
	return &Response{StatusCode: http.StatusNoContent}
}

// addCors drops the integration's Access-Control-* headers and adds the
// API's for a request from an allowed origin; the preflight headers only
// on the gateway's own preflight answer. resp is the answer, whose
// headers are its own (Response.answer).
func addCors(x *exchange, resp *Response) {
	if x.st == nil || x.st.cors == nil {
		return
	}
	c := x.st.cors
	resp.Headers = slices.DeleteFunc(resp.Headers, isCorsHeader)
	origin, ok := x.req.Header(headerOrigin)
	allow := c.allowOrigin(origin)
	if !ok || allow == "" {
		return
	}
	add := func(name, value string) {
		if value != "" {
			resp.Headers = append(resp.Headers, request.Field{Name: name, Value: value})
		}
	}
	add(headerAllowOrigin, allow)
	if c.credentials {
		add(headerAllowCredentials, "true")
	}
	if x.preflightAnswered {
		add(headerAllowMethods, c.methods)
		add(headerAllowHeaders, c.headers)
		add(headerMaxAge, c.maxAge)
		return
	}
	add(headerExposeHeaders, c.expose)
}

func isCorsHeader(f request.Field) bool {
	return len(f.Name) > len(corsPrefix) && strings.EqualFold(f.Name[:len(corsPrefix)], corsPrefix)
}

// allowOrigin is the Access-Control-Allow-Origin value for origin: "*"
// when every origin is allowed, the origin itself when a configured one
// (exact, or a "scheme://*" pattern) matches it, else "".
func (c *corsState) allowOrigin(origin string) string {
	for _, o := range c.origins {
		switch {
		case o == anyOrigin:
			return anyOrigin
		case strings.HasSuffix(o, "://*") && len(origin) > len(o)-1 && strings.EqualFold(origin[:len(o)-1], o[:len(o)-1]):
			return origin
		case strings.EqualFold(o, origin):
			return origin
		}
	}
	return ""
}
