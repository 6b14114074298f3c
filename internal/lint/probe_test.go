package lint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/event"
)

// function is an authorizer function in process: it answers with the
// policy resource(methodArn) returns, allowing; calls counts its calls.
type function struct {
	resource func(methodARN string) string
	deny     string // a resource to Deny too, "" for none
	calls    atomic.Int32
}

func (f *function) Invoke(_ context.Context, payload []byte) ([]byte, error) {
	f.calls.Add(1)
	var ev struct {
		MethodArn          string `json:"methodArn"`
		AuthorizationToken string `json:"authorizationToken"`
	}
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	if ev.AuthorizationToken == "unauthorized" {
		return nil, &event.FunctionError{Type: "Error", Message: api.MessageUnauthorized}
	}
	stmts := fmt.Sprintf(`{"Action":"execute-api:Invoke","Effect":"Allow","Resource":%q}`, f.resource(ev.MethodArn))
	if f.deny != "" {
		stmts += fmt.Sprintf(`,{"Action":"execute-api:Invoke","Effect":"Deny","Resource":%q}`, f.deny)
	}
	return []byte(`{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[` + stmts + `]}}`), nil
}

func exactARN(m string) string { return m }

func apiWildcard(m string) string { return m[:strings.Index(m, "/")] + "/*/*" }

// probeWith returns a ProbeConfig calling fn for every authorizer, each
// API with one fresh cache as the gateway has.
func probeWith(fn authorizer.Invoker, token string) *ProbeConfig {
	caches := map[*api.API]*authorizer.Cache{}
	return &ProbeConfig{
		Identity: Identity{Token: token},
		Authorizer: func(a *api.API, az *api.Authorizer) (Authorizer, error) {
			if caches[a] == nil {
				c, err := authorizer.NewMemoryCache(0, nil)
				if err != nil {
					return nil, err
				}
				caches[a] = c
			}
			return authorizer.New(az, fn, caches[a])
		},
	}
}

var seedModel = func() *api.Template {
	return model(azs(tokenAuth("A", 300)), route("ANY", "/exact/{proxy+}", "A", 20))
}

// TestProbe: the seed's pitfall (C-2, C-8) found before deploy with one
// function call, and nothing where the cached policy covers every route.
func TestProbe(t *testing.T) {
	t.Parallel()
	admin := "arn:aws:execute-api:us-east-1:123456789012:" + api.IDFor("Api") + "/prod/GET/admin"
	tests := []struct {
		name      string
		tpl       *api.Template
		fn        *function
		token     string
		want      []string
		wantCalls int32
	}{
		{"C-8 exact method ARN on ANY /{proxy+} is the seed's 403", seedModel(), &function{resource: exactARN}, "allow",
			[]string{RuleCachedPolicyDeny}, 1},
		{"C-8 the wildcard resource covers every route", seedModel(), &function{resource: apiWildcard}, "allow", nil, 1},
		{"C-2 exact ARN shared by two routes breaks the second", model(azs(tokenAuth("A", 300)), route("GET", "/a", "A", 20), route("GET", "/b", "A", 21)),
			&function{resource: exactARN}, "allow", []string{RuleCachedPolicyDeny}, 1},
		{"TTL 0 is not probed", model(azs(tokenAuth("A", 0)), route("ANY", "/{proxy+}", "A", 20)), &function{resource: exactARN}, "allow", nil, 0},
		{"O-7 an identity the authorizer refuses", seedModel(), &function{resource: apiWildcard}, "unauthorized", []string{RuleProbeFailed}, 1},
		{"T-3 no token: the function is not called", seedModel(), &function{resource: apiWildcard}, "", []string{RuleProbeFailed}, 0},
		{"a policy that allows nothing it guards", seedModel(), &function{resource: func(string) string { return "arn:aws:execute-api:us-east-1:123456789012:other/*/*" }}, "allow",
			[]string{RuleProbeFailed}, 1},
		{"a route its own fresh policy denies is not the cache's doing", model(azs(tokenAuth("A", 300)), route("GET", "/a", "A", 20), route("GET", "/b", "A", 21)),
			&function{resource: func(m string) string { return strings.Replace(m, "/GET/a", "/GET/b", 1) }}, "allow", nil, 1},
		{"P-1 the returned policy's Deny of GET/admin misses GET/admin/", model(azs(tokenAuth("A", 300)), route("GET", "/admin", "A", 20)),
			&function{resource: apiWildcard, deny: admin}, "allow", []string{RuleDenySlash}, 1},
		{"C-5 a key that holds the path calls again per path", model(azs(requestAuth("A", 300, "method.request.header.Authorization", "context.path")), route("GET", "/{proxy+}", "A", 20)),
			&function{resource: exactARN}, "allow", nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs, _ := Probe(context.Background(), tt.tpl, withScope(probeWith(tt.fn, tt.token)))
			wantRules(t, fs, tt.want)
			if got := tt.fn.calls.Load(); got != tt.wantCalls {
				t.Fatalf("function called %d times; want %d", got, tt.wantCalls)
			}
		})
	}
}

