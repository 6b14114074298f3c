package router

import (
	"net/url"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// oracleMatch is a brute-force reference for Match, written from the rules
// in doc.go rather than from the tree: slashes at both ends ignored, an
// empty segment matching only inside a greedy value; among all routes whose
// template matches the path and whose method serves the verb, take the
// resource that is most specific at the first part where two differ
// (literal < param < greedy), then the explicit verb over ANY.
func oracleMatch(routes []*api.Route, method, path string) (*api.Route, []request.Field, error) {
	if err := CheckPath(path); err != nil {
		return nil, nil, err
	}
	var best *api.Route
	var bestParams []request.Field
	for _, rt := range routes {
		params, ok := oracleParams(rt.Path, path)
		if !ok || !serves(rt.Method, method) {
			continue
		}
		if best == nil || oracleBetter(rt, best) {
			best, bestParams = rt, params
		}
	}
	if best == nil {
		return nil, nil, ErrNoRoute
	}
	return best, bestParams, nil
}

func serves(routeMethod, verb string) bool {
	return routeMethod == verb || routeMethod == api.MethodAny && slices.Contains(api.AnyMethods, verb)
}

func oracleBetter(a, b *api.Route) bool {
	pa, _ := parseTemplate(a.Path)
	pb, _ := parseTemplate(b.Path)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i].kind != pb[i].kind {
			return pa[i].kind < pb[i].kind
		}
	}
	return a.Method != api.MethodAny && b.Method == api.MethodAny
}

// oracleParams matches one template against a raw path.
func oracleParams(template, path string) ([]request.Field, bool) {
	parts, _ := parseTemplate(template)
	rest := strings.Trim(path, "/")
	var segs []string
	if rest != "" {
		segs = strings.Split(rest, "/")
	}
	var params []request.Field
	for i, p := range parts {
		if i >= len(segs) {
			return nil, false
		}
		dec, _ := url.PathUnescape(segs[i])
		switch p.kind {
		case partLiteral:
			if dec != p.text {
				return nil, false
			}
		case partParam:
			if segs[i] == "" {
				return nil, false
			}
			params = append(params, request.Field{Name: p.text, Value: segs[i]})
		case partGreedy:
			return append(params, request.Field{Name: p.text, Value: strings.Join(segs[i:], "/")}), true
		}
	}
	return params, len(parts) == len(segs)
}
