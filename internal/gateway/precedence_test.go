package gateway

import (
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestOutranks pins the order across the APIs of one listener: the
// router's order within one API (PIPE-3), $default last (V-11).
func TestOutranks(t *testing.T) {
	t.Parallel()
	route := func(method, path string) *api.Route { return &api.Route{Method: method, Path: path} }
	def := defaultRoute("f")
	tests := []struct {
		name string
		a, b *api.Route
		want bool
	}{
		{"PIPE-3 literal before greedy", route("GET", "/pets"), route("ANY", "/{proxy+}"), true},
		{"PIPE-3 greedy after literal", route("ANY", "/{proxy+}"), route("GET", "/pets"), false},
		{"PIPE-3 literal before param", route("GET", "/pets/cats"), route("GET", "/pets/{id}"), true},
		{"PIPE-3 param before greedy", route("GET", "/pets/{id}"), route("GET", "/pets/{proxy+}"), true},
		{"PIPE-3 deeper greedy before shallower", route("GET", "/pets/{proxy+}"), route("GET", "/{proxy+}"), true},
		{"PIPE-3 more specific ANY before greedy with the method", route("ANY", "/test/any"), route("OPTIONS", "/{proxy+}"), true},
		{"method before ANY on the same path", route("DELETE", "/pets/{x}"), route("ANY", "/pets/{id}"), true},
		{"a tie keeps the first API", route("GET", "/pets"), route("GET", "/pets"), false},
		{"V-11 $default after a greedy route", route("ANY", "/{proxy+}"), def, true},
		{"V-11 $default after everything", def, route("GET", "/{proxy+}"), false},
	}
	for _, tt := range tests {
		if got := outranks(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: outranks(%s %s, %s %s) = %v; want %v", tt.name, tt.a.Method, tt.a.Path, tt.b.Method, tt.b.Path, got, tt.want)
		}
	}
}

// TestRoutesAcrossAPIs: a REST API and an HTTP API served on one listener
// without --stage-prefix: the most specific route of either takes the
// request, whatever the order of the APIs (PIPE-3, V-11), with no
// shadowing warning.
func TestRoutesAcrossAPIs(t *testing.T) {
	t.Parallel()
	tpl := httpAPITemplate(api.DefaultStage, defaultRoute("v2"), httpRoute("GET", "/items/{id}", "v2", api.PayloadV2))
	tpl.APIs = append(tpl.APIs, testAPI([]*api.Route{lambdaRoute("GET", "/pets", "", "rest"), lambdaRoute("ANY", "/items/{proxy+}", "", "rest")}).APIs[0])
	fns := map[string]*countingFunc{"v2": echoV2(), "rest": echoFunc()}
	s := serveTemplate(t, tpl, fns)
	if w := s.gw.Warnings(); len(w) != 0 {
		t.Errorf("warnings %q; want none", w)
	}
	tests := []struct{ name, path, fn string }{
		{"REST literal before the HTTP API's $default", "/pets", "rest"},
		{"HTTP API's param before REST's greedy", "/items/7", "v2"},
		{"REST greedy before the HTTP API's $default", "/items/7/parts", "rest"},
		{"$default takes the rest", "/other", "v2"},
	}
	for _, tt := range tests {
		before := fns[tt.fn].calls.Load()
		if r := s.do(t, "GET", tt.path); r.status != 200 || fns[tt.fn].calls.Load() != before+1 {
			t.Errorf("%s: GET %s = %d %s; want 200 from %s", tt.name, tt.path, r.status, r.body, tt.fn)
		}
	}
}

// TestShadowedRoutesWarn: without --stage-prefix every API is served at the
// root; a route that an earlier API's route as specific takes is a warning
// at load (a tie keeps the first API). With --stage-prefix there is none.
func TestShadowedRoutesWarn(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("GET", "/pets", "", "Echo"), lambdaRoute("ANY", "/pets/{id}", "", "Echo")})
	second := &api.API{LogicalID: "Second", ID: api.IDFor("Second"), Stage: "v2", Authorizers: map[string]*api.Authorizer{},
		Routes: []*api.Route{lambdaRoute("GET", "/pets", "", "Echo"), lambdaRoute("POST", "/pets", "", "Echo"), lambdaRoute("DELETE", "/pets/{x}", "", "Echo")}}
	tpl.APIs = append(tpl.APIs, second)
	fns := map[string]*countingFunc{"Echo": echoFunc()}
	w := strings.Join(newTestGateway(t, tpl, fns).Warnings(), "\n")
	if !strings.Contains(w, "API Second's GET /pets is answered by API TestApi") || strings.Contains(w, "DELETE /pets/{x}") || strings.Contains(w, "POST /pets") {
		t.Fatalf("warnings %q; want GET /pets of Second only (its DELETE outranks TestApi's ANY; POST is its own)", w)
	}
	if w := newTestGateway(t, tpl, fns, func(c *Config) { c.StagePrefix = true }).Warnings(); len(w) != 0 {
		t.Fatalf("with --stage-prefix: warnings %q; want none", w)
	}
}
