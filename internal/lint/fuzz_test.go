package lint

import (
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// FuzzStaticHTTPAPI: the static rules read any HTTP API authorizer and
// route keys (the values a template gives; seeds from
// internal/cli/testdata/lint/httpapi) without panicking; every finding
// names a rule that Rules lists, and a V-6 shared-verdict finding is made
// only when the cache is on and $context.routeKey is not in the key.
func FuzzStaticHTTPAPI(f *testing.F) {
	f.Add("$request.header.x-user", "GET /pets", "$default", 300, true, "2.0")
	f.Add("$request.header.x-user,$context.routeKey", "GET /orders", "GET /orders/{id}", 300, false, "2.0")
	f.Add("$request.querystring.t", "ANY /{proxy+}", "DELETE /orders", 3601, false, "1.0")
	f.Add("$context.routeKey", "GET /", "POST /", -1, true, "2.0")
	f.Fuzz(func(t *testing.T, sources, key1, key2 string, ttl int, simple bool, payload string) {
		var srcs []string
		for _, s := range strings.Split(sources, ",") {
			if _, err := api.ParseHTTPIdentitySource(s); err == nil {
				srcs = append(srcs, s)
			}
		}
		tpl := httpAPI(azs(httpAuth("A", ttl, payload, simple, srcs...)), httpRoute(key1, "A", 20), httpRoute(key2, "", 21))
		for _, f := range Static(tpl, testScope) {
			if severityOf(f.Rule) != f.Severity || f.Message == "" {
				t.Fatalf("finding %+v: unknown rule or no message", f)
			}
			if f.Rule == RuleSharedVerdict && (ttl <= 0 || !simple || perRoute(tpl.APIs[0], tpl.APIs[0].Authorizers["A"])) {
				t.Fatalf("V-6 finding with ttl %d, simple %t, sources %q", ttl, simple, srcs)
			}
		}
	})
}
