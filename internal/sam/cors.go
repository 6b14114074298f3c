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

// corsBody is the preflight mock's response template as SAM writes it;
// AWS sending it is UNCONFIRMED, SAM-2 recommends sending it.
const corsBody = "{}\n"

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
	c.origin = l.staticValue(m, "AllowOrigin", m.str("AllowOrigin", "'*'")) // SAM-2: SAM's default
	c.methods = l.staticValue(m, "AllowMethods", m.str("AllowMethods", ""))
	c.headers = l.staticValue(m, "AllowHeaders", m.str("AllowHeaders", ""))
	c.maxAge = l.maxAge(m)
	c.credentials = l.allowCredentials(m)
	m.unused([]string{"AllowOrigin", "AllowMethods", "AllowHeaders", "MaxAge", "AllowCredentials"})
	return c
}

// maxAge reads Cors.MaxAge (SAM-2): a static value ("'600'") as SAM
// documents it, or a bare whole number, which the transform passes on as
// it is.
func (l *loader) maxAge(m fields) string {
	s := m.str("MaxAge", "")
	if s == "" || s[0] == '\'' {
		return l.staticValue(m, "MaxAge", s)
	}
	if _, err := strconv.Atoi(s); err != nil {
		m.fail("MaxAge", "want a quoted static value such as \"'600'\" or a whole number, got %q", s)
		return ""
	}
	return s
}

// allowCredentials reads Cors.AllowCredentials (SAM-3): only the boolean
// true adds the header; SAM's transform treats anything else, the strings
// "true" and "'true'" included, as false and deploys without a word, so
// apigw accepts it and warns.
func (l *loader) allowCredentials(m fields) bool {
	v := m.value("AllowCredentials")
	if v == nil {
		return false
	}
	if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
		b, _ := strconv.ParseBool(v.Value)
		return b
	}
	l.warnAt(m.at("AllowCredentials"), "is not the boolean true: SAM deploys it as false, so the preflight has no %s header", headerAllowCredentials)
	return false
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
			Integration: api.Integration{Type: api.IntegrationMock, Mock: &api.MockResponse{StatusCode: 200, Headers: c.headersFor(byPath[p]), Body: corsBody}}}
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