func withScope(c *ProbeConfig) ProbeConfig {
	c.Scope = testScope
	return *c
}

// TestProbeSlashEscape: a returned policy whose Deny the trailing slash
// escapes is reported (P-1), when the first request is allowed.
func TestProbeSlashEscape(t *testing.T) {
	t.Parallel()
	admin := "arn:aws:execute-api:us-east-1:123456789012:" + api.IDFor("Api") + "/prod/GET/admin"
	tpl := model(azs(tokenAuth("A", 300)), route("GET", "/pets", "A", 20), route("GET", "/admin", "A", 21))
	fs, _ := Probe(context.Background(), tpl, withScope(probeWith(&function{resource: apiWildcard, deny: admin}, "allow")))
	wantRules(t, fs, []string{RuleDenySlash})
	if f := fs[0]; f.Route != "GET /admin" || !strings.Contains(f.Message, "denies GET /admin but allows GET /admin/") {
		t.Fatalf("finding %+v; want GET /admin escaping its Deny with a slash", f)
	}
}

// TestProbeFinding: the seed's finding names the authorizer, the route it
// breaks, a request it denies, why (the cached policy's explanation) and
// the fix; it never holds the token.
func TestProbeFinding(t *testing.T) {
	t.Parallel()
	const token = "allow-secret-token"
	fs, checked := Probe(context.Background(), seedModel(), withScope(probeWith(&function{resource: exactARN}, token)))
	if len(fs) != 1 || !checked["Api/A"] {
		t.Fatalf("findings %+v, checked %v; want one, A checked", fs, checked)
	}
	f := fs[0]
	for _, want := range []string{"policy for GET /exact/proxy1", "denies 13 requests to ANY /exact/{proxy+}", "GET /exact/proxy2",
		"cached policy (from GET /exact/proxy1", "allows only arn:aws:execute-api:"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q lacks %q", f.Message, want)
		}
	}
	if f.Route != "ANY /exact/{proxy+}" || f.Authorizer != "A" || f.Severity != SeverityError || !strings.Contains(f.Fix, "/*/*") {
		t.Errorf("finding %+v; want route, authorizer, error severity and the wildcard fix", f)
	}
	if b, _ := json.Marshal(fs); strings.Contains(string(b), token) {
		t.Errorf("finding holds the token: %s", b)
	}
}

// TestCheckProbeReplacesStatic: a probe that checked an authorizer
// replaces the static "might deny" rules for it, keeps the others, and
// keeps them for an authorizer it could not check.
func TestCheckProbeReplacesStatic(t *testing.T) {
	t.Parallel()
	tpl := func() *api.Template {
		return model(azs(tokenAuth("A", 300)), route("ANY", "/{proxy+}", "A", 20), route("GET", "/x", "A", 21))
	}
	tests := []struct {
		name  string
		probe *ProbeConfig
		want  []string
	}{
		{"static only", nil, []string{RuleCachedGreedy, RuleCachedShared}},
		{"probe clears a wildcard policy", probeWith(&function{resource: apiWildcard}, "allow"), nil},
		{"probe that could not run keeps the static rules", probeWith(&function{resource: apiWildcard}, "unauthorized"),
			[]string{RuleCachedGreedy, RuleCachedShared, RuleProbeFailed}},
		{"probe finds the seed on the greedy route", probeWith(&function{resource: exactARN}, "allow"), []string{RuleCachedPolicyDeny}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantRules(t, Check(context.Background(), tpl(), testScope, tt.probe), tt.want)
		})
	}
}

// TestProbeAuthorizerError: an authorizer that cannot be made is a
// probe-failed finding, not a crash.
func TestProbeAuthorizerError(t *testing.T) {
	t.Parallel()
	cfg := ProbeConfig{Scope: testScope, Authorizer: func(*api.API, *api.Authorizer) (Authorizer, error) {
		return nil, errors.New("no such function")
	}}
	fs, checked := Probe(context.Background(), seedModel(), cfg)
	wantRules(t, fs, []string{RuleProbeFailed})
	if len(checked) != 0 || !strings.Contains(fs[0].Message, "no such function") {
		t.Fatalf("findings %+v checked %v", fs, checked)
	}
}
