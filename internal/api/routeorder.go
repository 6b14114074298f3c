package api

import (
	"cmp"
	"slices"
)

// CompareRoutes is the one order of routes: by resource path, then by
// method as written ("ANY" sorts before the verbs). Loaders return routes
// in it, and the route table is printed in it.
func CompareRoutes(a, b *Route) int {
	return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
}

// SortRoutes sorts routes by CompareRoutes, keeping the order of equal ones.
func SortRoutes(routes []*Route) {
	slices.SortStableFunc(routes, CompareRoutes)
}
