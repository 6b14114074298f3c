package lint

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// v2Function is an HTTP API authorizer function in process (V-2, V-4): a
// simple response {"isAuthorized": allow, "context": context}, or, when
// resource is set, an Allow of resource(routeArn) (methodArn on 1.0).
type v2Function struct {
	resource func(routeARN string) string
	allow    bool
	context  string // the simple response's context, JSON; "" for none
	calls    atomic.Int32
}

func (f *v2Function) Invoke(_ context.Context, payload []byte) ([]byte, error) {
	f.calls.Add(1)
	var ev struct{ RouteArn, MethodArn string }
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	if f.resource == nil {
		return fmt.Appendf(nil, `{"isAuthorized":%t,"context":%s}`, f.allow, cmpOr(f.context, "{}")), nil
	}
	stmt := fmt.Sprintf(`{"Action":"execute-api:Invoke","Effect":"Allow","Resource":%q}`, f.resource(ev.RouteArn+ev.MethodArn))
	return []byte(`{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[` + stmt + `]}}`), nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// TestProbeHTTPAPI: the probe on HTTP API authorizers. An IAM policy is
// evaluated against each route ARN as on REST (V-6, C-8, V-9); a simple
// verdict cached for one route answers the others (V-6), unless
// $context.routeKey keeps one entry per route.
func TestProbeHTTPAPI(t *testing.T) {
	t.Parallel()
	iam := func(payload string, sources ...string) *api.Authorizer {
		return httpAuth("A", 300, payload, false, sources...)
	}
	simple := func(sources ...string) *api.Authorizer { return httpAuth("A", 300, "2.0", true, sources...) }
	two := func(az *api.Authorizer) *api.Template {
		return httpAPI(azs(az), httpRoute("GET /a", "A", 20), httpRoute("GET /b", "A", 21))
	}
	tests := []struct {
		name      string
		tpl       *api.Template
		fn        *v2Function
		want      []string
		wantCalls int32
	}{
		{"V-6 C-8 payload 2.0 exact route ARN on $default is the seed's 403", httpAPI(azs(iam("2.0", hdr)), httpRoute("$default", "A", 20)),
			&v2Function{resource: exactARN}, []string{RuleCachedPolicyDeny}, 1},
		{"V-6 C-8 payload 1.0 exact method ARN shared by two routes", two(iam("1.0", hdr)), &v2Function{resource: exactARN}, []string{RuleCachedPolicyDeny}, 1},
		{"V-6 the wildcard resource covers every route", two(iam("2.0", hdr)), &v2Function{resource: apiWildcard}, nil, 1},
		{"V-6 $context.routeKey calls once per route", two(iam("2.0", hdr, routeKey)), &v2Function{resource: exactARN}, nil, 2},
		{"V-6 a simple allow cached for GET /a answers GET /b", two(simple(hdr)), &v2Function{allow: true}, []string{RuleSharedVerdict}, 1},
		{"V-6 a simple deny is shared too", two(simple(hdr)), &v2Function{}, []string{RuleSharedVerdict}, 1},
		{"V-6 simple with $context.routeKey: nothing shared", two(simple(hdr, routeKey)), &v2Function{allow: true}, nil, 2},
		{"V-6 a simple verdict on $default answers its other methods and paths", httpAPI(azs(simple(hdr)), httpRoute("$default", "A", 20)),
			&v2Function{allow: true}, []string{RuleSharedVerdict}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs, _ := Probe(context.Background(), tt.tpl, withScope(probeWith(tt.fn, "allow")))
			wantRules(t, fs, tt.want)
			if got := tt.fn.calls.Load(); got != tt.wantCalls {
				t.Fatalf("function called %d times; want %d", got, tt.wantCalls)
			}
		})
	}
}

// TestProbeSharedVerdictFinding: the V-6 probe note names the first
// request, the verdict and the context it returned, the requests the
// cache answered with it, and withholds a context value that holds the
// token.
func TestProbeSharedVerdictFinding(t *testing.T) {
	t.Parallel()
	const token = "allow-secret-token"
	fn := &v2Function{allow: true, context: `{"role":"admin","echo":"Bearer allow-secret-token"}`}
	tpl := httpAPI(azs(httpAuth("A", 300, "2.0", true, hdr)), httpRoute("GET /a", "A", 20), httpRoute("GET /b", "A", 21))
	fs, checked := Probe(context.Background(), tpl, withScope(probeWith(fn, token)))
	if len(fs) != 1 || !checked["Api/A"] {
		t.Fatalf("findings %+v, checked %v; want one, A checked", fs, checked)
	}
	f := fs[0]
	for _, want := range []string{"answered GET /a (GET /a) with isAuthorized true", "role=admin", "echo=(withheld", "served 1 other requests of the same identity, on GET /b: GET /b", "(V-6)", "lint cannot know"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q lacks %q", f.Message, want)
		}
	}
	if f.Route != "GET /a" || f.Severity != SeverityWarning || !strings.Contains(f.Fix, "$context.routeKey") {
		t.Errorf("finding %+v; want a warning on GET /a with the $context.routeKey fix", f)
	}
	if b, _ := json.Marshal(fs); strings.Contains(string(b), token) {
		t.Errorf("finding holds the token: %s", b)
	}
}

// TestCheckProbeReplacesSharedVerdict: a probe that reached a simple
// authorizer replaces the static V-6 warning with what the cache shared;
// one that could not keeps it.
func TestCheckProbeReplacesSharedVerdict(t *testing.T) {
	t.Parallel()
	tpl := func(sources ...string) *api.Template {
		return httpAPI(azs(httpAuth("A", 300, "2.0", true, sources...)), httpRoute("GET /a", "A", 20), httpRoute("GET /b", "A", 21))
	}
	tests := []struct {
		name  string
		tpl   *api.Template
		probe *ProbeConfig
		want  []string
	}{
		{"static only", tpl(hdr), nil, []string{RuleSharedVerdict}},
		{"probe replaces it", tpl(hdr), probeWith(&v2Function{allow: true}, "allow"), []string{RuleSharedVerdict}},
		{"probe without an identity keeps it (V-7 401)", tpl(hdr), probeWith(&v2Function{allow: true}, ""), []string{RuleSharedVerdict, RuleProbeFailed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs := Check(context.Background(), tt.tpl, testScope, tt.probe)
			wantRules(t, fs, tt.want)
			if tt.probe != nil && len(fs) == 1 && !strings.Contains(fs[0].Message, "answered GET /a") {
				t.Fatalf("finding %+v; want the probe's note, not the static one", fs[0])
			}
		})
	}
}
