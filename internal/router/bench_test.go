package router

import (
	"fmt"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// benchRoutes is a 200-route API: 40 services with a collection, an item,
// a sub-collection and an action, and a catch-all.
func benchRoutes() []*api.Route {
	var rs []*api.Route
	add := func(m, p string) { rs = append(rs, &api.Route{Method: m, Path: p}) }
	for i := range 40 {
		base := fmt.Sprintf("/v1/service%d/items", i)
		add("GET", base)
		add("POST", base)
		add("GET", base+"/{id}")
		add("ANY", base+"/{id}/parts")
		add("POST", base+"/{id}/actions/run")
	}
	return rs
}

func BenchmarkMatch(b *testing.B) {
	r, err := New(benchRoutes())
	if err != nil {
		b.Fatalf("New: %v", err)
	}
	for _, c := range []struct{ name, method, path string }{
		{"literal", "GET", "/v1/service37/items"},
		{"param", "GET", "/v1/service37/items/12345"},
		{"deep", "POST", "/v1/service37/items/12345/actions/run"},
		{"escaped", "GET", "/v1/service37/items/a%20b"},
		{"miss", "GET", "/v2/nothing/here"},
	} {
		b.Run(c.name, func(b *testing.B) {
			params := make([]request.Field, 0, 4)
			b.ReportAllocs()
			for b.Loop() {
				_, params, _ = r.Match(c.method, c.path, params)
			}
		})
	}
}
