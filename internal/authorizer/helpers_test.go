package authorizer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/request"
)

const (
	region, account, apiID = "us-east-1", "123456789012", "abc123"
	apiBase                = "arn:aws:execute-api:us-east-1:123456789012:abc123"
)

// fakeClock is a settable clock (C-6).
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// countingInvoker is an in-memory function that counts its calls.
type countingInvoker struct {
	calls atomic.Int64
	last  atomic.Pointer[[]byte]
	fn    func(ctx context.Context, payload []byte) ([]byte, error)
}

func (c *countingInvoker) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	c.calls.Add(1)
	c.last.Store(&payload)
	return c.fn(ctx, payload)
}

func invoker(fn func(ctx context.Context, payload []byte) ([]byte, error)) *countingInvoker {
	return &countingInvoker{fn: fn}
}

// constant returns the same output or error on every call.
func constant(out string, err error) *countingInvoker {
	return invoker(func(context.Context, []byte) ([]byte, error) { return []byte(out), err })
}

// output is an authorizer result with one statement.
func output(principal, effect, resource string) string {
	return fmt.Sprintf(`{"principalId":%q,"policyDocument":{"Version":"2012-10-17","Statement":[`+
		`{"Action":"execute-api:Invoke","Effect":%q,"Resource":%q}]},`+
		`"context":{"stringKey":"stringval","numberKey":123,"booleanKey":true}}`, principal, effect, resource)
}

// seedToken behaves like the seed's TOKEN authorizer: "allow", "deny",
// "unauthorized", anything else an error. wildcard picks the fixed
// resource (apiId/*/*) over the pitfall (event.methodArn).
func seedToken(wildcard bool) *countingInvoker {
	return invoker(func(_ context.Context, payload []byte) ([]byte, error) {
		var ev struct{ AuthorizationToken, MethodArn string }
		if err := json.Unmarshal(payload, &ev); err != nil {
			return nil, err
		}
		resource := ev.MethodArn
		if wildcard {
			resource = ev.MethodArn[:strings.Index(ev.MethodArn, "/")] + "/*/*"
		}
		switch ev.AuthorizationToken {
		case "allow":
			return []byte(output("user", "Allow", resource)), nil
		case "deny":
			return []byte(output("user", "Deny", resource)), nil
		case "unauthorized":
			return nil, &event.FunctionError{Type: "string", Message: "Unauthorized"}
		}
		return nil, &event.FunctionError{Type: "string", Message: "Error: Invalid token"}
	})
}

func tokenConfig(ttl int) *api.Authorizer {
	return &api.Authorizer{
		Name: "TokenAuth", Type: api.AuthorizerToken, Function: "AuthFn", TTLSeconds: ttl,
		IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}},
	}
}

// setup builds an authorizer on a fresh memory cache with a fake clock.
func setup(t testing.TB, cfg *api.Authorizer, inv Invoker, opts ...Option) (*Authorizer, *Cache, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	cache, err := NewMemoryCache(10_000, clock.Now)
	if err != nil {
		t.Fatalf("NewMemoryCache: %v", err)
	}
	a, err := New(cfg, inv, cache, append([]Option{WithClock(clock.Now)}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a, cache, clock
}

// tokenRequest is a request on the seed's /{proxy+} resource in stage prod.
func tokenRequest(method, path, token string) *request.Request {
	r := &request.Request{
		Method: method, Path: path, Stage: "prod", APIID: apiID, AccountID: account, Region: region,
		Resource: "/{proxy+}", ResourceID: "r3s0rc", RequestID: "req-1", SourceIP: "127.0.0.1",
		PathParams: []request.Field{{Name: "proxy", Value: strings.TrimPrefix(path, "/")}},
	}
	if token != "" {
		r.Headers = []request.Field{{Name: "Authorization", Value: token}}
	}
	return r
}

func methodARN(t testing.TB, r *request.Request) string {
	t.Helper()
	s, err := arn.Build(region, account, apiID, r.Stage, r.Method, r.Path)
	if err != nil {
		t.Fatalf("arn.Build: %v", err)
	}
	return s
}

// authorize runs a.Authorize for r and checks that the decision agrees
// with its error: allowed exactly when Err is nil, the response Err maps
// to, and a deny's own message (O-9).
func authorize(t testing.TB, a *Authorizer, r *request.Request) (*Outcome, error) {
	t.Helper()
	out := a.Authorize(context.Background(), r, methodARN(t, r))
	if out.Explanation == nil {
		t.Fatal("Authorize: got no Explanation; want one on every path")
	}
	wantMessage := ""
	var denied *DeniedError
	if errors.As(out.Err, &denied) {
		wantMessage = denied.Message()
	}
	if out.Allow != (out.Err == nil) || out.Response != responseType(out.Err) || out.Message != wantMessage {
		t.Fatalf("Authorize: got allow %v, response %q, message %q for error %v; want them to agree", out.Allow, out.Response, out.Message, out.Err)
	}
	return &out, out.Err
}
