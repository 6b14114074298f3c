package gateway

import (
	"context"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/record"
	"github.com/apigw/apigw/internal/request"
)

// TestExchangeReuseKeepsNothing: exchanges are pooled, and a request
// served on a reused one is decided and recorded from its own state only.
// Requests of different shapes run one after another on one goroutine (so
// the pool hands back the previous request's exchange); each must get its
// own method ARN (C-8: the seed's exact authorizer caches a policy that
// allows only the first path, so a later path reusing that ARN would be
// let through), its own authorizer verdict, error type, resource policy
// decision and record.
func TestExchangeReuseKeepsNothing(t *testing.T) {
	t.Parallel()
	mock := api.Integration{Type: api.IntegrationMock, Mock: &api.MockResponse{StatusCode: 200, Body: "ok"}}
	tpl := withPolicy(testAPI([]*api.Route{
		{Method: "GET", Path: "/pets/{id}", Authorizer: "TokenAuth", Integration: mock},
		{Method: "GET", Path: "/open/{id}", Integration: mock},
	}, tokenAuth("TokenAuth", "Auth", 300)),
		rpStmt("Allow", "execute-api:/*/*/open/*", ""), rpStmt("Deny", "execute-api:/*/*/open/secret", ""))
	ring := record.NewRing(10)
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": seedTokenAuthorizer(false)}, func(c *Config) { c.Recorder = ring })
	steps := []struct {
		name, path, token string
		wantStatus        int
		wantOutcome       string // the record's Auth.Outcome
		wantError         string // the record's ErrorType
	}{
		{"allowed, caches a policy for /pets/7 only", "/pets/7", "allow", 200, record.OutcomeAllow, ""},
		{"C-8 another path is denied by that policy", "/pets/8", "allow", 403, record.OutcomeDeny, "ACCESS_DENIED"},
		{"no authorizer, allowed", "/open/1", "", 200, "", ""},
		{"the resource policy denies", "/open/secret", "", 403, "", "ACCESS_DENIED"},
		{"T-3 no token", "/pets/7", "", 401, record.OutcomeUnauthorized, "UNAUTHORIZED"},
		{"allowed from the cache", "/pets/7", "allow", 200, record.OutcomeAllow, ""},
		{"C-8 denied again after an allow", "/pets/9", "allow", 403, record.OutcomeDeny, "ACCESS_DENIED"},
		{"no route", "/nowhere", "", 403, "", "MISSING_AUTHENTICATION_TOKEN"},
		{"no authorizer, allowed again", "/open/2", "allow", 200, "", ""},
	}
	req := &request.Request{}
	for _, st := range steps {
		*req = request.Request{Method: "GET", SourceIP: "127.0.0.1", PathParams: req.PathParams[:0], ReceivedAt: time.Now()}
		if st.token != "" {
			req.Headers = []request.Field{{Name: "Authorization", Value: st.token}}
		}
		resp := s.gw.Serve(context.Background(), req, []byte(st.path))
		r := ring.Recent(1)[0]
		if resp.StatusCode != st.wantStatus || r.Status != st.wantStatus || r.Path != st.path {
			t.Fatalf("%s: got %d (record %d %s); want %d %s", st.name, resp.StatusCode, r.Status, r.Path, st.wantStatus, st.path)
		}
		if r.Auth.Outcome != st.wantOutcome || r.ErrorType != st.wantError || (r.ResourcePolicy == "") != (st.wantError == "MISSING_AUTHENTICATION_TOKEN") {
			t.Fatalf("%s: record has outcome %q, error %q, resource policy %q; want %q, %q, a policy decision when routed",
				st.name, r.Auth.Outcome, r.ErrorType, r.ResourcePolicy, st.wantOutcome, st.wantError)
		}
	}
}
