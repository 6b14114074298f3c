package lint

import (
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

const denyAdmin = `{"Version":"2012-10-17","Statement":[` +
	`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},` +
	`{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":%s}]}`

func policyDenying(resources string) string { return strings.Replace(denyAdmin, "%s", resources, 1) }

// TestStaticRules pins each static rule on a hand-made model: what it
// reports and what it leaves alone.
func TestStaticRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tpl  *api.Template
		want []string
	}{
		{"C-2 cached authorizer on ANY /{proxy+}", model(azs(tokenAuth("A", 300)), route("ANY", "/{proxy+}", "A", 20)),
			[]string{RuleCachedGreedy}},
		{"C-2 cached authorizer on a greedy GET", model(azs(tokenAuth("A", 300)), route("GET", "/files/{path+}", "A", 20)),
			[]string{RuleCachedGreedy}},
		{"C-2 cached authorizer on ANY /pets", model(azs(tokenAuth("A", 1)), route("ANY", "/pets", "A", 20)),
			[]string{RuleCachedGreedy}},
		{"TTL 0 on a greedy route is fine", model(azs(tokenAuth("A", 0)), route("ANY", "/{proxy+}", "A", 20)), nil},
		{"C-2 cached authorizer shared by two routes", model(azs(tokenAuth("A", 300)), route("GET", "/pets", "A", 20), route("POST", "/pets", "A", 21)),
			[]string{RuleCachedShared}},
		{"one cached route of one method is fine", model(azs(tokenAuth("A", 300)), route("GET", "/pets/{id}", "A", 20)), nil},
		{"C-1 TTL above 3600", model(azs(tokenAuth("A", 3601)), route("GET", "/pets", "A", 20)), []string{RuleTTLRange}},
		{"C-1 negative TTL", model(azs(tokenAuth("A", -1)), route("GET", "/pets", "A", 20)), []string{RuleTTLRange}},
		{"C-1 TTL 3600 is the maximum", model(azs(tokenAuth("A", 3600)), route("GET", "/pets", "A", 20)), nil},
		{"C-5 REQUEST keyed only on Host", model(azs(requestAuth("A", 300, "method.request.header.Host")), route("GET", "/pets", "A", 20)),
			[]string{RuleCoarseKey}},
		{"C-5 REQUEST keyed on user-agent and accept, any case", model(azs(requestAuth("A", 300, "method.request.header.user-agent", "method.request.header.ACCEPT")), route("GET", "/pets", "A", 20)),
			[]string{RuleCoarseKey}},
		{"C-5 REQUEST keyed on stage and context variables", model(azs(requestAuth("A", 300, "stageVariables.Env", "context.httpMethod")), route("GET", "/pets", "A", 20)),
			[]string{RuleCoarseKey}},
		{"C-5 TOKEN on Content-Type", model(azs(func() *api.Authorizer {
			az := tokenAuth("A", 300)
			az.IdentitySources[0].Name = "Content-Type"
			return az
		}()), route("GET", "/pets", "A", 20)), []string{RuleCoarseKey}},
		{"R-2 a token header identifies the caller", model(azs(requestAuth("A", 300, "method.request.header.HeaderAuth1", "method.request.header.Host")), route("GET", "/pets", "A", 20)), nil},
		{"R-2 a query parameter may identify the caller", model(azs(requestAuth("A", 300, "method.request.querystring.token", "stageVariables.Env")), route("GET", "/pets", "A", 20)), nil},
		{"coarse key without caching is fine", model(azs(requestAuth("A", 0, "method.request.header.Host")), route("GET", "/pets", "A", 20)), nil},
		{"open method on a guarded path", model(azs(tokenAuth("A", 0)), route("GET", "/pets", "A", 20), route("DELETE", "/pets", "", 21)),
			[]string{RuleOpenSibling}},
		{"open child of a guarded parent", model(azs(tokenAuth("A", 0)), route("GET", "/admin", "A", 20), route("GET", "/admin/users", "", 21)),
			[]string{RuleOpenSibling}},
		{"open sibling under a guarded parent's path", model(azs(tokenAuth("A", 0)), route("GET", "/pets/{id}", "A", 20), route("GET", "/pets/search", "", 21)),
			[]string{RuleOpenSibling}},
		{"open OPTIONS is CORS preflight", model(azs(tokenAuth("A", 0)), route("GET", "/pets", "A", 20), route("OPTIONS", "/pets", "", 21)), nil},
		{"open top-level sibling of a guarded one", model(azs(tokenAuth("A", 0)), route("GET", "/pets", "A", 20), route("GET", "/health", "", 21)), nil},
		{"P-1 resource policy Deny of GET/admin", withPolicy(model(nil, route("GET", "/admin", "", 20)), policyDenying(`"execute-api:/*/GET/admin"`)),
			[]string{RuleDenySlash}},
		{"P-1 Deny of admin and admin/* covers the slash", withPolicy(model(nil, route("GET", "/admin", "", 20)), policyDenying(`["execute-api:/*/GET/admin","execute-api:/*/GET/admin/*"]`)), nil},
		{"P-1 Deny ending in a wildcard", withPolicy(model(nil, route("GET", "/admin", "", 20)), policyDenying(`"execute-api:/*/GET/admin*"`)), nil},
		{"an API apigw cannot serve is skipped", func() *api.Template {
			tpl := model(azs(tokenAuth("A", 300)), route("ANY", "/{proxy+}", "A", 20))
			tpl.APIs[0].Gap = api.Gap{What: "HTTP APIs"}
			return tpl
		}(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantRules(t, Static(tt.tpl, testScope), tt.want)
		})
	}
}

// TestStaticFindingFields: a finding names its place, route, authorizer,
// severity and fix; the fix names the API's own wildcard ARN.
func TestStaticFindingFields(t *testing.T) {
	t.Parallel()
	fs := Static(model(azs(tokenAuth("A", 300)), route("ANY", "/{proxy+}", "A", 20)), testScope)
	if len(fs) != 1 {
		t.Fatalf("findings %+v; want one", fs)
	}
	f := fs[0]
	want := Location{File: testFile, Line: 10, LogicalID: "Api", Field: "Auth.A"}
	wildcard := "arn:aws:execute-api:us-east-1:123456789012:" + api.IDFor("Api") + "/*/*"
	if f.Location != want || f.Route != "ANY /{proxy+}" || f.Authorizer != "A" || f.API != "Api" ||
		f.Severity != SeverityWarning || !strings.Contains(f.Fix, wildcard) {
		t.Fatalf("finding %+v; want location %+v, route ANY /{proxy+}, authorizer A, a warning, fix naming %s", f, want, wildcard)
	}
}

// TestSlashEscapeMessage: the P-1 finding says what the slash turns the
// Deny into, in the authorizer explanation's words (SlashNote).
func TestSlashEscapeMessage(t *testing.T) {
	t.Parallel()
	fs := Static(withPolicy(model(nil, route("GET", "/admin", "", 20)), policyDenying(`"execute-api:/*/GET/admin"`)), testScope)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "/*/GET/admin/ (a trailing slash) is allow") ||
		!strings.Contains(fs[0].Message, "P-1: AWS keeps the slash in the method ARN") || fs[0].Location.Line != 5 {
		t.Fatalf("findings %+v; want one P-1 finding at line 5 explaining the slash", fs)
	}
}
