package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/demo"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
	"github.com/aws/aws-lambda-go/events"
)

// countingFunc is an in-process function that counts its invocations and
// records the last payload.
type countingFunc struct {
	calls atomic.Int64
	mu    sync.Mutex
	last  []byte
	fn    func(payload []byte) ([]byte, error)
}

func (c *countingFunc) Invoke(_ context.Context, payload []byte) ([]byte, error) {
	c.calls.Add(1)
	c.mu.Lock()
	c.last = append(c.last[:0], payload...)
	c.mu.Unlock()
	return c.fn(payload)
}

func (c *countingFunc) lastPayload() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]byte(nil), c.last...)
}

// seedTokenAuthorizer is the built-in demo's seed-style TOKEN authorizer
// (tokens allow, deny, unauthorized, anything else fails), counted;
// wildcard picks the fixed policy resource over the request's own ARN.
func seedTokenAuthorizer(wildcard bool) *countingFunc {
	fn := demo.Invokers()[demo.ExactFunction]
	if wildcard {
		fn = demo.Invokers()[demo.WildcardFunction]
	}
	return &countingFunc{fn: func(payload []byte) ([]byte, error) { return fn(context.Background(), payload) }}
}

func policyJSON(effect, resource string) []byte {
	return []byte(fmt.Sprintf(`{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":%q,"Resource":%q}]},"context":{"stringKey":"stringval","numberKey":123,"booleanKey":true}}`, effect, resource))
}

// echoFunc answers a Lambda-proxy event with the event itself as the body.
func echoFunc() *countingFunc {
	return &countingFunc{fn: func(payload []byte) ([]byte, error) {
		return json.Marshal(events.APIGatewayProxyResponse{StatusCode: 200, Body: string(payload)})
	}}
}

// testAPI builds one API on stage "prod" with the given routes and authorizers.
func testAPI(routes []*api.Route, auths ...*api.Authorizer) *api.Template {
	a := &api.API{LogicalID: "TestApi", ID: api.IDFor("TestApi"), Stage: "prod",
		StageVariables: map[string]string{"StageVar1": "stageValue1"}, Routes: routes, Authorizers: map[string]*api.Authorizer{}}
	for _, az := range auths {
		a.Authorizers[az.Name] = az
	}
	return &api.Template{File: "test.yaml", APIs: []*api.API{a}}
}

func lambdaRoute(method, path, auth, fn string) *api.Route {
	return &api.Route{Method: method, Path: path, Authorizer: auth,
		Integration: api.Integration{Type: api.IntegrationLambdaProxy, Function: fn, PayloadVersion: api.PayloadV1, TimeoutMs: 29000}}
}

func tokenAuth(name, fn string, ttl int) *api.Authorizer {
	return &api.Authorizer{Name: name, Type: api.AuthorizerToken, Function: fn, TTLSeconds: ttl,
		IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}}}
}

// served is a running gateway on 127.0.0.1:0.
type served struct {
	url string
	gw  *Gateway
}

func serveTemplate(t testing.TB, tpl *api.Template, fns map[string]*countingFunc, opts ...func(*Config)) *served {
	t.Helper()
	return serveGateway(t, newTestGateway(t, tpl, fns, opts...), nil)
}

// newTestGateway builds a gateway over fns, wired as cli wires it: one
// in-memory authorizer cache, integrations from integration.New.
func newTestGateway(t testing.TB, tpl *api.Template, fns map[string]*countingFunc, opts ...func(*Config)) *Gateway {
	t.Helper()
	gw, err := New(testConfig(t, tpl, fns, opts...))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return gw
}

// testConfig is the Config newTestGateway provisions.
func testConfig(t testing.TB, tpl *api.Template, fns map[string]*countingFunc, opts ...func(*Config)) Config {
	t.Helper()
	lookup := func(id string) (integration.Invoker, error) {
		if f, ok := fns[id]; ok {
			return f, nil
		}
		return nil, errors.New("no function " + id)
	}
	cache, err := authorizer.NewMemoryCache(0, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Template: tpl, Region: "us-east-1", AccountID: "123456789012"}
	cfg.Authorizers = func(_ *api.API, a *api.Authorizer) (Authorizer, error) {
		inv, err := lookup(a.Function)
		if err != nil {
			return nil, err
		}
		az, err := authorizer.New(a, inv, cache)
		if err != nil {
			return nil, err
		}
		return lambdaAuthorizer{az}, nil
	}
	cfg.Integrations = func(a *api.API, r *api.Route) (Integration, error) {
		return integration.New(r.Integration, lookup, integration.OptionsFor(a, r, cfg.AccountID))
	}
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

// serveGateway serves gw on 127.0.0.1:0; tune, when set, adjusts the front
// end before it accepts.
func serveGateway(t testing.TB, gw *Gateway, tune func(*Server)) *served {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(gw, Limits{})
	if tune != nil {
		tune(srv)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	return &served{url: "http://" + ln.Addr().String(), gw: gw}
}

type reply struct {
	status int
	header http.Header
	body   string
}

func (s *served) do(t *testing.T, method, path string, headers ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header[headers[i]] = []string{headers[i+1]} // raw name, not canonicalised
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// lambdaAuthorizer gives a REST Lambda authorizer's Outcome as a Verdict,
// as cli does.
type lambdaAuthorizer struct{ az *authorizer.Authorizer }

func (l lambdaAuthorizer) Authorize(ctx context.Context, req *request.Request, methodARN string, cond *policy.Context) Verdict {
	o := l.az.AuthorizeIn(ctx, req, methodARN, cond)
	return Verdict{Allow: o.Allow, Response: o.Response, Message: o.Message, ImplicitDeny: o.ImplicitDeny(),
		PrincipalID: o.PrincipalID, Context: o.Context.Map(), Latency: o.Latency, Explanation: o.Explanation}
}

var errUnauthorizedFn = &event.FunctionError{Type: "string", Message: "Unauthorized"}
