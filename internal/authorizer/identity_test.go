package authorizer

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/request"
)

func TestTokenIdentity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		expr      string
		opts      []Option
		headers   []request.Field
		wantErr   error
		wantCalls int64
	}{
		{name: "T-3 missing header", wantErr: ErrUnauthorized},
		{name: "T-3 empty header", headers: []request.Field{{Name: "Authorization", Value: ""}}, wantErr: ErrUnauthorized},
		{name: "T-2 header name folds case", headers: []request.Field{{Name: "authorization", Value: "allow"}}, wantCalls: 1},
		{name: "T-2 the whole value is the token (no Bearer stripping)", headers: []request.Field{{Name: "Authorization", Value: "Bearer allow"}},
			wantErr: ErrConfiguration, wantCalls: 1},
		{name: "T-4 match", expr: "^allow|deny$", headers: []request.Field{{Name: "Authorization", Value: "allow"}}, wantCalls: 1},
		{name: "T-4 mismatch is 401 without a call", expr: "^x-[a-z]+", headers: []request.Field{{Name: "Authorization", Value: "allow"}}, wantErr: ErrUnauthorized},
		{name: "T-4 anchored: a partial match is a mismatch", expr: "allo", headers: []request.Field{{Name: "Authorization", Value: "allow"}}, wantErr: ErrUnauthorized},
		{name: "T-4 anchored: alternation covers the whole token", expr: "allow|deny", headers: []request.Field{{Name: "Authorization", Value: "allowdeny"}}, wantErr: ErrUnauthorized},
		{name: "T-4 unanchored switch: a partial match passes", expr: "allo", opts: []Option{WithUnanchoredValidation()},
			headers: []request.Field{{Name: "Authorization", Value: "allow"}}, wantCalls: 1},
		{name: "T-4 SAM's Bearer.* example", expr: "Bearer.*", headers: []request.Field{{Name: "Authorization", Value: "Bearer x"}},
			wantErr: ErrConfiguration, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := tokenConfig(300)
			cfg.ValidationExpression = tt.expr
			inv := seedToken(true)
			a, _, _ := setup(t, cfg, inv, tt.opts...)
			r := tokenRequest("GET", "/pets", "")
			r.Headers = tt.headers
			out, err := authorize(t, a, r)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("error: got %v; want %v", err, tt.wantErr)
			}
			if got := inv.calls.Load(); got != tt.wantCalls {
				t.Fatalf("invocations: got %d; want %d", got, tt.wantCalls)
			}
			if tt.wantErr == ErrUnauthorized && (out.Explanation.Status != 401 || out.Explanation.Cache != CacheNotConsulted) {
				t.Fatalf("explanation: got %d, %v; want 401, not consulted", out.Explanation.Status, out.Explanation.Cache)
			}
		})
	}
}

// seedRequestConfig is the seed's REQUEST authorizer (R-2 syntax).
func seedRequestConfig(ttl int) *api.Authorizer {
	srcs, err := api.ParseIdentitySources("method.request.header.headerauth1, method.request.querystring.QueryString1, stageVariables.StageVar1")
	if err != nil {
		panic(err)
	}
	return &api.Authorizer{Name: "RequestAuth", Type: api.AuthorizerRequest, TTLSeconds: ttl, IdentitySources: srcs}
}

// seedRequestFunction checks the three values as the seed's REQUEST
// function does and fails with "Unauthorized" otherwise.
func seedRequestFunction() *countingInvoker {
	return invoker(func(_ context.Context, payload []byte) ([]byte, error) {
		var ev events.APIGatewayCustomAuthorizerRequestTypeRequest
		if err := json.Unmarshal(payload, &ev); err != nil {
			return nil, err
		}
		if ev.Headers["headerauth1"] == "headerValue1" && ev.QueryStringParameters["QueryString1"] == "queryValue1" &&
			ev.StageVariables["StageVar1"] == "stageValue1" {
			return []byte(output("me", "Allow", apiBase+"/*/*")), nil
		}
		return nil, &event.FunctionError{Type: "Error", Message: api.MessageUnauthorized}
	})
}

