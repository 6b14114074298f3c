package sam

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// CORS headers SAM's preflight method answers with.
const (
	headerAllowOrigin      = "Access-Control-Allow-Origin"
	headerAllowMethods     = "Access-Control-Allow-Methods"
	headerAllowHeaders     = "Access-Control-Allow-Headers"
	headerMaxAge           = "Access-Control-Max-Age"
	headerAllowCredentials = "Access-Control-Allow-Credentials"
	methodOptions          = "OPTIONS"
)

// cors is an API's Cors property: static header values.
type cors struct {
	origin, methods, headers, maxAge string
	credentials                      bool
	loc                              api.Location
}

// readCors reads Cors: a quoted origin ("'*'") or a mapping of
// AllowOrigin, AllowMethods, AllowHeaders, MaxAge, AllowCredentials.
func (l *loader) readCors(f fields) *cors {
	c := &cors{loc: f.at(propCors)}
	if v := f.value(propCors); v != nil && v.Kind == yaml.ScalarNode {
		c.origin = l.staticValue(f, propCors, v.Value)
		return c
	}
	m := f.sub(propCors)
	c.origin = l.staticValue(m, "AllowOrigin", m.str("AllowOrigin", ""))
	c.methods = l.staticValue(m, "AllowMethods", m.str("AllowMethods", ""))
	c.headers = l.staticValue(m, "AllowHeaders", m.str("AllowHeaders", ""))
	if age := m.integer("MaxAge", -1); age >= 0 {
		c.maxAge = strconv.Itoa(age)
	}
	c.credentials = m.boolean("AllowCredentials")
	if c.origin == "" {
		m.fail("AllowOrigin", "Cors needs AllowOrigin")
	}
	m.unused([]string{"AllowOrigin", "AllowMethods", "AllowHeaders", "MaxAge", "AllowCredentials"})
	return c
}

// staticValue unquotes a SAM header value ("'*'"); only static values work.
func (l *loader) staticValue(f fields, key, v string) string {
	if v == "" {
		return ""
	}
	s, ok := api.StaticValue(v)
	if !ok {
		f.fail(key, "want a quoted static value such as \"'*'\", got %q", v)
	}
	return s
}

// applyCors adds SAM's preflight OPTIONS method, a mock, to every path
// that has none. With a DefaultAuthorizer and
// AddDefaultAuthorizerToCorsPreflight (default true) the preflight is
// authorized too, as on AWS.
func (l *loader) applyCors(b *apiBuild) {
	c := b.cors
	if c == nil {
		return
	}
	byPath := map[string][]string{}
	for _, r := range b.a.Routes {
		byPath[r.Path] = append(byPath[r.Path], r.Method)
	}
	for _, p := range slices.Sorted(maps.Keys(byPath)) {
		if slices.Contains(byPath[p], methodOptions) {
			continue
		}
		r := &api.Route{Path: p, Method: methodOptions, Source: c.loc,
			Integration: api.Integration{Type: api.IntegrationMock, Mock: &api.MockResponse{StatusCode: 200, Headers: c.headersFor(byPath[p])}}}
		if b.corsAuth {
			r.Authorizer = b.defaultAuth
		}
		b.a.Routes = append(b.a.Routes, r)
	}
}

func (c *cors) headersFor(methods []string) map[string]string {
	h := map[string]string{headerAllowOrigin: c.origin, headerAllowMethods: c.methods}
	if c.methods == "" {
		h[headerAllowMethods] = allowedMethods(methods)
	}
	if c.headers != "" {
		h[headerAllowHeaders] = c.headers
	}
	if c.maxAge != "" {
		h[headerMaxAge] = c.maxAge
	}
	if c.credentials {
		h[headerAllowCredentials] = "true"
	}
	return h
}

// allowedMethods lists a path's methods plus OPTIONS, ANY expanded.
func allowedMethods(methods []string) string {
	set := []string{methodOptions}
	for _, m := range methods {
		if m == api.MethodAny {
			set = append(set, api.AnyMethods...)
			continue
		}
		set = append(set, m)
	}
	slices.Sort(set)
	return strings.Join(slices.Compact(set), ",")
}
