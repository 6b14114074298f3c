package gateway

import (
	"encoding/json"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestRESTBesideHTTPAPI: a REST API and an HTTP API of one template on one
// listener. Under --stage-prefix the REST API answers its stage's paths
// even though the HTTP API, declared first, has a $default route that
// would catch them (V-11: the $default stage has no stage segment).
func TestRESTBesideHTTPAPI(t *testing.T) {
	t.Parallel()
	fns := map[string]*countingFunc{"rest": echoFunc(), "http": echoV2()}
	tpl := httpAPITemplate(api.DefaultStage, defaultRoute("http"))
	rest := testAPI([]*api.Route{lambdaRoute("GET", "/hello", "", "rest")})
	tpl.APIs = append(tpl.APIs, rest.APIs...)
	s := serveTemplate(t, tpl, fns, func(c *Config) { c.StagePrefix = true })
	tests := []struct {
		name, path, version string
		fn                  *countingFunc
	}{
		{"the REST API's stage path", "/prod/hello", "1.0", fns["rest"]},
		{"anything else: the HTTP API's $default route", "/elsewhere", "2.0", fns["http"]},
	}
	for _, tt := range tests {
		before := tt.fn.calls.Load()
		r := s.do(t, "GET", tt.path)
		var ev struct {
			Version string `json:"version"`
		}
		if err := json.Unmarshal([]byte(r.body), &ev); err != nil || r.status != 200 || tt.fn.calls.Load() != before+1 {
			t.Fatalf("%s: got %d %s; want 200 from its function", tt.name, r.status, r.body)
		}
		if ev.Version != tt.version && !(tt.version == "1.0" && ev.Version == "") {
			t.Fatalf("%s: event version %q; want %s", tt.name, ev.Version, tt.version)
		}
	}
}
