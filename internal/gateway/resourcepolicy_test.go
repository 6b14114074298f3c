package gateway

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// withPolicy gives the template's API a resource policy of statements.
func withPolicy(tpl *api.Template, stmts ...string) *api.Template {
	tpl.APIs[0].ResourcePolicy = &api.ResourcePolicy{
		Document: []byte(`{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`),
		Source:   api.Location{File: "test.yaml", Field: "x-amazon-apigateway-policy"},
	}
	return tpl
}

// rpStmt is a resource policy statement for everyone; cond is "" or a
// Condition object.
func rpStmt(effect, resource, cond string) string {
	s := fmt.Sprintf(`{"Effect":%q,"Principal":"*","Action":"execute-api:Invoke","Resource":%q`, effect, resource)
	if cond != "" {
		s += `,"Condition":` + cond
	}
	return s + "}"
}

// rpDenied is the body of a resource policy's deny of GET path on the
// test API (account masked).
func rpDenied(method, path string, explicit bool) string {
	msg := "User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:" +
		api.IDFor("TestApi") + "/prod/" + method + path
	if explicit {
		msg += " with an explicit deny"
	}
	return `{"Message":"` + msg + `"}`
}

// TestResourcePolicyAlone: on routes without an authorizer the resource
// policy must allow (DG-FLOW "resource policy only"), evaluated for an
// anonymous caller at the TCP peer's address (127.0.0.1 here) from the
// internet (no VPC keys) over plain HTTP; what apigw cannot evaluate fails
// closed and is a warning at load.
func TestResourcePolicyAlone(t *testing.T) {
	t.Parallel()
	const loopback, elsewhere = `{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}`, `{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}`
	var routes []*api.Route
	for _, p := range []string{"/open", "/admin", "/named", "/ip-allow", "/ip-deny", "/ip-outside", "/vpce-deny", "/vpce-allow", "/org-deny", "/org-allow", "/ua"} {
		routes = append(routes, lambdaRoute("GET", p, "", "Echo"))
	}
	tpl := withPolicy(testAPI(routes),
		rpStmt("Allow", "execute-api:/*/GET/open", ""),
		rpStmt("Allow", "execute-api:/prod/GET/admin", ""),
		rpStmt("Deny", "execute-api:/*/*/admin", ""),
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"execute-api:Invoke","Resource":"execute-api:/*/GET/named"}`,
		rpStmt("Allow", "execute-api:/*/GET/ip-allow", loopback),
		rpStmt("Allow", "arn:aws:execute-api:*:*:*/*/GET/ip-*", ""),
		rpStmt("Deny", "execute-api:/*/GET/ip-deny", loopback),
		rpStmt("Deny", "execute-api:/*/GET/ip-outside", elsewhere),
		rpStmt("Allow", "execute-api:/*/GET/vpce-deny", ""),
		rpStmt("Deny", "execute-api:/*/GET/vpce-deny", `{"StringEquals":{"aws:SourceVpce":"vpce-1"}}`),
		rpStmt("Allow", "execute-api:/*/GET/vpce-allow", `{"StringEquals":{"aws:SourceVpce":"vpce-1"}}`),
		rpStmt("Allow", "execute-api:/*/GET/org-deny", ""),
		rpStmt("Deny", "execute-api:/*/GET/org-deny", `{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}`),
		rpStmt("Allow", "execute-api:/*/GET/org-allow", `{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}`),
		rpStmt("Allow", "execute-api:/*/GET/ua", `{"StringLike":{"aws:UserAgent":"Go-http-client/*"},"Bool":{"aws:SecureTransport":"false"},"Null":{"aws:SourceVpc":"true"}}`),
	)
	echo := echoFunc()
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Echo": echo})
	tests := []struct {
		name, path string
		want       int
		body       string
	}{
		{"P-3 an Allow for everyone", "/open", 200, ""},
		{"P-3 a Deny wins over an Allow", "/admin", 403, rpDenied("GET", "/admin", true)},
		{"a statement naming a principal does not apply to an anonymous caller", "/named", 403, rpDenied("GET", "/named", false)},
		{"IpAddress on aws:SourceIp lets an Allow apply from inside the range", "/ip-allow", 200, ""},
		{"IpAddress on aws:SourceIp lets a Deny apply from inside the range", "/ip-deny", 403, rpDenied("GET", "/ip-deny", true)},
		{"NotIpAddress: a Deny for everyone outside the range", "/ip-outside", 403, rpDenied("GET", "/ip-outside", true)},
		{"aws:SourceVpce is absent (a request from the internet): a Deny on it does not apply", "/vpce-deny", 200, ""},
		{"aws:SourceVpce is absent: an Allow on it does not apply", "/vpce-allow", 403, rpDenied("GET", "/vpce-allow", false)},
		{"an unknown key: a Deny applies (fail closed)", "/org-deny", 403, rpDenied("GET", "/org-deny", true)},
		{"an unknown key: an Allow never applies (fail closed)", "/org-allow", 403, rpDenied("GET", "/org-allow", false)},
		{"StringLike on aws:UserAgent, Bool on aws:SecureTransport (no TLS) and Null on aws:SourceVpc all hold", "/ua", 200, ""},
		{"P-1 an Allow of GET/open does not cover GET/open/, as on AWS", "/open/", 403, rpDenied("GET", "/open/", false)},
		{"PIPE-1 routing comes first", "/nowhere", 403, bodyMissingToken},
	}
	for _, tt := range tests {
		r := s.do(t, "GET", tt.path)
		wantType := ""
		if tt.want == 403 {
			wantType = "AccessDeniedException"
		}
		if tt.body == bodyMissingToken {
			wantType = "MissingAuthenticationTokenException"
		}
		if r.status != tt.want || (tt.body != "" && r.body != tt.body) || r.header.Get(HeaderErrorType) != wantType {
			t.Errorf("%s: GET %s: got %d %s %q; want %d %s %q", tt.name, tt.path, r.status, r.body, r.header.Get(HeaderErrorType), tt.want, tt.body, wantType)
		}
	}
	if n := echo.calls.Load(); n != 4 {
		t.Errorf("function calls: got %d; want 4 (the allowed requests)", n)
	}
	if w := strings.Join(s.gw.Warnings(), "\n"); !strings.Contains(w, "Statement[12]: its Condition is not evaluated locally (StringEquals on aws:PrincipalOrgID: apigw does not know this key): this Deny applies whenever") ||
		!strings.Contains(w, "Statement[13]: its Condition is not evaluated locally (StringEquals on aws:PrincipalOrgID: apigw does not know this key): this Allow never allows") ||
		strings.Contains(w, "aws:SourceVpce") {
		t.Errorf("warnings %q; want one per statement whose condition is not evaluated", w)
	}
}

// tableAAuthorizer's policy depends on the token: "allow" allows
// everything, "silent" allows only an unrelated ARN (neither allow nor
// deny for the request), "deny" denies everything.
func tableAAuthorizer() *countingFunc {
	return &countingFunc{fn: func(payload []byte) ([]byte, error) {
		effect, resource := "Allow", "*"
		switch {
		case strings.Contains(string(payload), `"silent"`):
			resource = "arn:aws:execute-api:us-east-1:123456789012:other/*"
		case strings.Contains(string(payload), `"deny"`):
			effect = "Deny"
		}
		return policyJSON(effect, resource), nil
	}}
}

// TestResourcePolicyWithLambdaAuthorizer: PIPE-1 step 2 (the resource
// policy's explicit deny ends the request before the authorizer, even
// before its identity check) and DG-FLOW Table A, row by row: the
// authorizer's policy (allow, neither, deny) against the resource
// policy's (allow on /open, neither on /quiet, deny on /blocked).
func TestResourcePolicyWithLambdaAuthorizer(t *testing.T) {
	t.Parallel()
	tpl := withPolicy(testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "A", "Echo")}, tokenAuth("A", "Auth", 0)),
		rpStmt("Allow", "execute-api:/*/*/open/*", ""),
		rpStmt("Deny", "execute-api:/*/*/blocked/*", ""))
	auth := tableAAuthorizer()
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echoFunc()})
	const ad = "AccessDeniedException"
	runSteps(t, s, auth, []step{
		{"GET", "/open/x", "allow", 200, "", "", 1},                                     // Allow + Allow
		{"GET", "/quiet/x", "allow", 200, "", "", 2},                                    // Allow + neither
		{"GET", "/blocked/x", "allow", 403, rpDenied("GET", "/blocked/x", true), ad, 2}, // Allow + Deny: before the authorizer
		{"GET", "/open/x", "silent", 200, "", "", 3},                                    // neither + Allow: the resource policy allows
		{"GET", "/quiet/x", "silent", 403, bodyImplicitDeny, ad, 4},                     // neither + neither
		{"GET", "/blocked/x", "silent", 403, rpDenied("GET", "/blocked/x", true), ad, 4},
		{"GET", "/open/x", "deny", 403, bodyExplicitDeny, ad, 5}, // Deny + Allow
		{"GET", "/quiet/x", "deny", 403, bodyExplicitDeny, ad, 6},
		{"GET", "/blocked/x", "deny", 403, rpDenied("GET", "/blocked/x", true), ad, 6},
		{"GET", "/blocked/x", "", 403, rpDenied("GET", "/blocked/x", true), ad, 6}, // step 2 before step 3's 401
		{"GET", "/open/x", "", 401, bodyUnauthorized, "UnauthorizedException", 6},
	})
}

// TestResourcePolicyLoad: a malformed policy fails provisioning at its
// location; a literal account that is not apigw's is a warning.
func TestResourcePolicyLoad(t *testing.T) {
	t.Parallel()
	bad := withPolicy(testAPI([]*api.Route{lambdaRoute("GET", "/x", "", "Echo")}), `{"Effect":"allow","Principal":"*","Action":"*","Resource":"*"}`)
	_, err := New(testConfig(t, bad, map[string]*countingFunc{"Echo": echoFunc()}))
	if err == nil || !strings.Contains(err.Error(), "test.yaml: x-amazon-apigateway-policy: resource policy") || !strings.Contains(err.Error(), "Effect") {
		t.Fatalf("New with a lowercase Effect: got %v; want an error at the policy naming Effect", err)
	}
	other := withPolicy(testAPI([]*api.Route{lambdaRoute("GET", "/x", "", "Echo")}), rpStmt("Deny", "arn:aws:execute-api:us-east-1:999999999999:*/*", ""))
	gw := newTestGateway(t, other, map[string]*countingFunc{"Echo": echoFunc()})
	if w := strings.Join(gw.Warnings(), "\n"); !strings.Contains(w, `names account "999999999999", not this API's "123456789012"`) {
		t.Fatalf("warnings %q; want the account mismatch", w)
	}
}