func seedRequest() *request.Request {
	r := tokenRequest("GET", "/pets", "")
	r.Headers = []request.Field{{Name: "headerauth1", Value: "headerValue1"}}
	r.Query = []request.Field{{Name: "QueryString1", Value: "queryValue1"}}
	r.StageVariables = map[string]string{"StageVar1": "stageValue1"}
	return r
}

func TestRequestIdentity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		change    func(r *request.Request)
		wantErr   error
		wantCalls int64
	}{
		{"R-1 seed REQUEST example is allowed", func(*request.Request) {}, nil, 1},
		{"R-3 missing header", func(r *request.Request) { r.Headers = nil }, ErrUnauthorized, 0},
		{"R-3 empty query value", func(r *request.Request) { r.Query[0].Value = "" }, ErrUnauthorized, 0},
		{"R-3 missing stage variable", func(r *request.Request) { r.StageVariables = nil }, ErrUnauthorized, 0},
		{"R-6 query names are case-sensitive", func(r *request.Request) { r.Query[0].Name = "querystring1" }, ErrUnauthorized, 0},
		{"R-6 header names fold case (value reaches the function raw)", func(r *request.Request) { r.Headers[0].Name = "HeaderAuth1" }, ErrUnauthorized, 1},
		{"O-7 function's Unauthorized on a wrong value", func(r *request.Request) { r.Query[0].Value = "wrong" }, ErrUnauthorized, 1},
		{"C-5 a header sent again in other case with another value is 401 without a call", func(r *request.Request) {
			r.Headers = append(r.Headers, request.Field{Name: "HeaderAuth1", Value: "someoneElse"})
		}, ErrUnauthorized, 0},
		{"C-5 a query parameter sent twice with different values is 401 without a call", func(r *request.Request) {
			r.Query = append(r.Query, request.Field{Name: "QueryString1", Value: "someoneElse"})
		}, ErrUnauthorized, 0},
		{"C-5 copies with the same value are one identity", func(r *request.Request) {
			r.Headers = append(r.Headers, request.Field{Name: "HEADERAUTH1", Value: "headerValue1"})
		}, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := seedRequestFunction()
			a, _, _ := setup(t, seedRequestConfig(300), inv)
			r := seedRequest()
			tt.change(r)
			_, err := authorize(t, a, r)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("error: got %v; want %v", err, tt.wantErr)
			}
			if got := inv.calls.Load(); got != tt.wantCalls {
				t.Fatalf("invocations: got %d; want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestRequestSourcesKey(t *testing.T) {
	t.Parallel()
	inv := seedRequestFunction()
	a, _, _ := setup(t, seedRequestConfig(300), inv)
	authorize(t, a, seedRequest())
	r := seedRequest()
	r.Path = "/users" // not an identity source: same key (C-8 for REQUEST)
	authorize(t, a, r)
	r.StageVariables = map[string]string{"StageVar1": "other"} // any value changes the key
	authorize(t, a, r)
	if got := inv.calls.Load(); got != 2 {
		t.Fatalf("R-5 invocations: got %d; want 2", got)
	}
}

func TestRequestWithoutSources(t *testing.T) {
	t.Parallel()
	inv := constant(output("u", "Allow", apiBase+"/*"), nil)
	cfg := &api.Authorizer{Name: "R", Type: api.AuthorizerRequest, TTLSeconds: 0}
	a, err := New(cfg, inv, nil)
	if err != nil {
		t.Fatalf("R-4 TTL 0 without sources: %v", err)
	}
	for range 2 {
		if _, err := authorize(t, a, tokenRequest("GET", "/", "")); err != nil {
			t.Fatal(err)
		}
	}
	if got := inv.calls.Load(); got != 2 {
		t.Fatalf("R-4 invocations without caching: got %d; want 2", got)
	}
}

func TestContextIdentitySource(t *testing.T) {
	t.Parallel()
	srcs, _ := api.ParseIdentitySources("method.request.header.Authorization, context.httpMethod")
	cfg := &api.Authorizer{Name: "R", Type: api.AuthorizerRequest, TTLSeconds: 300, IdentitySources: srcs}
	inv := constant(output("u", "Allow", apiBase+"/*"), nil)
	a, _, _ := setup(t, cfg, inv)
	authorize(t, a, tokenRequest("GET", "/pets", "t"))
	authorize(t, a, tokenRequest("GET", "/users", "t"))
	authorize(t, a, tokenRequest("POST", "/pets", "t"))
	if got := inv.calls.Load(); got != 2 {
		t.Fatalf("R-5 context.httpMethod in the key: got %d invocations; want 2 (one per verb)", got)
	}
}

func TestNewRejects(t *testing.T) {
	t.Parallel()
	header := []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}}
	tests := []struct {
		name string
		cfg  func(c *api.Authorizer)
		nilC bool
		want string // in the error
	}{
		{"C-1 TTL below 0", func(c *api.Authorizer) { c.TTLSeconds = -1 }, false, "0 to 3600"},
		{"C-1 TTL above 3600", func(c *api.Authorizer) { c.TTLSeconds = 3601 }, false, "0 to 3600"},
		{"T-2 TOKEN without a source", func(c *api.Authorizer) { c.IdentitySources = nil }, false, "exactly one"},
		{"T-2 TOKEN with two sources", func(c *api.Authorizer) { c.IdentitySources = append(header, header...) }, false, "exactly one"},
		{"T-2 TOKEN from a query string", func(c *api.Authorizer) {
			c.IdentitySources = []api.IdentitySource{{Kind: api.SourceQueryString, Name: "t"}}
		}, false, "exactly one"},
		{"T-4 back-reference", func(c *api.Authorizer) { c.ValidationExpression = `(a)\1` }, false, "RE2"},
		{"T-4 lookahead", func(c *api.Authorizer) { c.ValidationExpression = `^(?=Bearer).*` }, false, "RE2"},
		{"R-4 REQUEST caching without sources", func(c *api.Authorizer) { c.Type, c.IdentitySources = api.AuthorizerRequest, nil }, false, "R-4"},
		{"R-2 unknown context variable", func(c *api.Authorizer) {
			c.Type, c.IdentitySources = api.AuthorizerRequest, []api.IdentitySource{{Kind: api.SourceContext, Name: "nope"}}
		}, false, "context.nope"},
		{"unknown type", func(c *api.Authorizer) { c.Type = "COGNITO_USER_POOLS" }, false, "TOKEN or REQUEST"},
		{"caching needs a cache", func(*api.Authorizer) {}, true, "needs a cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := tokenConfig(300)
			cfg.Source = api.Location{File: "template.yaml", LogicalID: "MyApi"}
			tt.cfg(cfg)
			cache, _ := NewMemoryCache(10, nil)
			if tt.nilC {
				cache = nil
			}
			_, err := New(cfg, constant("", nil), cache)
			if !errors.Is(err, ErrInvalidAuthorizer) || !strings.Contains(err.Error(), tt.want) ||
				!strings.Contains(err.Error(), `"TokenAuth"`) || !strings.Contains(err.Error(), "template.yaml: MyApi") {
				t.Fatalf("New: got %v; want ErrInvalidAuthorizer naming TokenAuth, its location and %q", err, tt.want)
			}
		})
	}
	if _, err := New(nil, constant("", nil), nil); !errors.Is(err, ErrInvalidAuthorizer) {
		t.Fatalf("New(nil): got %v; want ErrInvalidAuthorizer", err)
	}
	if _, err := New(tokenConfig(0), nil, nil); !errors.Is(err, ErrInvalidAuthorizer) {
		t.Fatalf("New without invoker: got %v; want ErrInvalidAuthorizer", err)
	}
}
