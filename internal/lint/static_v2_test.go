package lint

import (
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

const (
	hdr      = "$request.header.Authorization"
	routeKey = "$context.routeKey"
)

// TestStaticHTTPAPIRules pins the HTTP API (v2) rules: a cached simple
// verdict shared by routes (V-6), a cached IAM policy as on REST (C-2 via
// V-6), the TTL range (V-6) and open routes next to guarded ones (V-11).
func TestStaticHTTPAPIRules(t *testing.T) {
	t.Parallel()
	simple := func(ttl int, sources ...string) *api.Authorizer { return httpAuth("A", ttl, "2.0", true, sources...) }
	iam := func(payload string, sources ...string) *api.Authorizer {
		return httpAuth("A", 300, payload, false, sources...)
	}
	tests := []struct {
		name string
		tpl  *api.Template
		want []string
	}{
		{"V-6 simple responses cached on two route keys", httpAPI(azs(simple(300, hdr)), httpRoute("GET /pets", "A", 20), httpRoute("DELETE /pets", "A", 21)),
			[]string{RuleSharedVerdict}},
		{"V-6 simple responses cached on $default", httpAPI(azs(simple(300, hdr)), httpRoute("$default", "A", 20)), []string{RuleSharedVerdict}},
		{"V-6 simple responses cached on a greedy route", httpAPI(azs(simple(300, hdr)), httpRoute("GET /files/{path+}", "A", 20)), []string{RuleSharedVerdict}},
		{"V-6 $context.routeKey in the key: one entry per route", httpAPI(azs(simple(300, hdr, routeKey)), httpRoute("GET /pets", "A", 20), httpRoute("DELETE /pets", "A", 21)), nil},
		{"V-6 simple responses uncached", httpAPI(azs(simple(0, hdr)), httpRoute("GET /pets", "A", 20), httpRoute("DELETE /pets", "A", 21)), nil},
		{"V-6 simple responses on one plain route", httpAPI(azs(simple(300, hdr)), httpRoute("GET /pets", "A", 20)), nil},
		{"V-6 C-2 payload 1.0 policy cached on $default is the seed's setup", httpAPI(azs(iam("1.0", hdr)), httpRoute("$default", "A", 20)),
			[]string{RuleCachedGreedy}},
		{"V-6 C-2 payload 2.0 policy shared by two route keys", httpAPI(azs(iam("2.0", hdr)), httpRoute("GET /a", "A", 20), httpRoute("GET /b", "A", 21)),
			[]string{RuleCachedShared}},
		{"V-6 C-2 $context.routeKey keeps policies per route", httpAPI(azs(iam("2.0", hdr, routeKey)), httpRoute("GET /a", "A", 20), httpRoute("GET /b", "A", 21)), nil},
		{"V-6 C-2 $context.routeKey does not split a greedy route's paths", httpAPI(azs(iam("2.0", hdr, routeKey)), httpRoute("ANY /{proxy+}", "A", 20)),
			[]string{RuleCachedGreedy}},
		{"V-6 C-1 TTL above 3600", httpAPI(azs(simple(3601, hdr)), httpRoute("GET /pets", "A", 20)), []string{RuleTTLRange}},
		{"V-6 C-1 negative TTL", httpAPI(azs(httpAuth("A", -1, "1.0", false, hdr)), httpRoute("GET /pets", "A", 20)), []string{RuleTTLRange}},
		{"V-6 a payload 1.0 policy on one plain route", httpAPI(azs(iam("1.0", hdr)), httpRoute("GET /pets", "A", 20)), nil},
		{"C-5 keyed only on $context.routeKey", httpAPI(azs(simple(300, routeKey)), httpRoute("GET /pets", "A", 20)), []string{RuleCoarseKey}},
		{"open method next to a guarded route key", httpAPI(azs(simple(0, hdr)), httpRoute("GET /pets", "A", 20), httpRoute("DELETE /pets", "", 21)),
			[]string{RuleOpenSibling}},
		{"V-11 open $default next to guarded routes", httpAPI(azs(simple(0, hdr)), httpRoute("GET /pets", "A", 20), httpRoute("$default", "", 21)),
			[]string{RuleOpenSibling}},
		{"V-11 open $default alone is public on purpose", httpAPI(nil, httpRoute("$default", "", 21)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantRules(t, Static(tt.tpl, testScope), tt.want)
		})
	}
}

// TestStaticSharedVerdictFinding: the V-6 finding is a warning that names
// the routes, the identity sources in HTTP API syntax, the fix, and that
// lint cannot know whether the authorizer is route-independent.
func TestStaticSharedVerdictFinding(t *testing.T) {
	t.Parallel()
	fs := Static(httpAPI(azs(httpAuth("A", 300, "2.0", true, hdr)), httpRoute("GET /pets", "A", 20), httpRoute("$default", "A", 21)), testScope)
	if len(fs) != 1 {
		t.Fatalf("findings %+v; want one", fs)
	}
	f := fs[0]
	for _, want := range []string{"keyed on $request.header.Authorization", "GET /pets, $default", "(V-6)", "lint cannot know"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q lacks %q", f.Message, want)
		}
	}
	if f.Severity != SeverityWarning || f.Authorizer != "A" || !strings.Contains(f.Fix, "$context.routeKey") || !strings.Contains(f.Fix, "TTL") {
		t.Errorf("finding %+v; want a warning on A whose fix names $context.routeKey and the TTL", f)
	}
}

// TestStaticOpenDefaultMessage: an open $default says why it matters (V-11).
func TestStaticOpenDefaultMessage(t *testing.T) {
	t.Parallel()
	fs := Static(httpAPI(azs(httpAuth("A", 0, "2.0", true, hdr)), httpRoute("GET /pets", "A", 20), httpRoute("$default", "", 21)), testScope)
	if len(fs) != 1 || fs[0].Route != "$default" || !strings.Contains(fs[0].Message, "another method on a guarded path") {
		t.Fatalf("findings %+v; want one on $default explaining it", fs)
	}
}