// lockedBuffer collects log output written from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestResourcePolicyLogged: the request line carries the resource policy's
// decision, and says when the method ARN's trailing slash decided it (P-1:
// as on AWS, a Deny of GET/admin does not cover GET/admin/).
func TestResourcePolicyLogged(t *testing.T) {
	t.Parallel()
	tpl := withPolicy(testAPI([]*api.Route{lambdaRoute("GET", "/admin", "", "Echo")}),
		rpStmt("Allow", "execute-api:/*", ""), rpStmt("Deny", "execute-api:/*/GET/admin", ""))
	var log lockedBuffer
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Echo": echoFunc()}, func(c *Config) { c.Log = slog.New(slog.NewTextHandler(&log, nil)) })
	if r := s.do(t, "GET", "/admin/"); r.status != 200 {
		t.Fatalf("GET /admin/: got %d %s; want 200 (P-1)", r.status, r.body)
	}
	want := `resourcePolicy="allow by statement 0 (arn:aws:execute-api:us-east-1:123456789012:` + api.IDFor("TestApi") +
		`/*); without its trailing slash, .../prod/GET/admin would be explicit deny by statement 1`
	if got := log.String(); !strings.Contains(got, want) {
		t.Fatalf("log:\n%s\nwant it to contain %s", got, want)
	}
}

