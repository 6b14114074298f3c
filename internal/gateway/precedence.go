package gateway

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// Segment kinds in the order a route takes a request: within one API a
// literal segment wins over a {param}, both over a greedy {proxy+}
// (PIPE-3, as package router applies it).
const (
	segGreedy = iota
	segParam
	segLiteral
)

// outranks reports whether route a, matched in one API, takes a request
// before route b, matched by the same request in another API on the same
// listener: the router's order within one API applied across APIs,
// segment by segment from the left, then a method before ANY. An HTTP
// API's $default route yields to every other route (V-11). On a tie the
// API that comes first keeps the request (a shadowing warned at start).
func outranks(a, b *api.Route) bool {
	if a.IsDefault() != b.IsDefault() {
		return b.IsDefault()
	}
	if c := comparePaths(a.Path, b.Path); c != 0 {
		return c > 0
	}
	return a.Method != api.MethodAny && b.Method == api.MethodAny
}

// comparePaths compares two route templates segment by segment: +1 when a
// is the more specific, -1 when b is, 0 when neither is.
func comparePaths(a, b string) int {
	a, b = strings.TrimPrefix(a, "/"), strings.TrimPrefix(b, "/")
	for a != "" || b != "" {
		var sa, sb string
		sa, a, _ = strings.Cut(a, "/")
		sb, b, _ = strings.Cut(b, "/")
		if ka, kb := segKind(sa), segKind(sb); ka != kb {
			if ka > kb {
				return 1
			}
			return -1
		}
	}
	return 0
}

func segKind(s string) int {
	switch {
	case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "+}"):
		return segGreedy
	case strings.HasPrefix(s, "{"):
		return segParam
	}
	return segLiteral
}
