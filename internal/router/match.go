package router

import (
	"net/url"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// Match finds the route for method and path, the raw (percent-encoded)
// request path without the stage and without the query, such as "/pets/7".
// Runs of slashes at the start and at the end are ignored (PIPE-4: "/pets/"
// and "//pets" route like "/pets"); an empty segment inside the path
// matches no literal and no {param}, only a greedy resource (see doc.go).
// Path parameters are appended to params[:0], which the caller may reuse
// across requests, and returned. The error is nil, ErrNoRoute, or one
// wrapping ErrBadPath (see CheckPath). An HTTP API's $default route
// answers what no other route matches, whatever the verb (V-11).
func (r *Router) Match(method, path string, params []request.Field) (*api.Route, []request.Field, error) {
	params = params[:0]
	if err := CheckPath(path); err != nil {
		return nil, params, err
	}
	var rt *api.Route
	if slot := verbSlot(method); slot >= 0 {
		rt, params = r.root.match(slot, strings.Trim(path, "/"), params)
	}
	switch {
	case rt != nil:
		return rt, params, nil
	case r.fallback != nil:
		return r.fallback, params, nil
	}
	return nil, params, ErrNoRoute
}

// CheckPath is the one rule for paths no route may see: nil, or ErrBadPath
// when path does not start with '/' or holds a malformed percent-escape,
// or ErrDotSegment (which wraps ErrBadPath) when a segment is "." or "..",
// as sent or percent-decoded (BAD-3). The gateway calls it on the whole
// path before routing, so no authorizer or function sees such a request.
func CheckPath(path string) error {
	switch {
	case !strings.HasPrefix(path, "/") || !validEscapes(path):
		return ErrBadPath
	case request.HasDotSegment(path):
		return ErrDotSegment
	}
	return nil
}

// RequestPath returns path as API Gateway passes it on in the event's
// path and builds the method ARN from (L-9, P-1): the run of slashes at its
// start collapsed to one ("//pets" is "/pets"), every other slash kept
// ("/a//b/" stays "/a//b/"). It allocates nothing.
func RequestPath(path string) string {
	if len(path) < 2 || path[0] != '/' || path[1] != '/' {
		return path
	}
	rest := strings.TrimLeft(path, "/")
	return path[len(path)-len(rest)-1:]
}

// match resolves rest (the path below n, without a leading slash, never
// ending in '/') in the order literal, {param}, {greedy+}, backtracking when
// a branch has no route for the verb. On a miss params is returned at its
// original length.
func (n *node) match(slot int, rest string, params []request.Field) (*api.Route, []request.Field) {
	if rest == "" {
		return n.route(slot), params
	}
	seg, tail, _ := strings.Cut(rest, "/")
	value := decode(seg)
	if c := n.literals[value]; c != nil {
		if rt, p := c.match(slot, tail, params); rt != nil {
			return rt, p
		}
	}
	v := n.variable
	if v == nil {
		return nil, params
	}
	if v.kind == partGreedy {
		if rt := v.route(slot); rt != nil {
			return rt, append(params, request.Field{Name: v.name, Value: rest})
		}
		return nil, params
	}
	if seg == "" {
		return nil, params
	}
	if rt, p := v.match(slot, tail, append(params, request.Field{Name: v.name, Value: seg})); rt != nil {
		return rt, p
	}
	return nil, params
}

// route returns n's route for the verb in slot: the explicit verb, else ANY.
func (n *node) route(slot int) *api.Route {
	if rt := n.routes[slot]; rt != nil {
		return rt
	}
	return n.routes[slotAny]
}

// decode percent-decodes s; it allocates only when s holds an escape. The
// whole path was checked by validEscapes first.
func decode(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	d, err := url.PathUnescape(s)
	if err != nil {
		return s // unreachable after validEscapes
	}
	return d
}

// validEscapes reports whether every '%' in s starts a two-hex-digit escape.
func validEscapes(s string) bool {
	for i := strings.IndexByte(s, '%'); i >= 0; i = strings.IndexByte(s, '%') {
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return false
		}
		s = s[i+3:]
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
