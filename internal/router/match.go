package router

import (
	"net/url"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// Match finds the route for method and the raw (percent-encoded) path, such
// as "/pets/7" (without the stage and without the query). Path parameters
// are appended to params[:0], which the caller may reuse across requests,
// and returned. The error is nil, ErrNoRoute or ErrBadPath.
func (r *Router) Match(method, path string, params []request.Field) (*api.Route, []request.Field, error) {
	params = params[:0]
	if !strings.HasPrefix(path, "/") || !validEscapes(path) {
		return nil, params, ErrBadPath
	}
	slot := verbSlot(method)
	if slot < 0 {
		return nil, params, ErrNoRoute
	}
	rt, params := r.root.match(slot, Matched(path)[1:], params)
	if rt == nil {
		return nil, params, ErrNoRoute
	}
	return rt, params, nil
}

// Matched returns path as Match reads it: runs of slashes collapsed (API
// Gateway serves "//pets" as /pets), no trailing slash, "/" for the root.
// The method ARN must be built from this path, so that a policy is
// evaluated against the resource that is served: "/admin/" and "//admin"
// are served by /admin, and a Deny of .../GET/admin must cover them.
func Matched(path string) string {
	if p := strings.TrimRight(CollapseSlashes(path), "/"); p != "" {
		return p
	}
	return "/"
}

// CollapseSlashes replaces every run of slashes in path with one.
func CollapseSlashes(path string) string {
	if !strings.Contains(path, "//") {
		return path
	}
	b := make([]byte, 0, len(path))
	for i := 0; i < len(path); i++ {
		if path[i] == '/' && len(b) > 0 && b[len(b)-1] == '/' {
			continue
		}
		b = append(b, path[i])
	}
	return string(b)
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