// TestTrustForwardedFor: aws:SourceIp is the TCP peer (127.0.0.1), whatever
// X-Forwarded-For says; with TrustForwardedFor it is the header's
// right-most entry, the one a load balancer appends (the entries to its
// left are the client's to forge). An unparsable entry is an unknown
// address, which fails closed.
func TestTrustForwardedFor(t *testing.T) {
	t.Parallel()
	tpl := func() *api.Template {
		return withPolicy(testAPI([]*api.Route{lambdaRoute("GET", "/x", "", "Echo")}),
			rpStmt("Allow", "execute-api:/*", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`))
	}
	direct := serveTemplate(t, tpl(), map[string]*countingFunc{"Echo": echoFunc()})
	behind := serveTemplate(t, tpl(), map[string]*countingFunc{"Echo": echoFunc()}, func(c *Config) { c.TrustForwardedFor = true })
	tests := []struct {
		name string
		s    *served
		xff  string
		want int
	}{
		{"the TCP peer, not the header", direct, "203.0.113.9", 403},
		{"trusted: the right-most entry", behind, "10.0.0.1, 203.0.113.9", 200},
		{"trusted: a forged left-most entry does not count", behind, "203.0.113.9, 10.0.0.1", 403},
		{"trusted: an entry with a port", behind, "203.0.113.9:4711", 200},
		{"trusted: an unparsable entry fails closed", behind, "203.0.113.9, unknown", 403},
		{"trusted: no header, the TCP peer", behind, "", 403},
	}
	for _, tt := range tests {
		var hdr []string
		if tt.xff != "" {
			hdr = []string{"X-Forwarded-For", tt.xff}
		}
		if r := tt.s.do(t, "GET", "/x", hdr...); r.status != tt.want {
			t.Errorf("%s: X-Forwarded-For %q: got %d %s; want %d", tt.name, tt.xff, r.status, r.body, tt.want)
		}
	}
}

// conditionAuthorizer answers every token with a policy that allows the
// API only to callers on the loopback network and denies /admin to
// callers whose User-Agent starts with "curl/".
func conditionAuthorizer() *countingFunc {
	return &countingFunc{fn: func([]byte) ([]byte, error) {
		return []byte(`{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[` +
			`{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}},` +
			`{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"*/admin","Condition":{"StringLike":{"aws:UserAgent":"curl/*"}}},` +
			`{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*/GET/org","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}}`), nil
	}}
}

// TestAuthorizerPolicyConditions: a Lambda authorizer's policy is
// evaluated with its Conditions in the request's context (P-3, O-2),
// from the cache too: IpAddress on the caller allows, a StringLike on
// aws:UserAgent denies only the requests it names, and an unknown key
// fails closed.
func TestAuthorizerPolicyConditions(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "A", "Echo")}, tokenAuth("A", "Auth", 300))
	auth := conditionAuthorizer()
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echoFunc()})
	tests := []struct {
		name, path, ua string
		want           int
		body           string
	}{
		{"IpAddress on the caller (127.0.0.1) lets the Allow apply", "/pets", "Go-http-client/1.1", 200, ""},
		{"the Deny's StringLike on aws:UserAgent does not hold", "/admin", "Go-http-client/1.1", 200, ""},
		{"the Deny's StringLike on aws:UserAgent holds: explicit deny", "/admin", "curl/8.5", 403, bodyExplicitDeny},
		{"from the cache, the same policy in this request's context", "/pets", "curl/8.5", 200, ""},
	}
	for _, tt := range tests {
		if r := s.do(t, "GET", tt.path, "Authorization", "tok", "User-Agent", tt.ua); r.status != tt.want || (tt.body != "" && r.body != tt.body) {
			t.Errorf("%s: GET %s: got %d %s; want %d %s", tt.name, tt.path, r.status, r.body, tt.want, tt.body)
		}
	}
	if n := auth.calls.Load(); n != 1 {
		t.Errorf("authorizer calls: got %d; want 1 (one cached policy decides every request)", n)
	}
}

// TestAuthorizerConditionFailClosedLogged: an Allow whose Condition names
// a key apigw does not know never applies (fail closed), and the request's
// log line says which Condition did it.
func TestAuthorizerConditionFailClosedLogged(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "A", "Echo")}, tokenAuth("A", "Auth", 0))
	auth := &countingFunc{fn: func([]byte) ([]byte, error) {
		return []byte(`{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[` +
			`{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}}`), nil
	}}
	var log lockedBuffer
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echoFunc()},
		func(c *Config) { c.Log = slog.New(slog.NewTextHandler(&log, nil)) })
	if r := s.do(t, "GET", "/pets", "Authorization", "tok"); r.status != 403 || r.body != bodyImplicitDeny {
		t.Fatalf("GET /pets: got %d %s; want 403 %s (fail closed)", r.status, r.body, bodyImplicitDeny)
	}
	want := "statement 0's Condition is not evaluated (StringEquals on aws:PrincipalOrgID: apigw does not know this key): its Allow does not apply (fail closed)"
	if !strings.Contains(log.String(), want) {
		t.Fatalf("log:\n%s\nwant it to contain %s", log.String(), want)
	}
}
