package authorizer

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// TestSeedScenario replays the seed (C-8) through Authorize: two requests
// with one token, 12 s apart, on a /{proxy+} resource.
func TestSeedScenario(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		wildcard   bool
		ttl        int
		second     [2]string // method, path of the second request
		wantStatus [2]int
		wantCalls  int64
	}{
		{"C-8 exact ARN: other path is an implicit deny from the cache", false, 300, [2]string{"GET", "/users"}, [2]int{200, 403}, 1},
		{"C-8 exact ARN: same path other verb is an implicit deny", false, 300, [2]string{"POST", "/pets"}, [2]int{200, 403}, 1},
		{"C-8 exact ARN: same request again is allowed from the cache", false, 300, [2]string{"GET", "/pets"}, [2]int{200, 200}, 1},
		{"C-8 fix: wildcard apiId/*/* allows both with one call", true, 300, [2]string{"GET", "/users"}, [2]int{200, 200}, 1},
		{"C-8 fix: TTL 0 allows both with two calls", false, 0, [2]string{"GET", "/users"}, [2]int{200, 200}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := seedToken(tt.wildcard)
			a, _, clock := setup(t, tokenConfig(tt.ttl), inv)
			reqs := []struct{ method, path string }{{"GET", "/pets"}, {tt.second[0], tt.second[1]}}
			for i, rq := range reqs {
				out, err := authorize(t, a, tokenRequest(rq.method, rq.path, "allow"))
				if out.Explanation.Status != tt.wantStatus[i] {
					t.Fatalf("request %d %s %s: got %d (%v: %s); want %d", i, rq.method, rq.path, out.Explanation.Status, err, out.Explanation, tt.wantStatus[i])
				}
				if wantErr := tt.wantStatus[i] == 403; errors.Is(err, ErrAccessDenied) != wantErr || (err == nil) == wantErr {
					t.Fatalf("request %d: got error %v; want access denied %v", i, err, wantErr)
				}
				clock.Advance(12 * time.Second)
			}
			if got := inv.calls.Load(); got != tt.wantCalls {
				t.Fatalf("invocations: got %d; want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestSeedExplanation(t *testing.T) {
	t.Parallel()
	a, _, clock := setup(t, tokenConfig(300), seedToken(false))
	first, _ := authorize(t, a, tokenRequest("GET", "/pets", "allow"))
	clock.Advance(12 * time.Second)
	out, err := authorize(t, a, tokenRequest("GET", "/users", "allow"))
	var denied *DeniedError
	if !errors.As(err, &denied) || denied.Explicit || denied.Message() != api.MessageImplicitDeny {
		t.Fatalf("C-8 second request: got %v; want an implicit *DeniedError", err)
	}
	ex := out.Explanation
	want := "403 implicit deny: cached policy (from GET /pets 12s ago, ttl 300s) allows only " +
		apiBase + "/prod/GET/pets; this request is .../prod/GET/users (key " + ex.KeyHash() + ")"
	if got := ex.String(); got != want {
		t.Fatalf("explanation:\n got %s\nwant %s", got, want)
	}
	if ex.Cache != CacheHit || ex.TTLLeft() != 288*time.Second || ex.Decision.Statement != -1 || len(ex.KeyHash()) != 12 {
		t.Fatalf("record: got cache %v, ttl left %v, statement %d, key %q; want hit, 4m48s, -1, 12 chars", ex.Cache, ex.TTLLeft(), ex.Decision.Statement, ex.KeyHash())
	}
	if first.Explanation.Cache != CacheMiss || first.Explanation.KeyHash() != ex.KeyHash() {
		t.Fatalf("first request: got %v, key %s; want miss with the same key %s", first.Explanation.Cache, first.Explanation.KeyHash(), ex.KeyHash())
	}
	// G-5: the principal and context are still there after a deny.
	if out.PrincipalID != "user" || out.Context.Map()["numberKey"] != "123" {
		t.Fatalf("G-5 after deny: got principal %q context %v; want user with numberKey 123", out.PrincipalID, out.Context.Map())
	}
}

func TestExplanationNeverHoldsToken(t *testing.T) {
	t.Parallel()
	const secret = "allow"
	tests := []struct {
		name  string
		inv   Invoker
		token string
		want  string // prefix of the explanation
	}{
		{"allow on miss", seedToken(true), secret, "200 allow: policy from this request's call (cached for 300s) statement 0 allows " + apiBase + "/*/*"},
		{"C-3 explicit deny", seedToken(true), "deny", "403 explicit deny: policy from this request's call (cached for 300s) statement 0 denies " + apiBase + "/*/*"},
		{"O-7 unauthorized", seedToken(true), "unauthorized", "401 authorizer: unauthorized: the function failed with \"Unauthorized\""},
		{"O-8 function error", seedToken(true), "s3cr3t-token", "500 authorizer: configuration error: the function failed with string \"Error: Invalid token\""},
		{"O-3 no policy", constant(`{"principalId":"u"}`, nil), "s3cr3t-token", "500 authorizer: configuration error: authorizer output: has no policyDocument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _, _ := setup(t, tokenConfig(300), tt.inv)
			out, _ := authorize(t, a, tokenRequest("GET", "/pets", tt.token))
			got := out.Explanation.String()
			if !strings.HasPrefix(got, tt.want) {
				t.Fatalf("explanation:\n got %s\nwant prefix %s", got, tt.want)
			}
			if strings.Contains(got, "s3cr3t") {
				t.Fatalf("explanation %q: got the raw token; want it never shown", got)
			}
		})
	}
}

// TestRepeatedRequests sends one request three times: a Deny is cached
// (C-3), the function's Unauthorized is not (C-4).
func TestRepeatedRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		token      string
		wantErr    error
		wantStatus int
		wantCalls  int64
	}{
		{"C-3 explicit deny is cached", "deny", errExplicitDeny, 403, 1},
		{"C-4 O-7 Unauthorized is not cached", "unauthorized", ErrUnauthorized, 401, 3},
		{"C-4 O-8 function error is not cached", "other", ErrConfiguration, 500, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := seedToken(true)
			a, _, _ := setup(t, tokenConfig(300), inv)
			for i := range 3 {
				out, err := authorize(t, a, tokenRequest("GET", "/pets", tt.token))
				if !errors.Is(err, tt.wantErr) || out.Explanation.Status != tt.wantStatus {
					t.Fatalf("request %d: got %v, status %d; want %v, %d", i, err, out.Explanation.Status, tt.wantErr, tt.wantStatus)
				}
			}
			if got := inv.calls.Load(); got != tt.wantCalls {
				t.Fatalf("invocations for three requests: got %d; want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestCacheScope(t *testing.T) {
	t.Parallel()
	other := tokenConfig(300)
	other.Name = "OtherAuth"
	tests := []struct {
		name      string
		second    func(r *tokenReq)
		wantCalls int64
	}{
		{"C-5 same stage, authorizer and token share", func(*tokenReq) {}, 1},
		{"C-5 another stage does not share", func(r *tokenReq) { r.stage = "dev" }, 2},
		{"C-5 another authorizer does not share", func(r *tokenReq) { r.other = true }, 2},
		{"T-5 another token does not share", func(r *tokenReq) { r.token = "allow2" }, 2},
		{"T-2 header name case does not matter", func(r *tokenReq) { r.header = "AUTHORIZATION" }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := constant(output("u", "Allow", apiBase+"/*"), nil)
			a, cache, clock := setup(t, tokenConfig(300), inv)
			b, err := New(other, inv, cache, WithClock(clock.Now))
			if err != nil {
				t.Fatal(err)
			}
			first, second := tokenReq{stage: "prod", token: "allow", header: "Authorization"}, tokenReq{stage: "prod", token: "allow", header: "Authorization"}
			tt.second(&second)
			for _, r := range []tokenReq{first, second} {
				az := a
				if r.other {
					az = b
				}
				if _, err := authorize(t, az, r.request()); err != nil {
					t.Fatalf("request %+v: %v", r, err)
				}
			}
			if got := inv.calls.Load(); got != tt.wantCalls {
				t.Fatalf("invocations: got %d; want %d", got, tt.wantCalls)
			}
		})
	}
}

type tokenReq struct {
	stage, token, header string
	other                bool
}

func (r tokenReq) request() *request.Request {
	req := tokenRequest("GET", "/pets", "")
	req.Stage = r.stage
	req.Headers = []request.Field{{Name: r.header, Value: r.token}}
	return req
}

func TestFlushStage(t *testing.T) {
	t.Parallel()
	inv := seedToken(true)
	a, _, _ := setup(t, tokenConfig(300), inv)
	authorize(t, a, tokenRequest("GET", "/pets", "allow"))
	if err := a.FlushStage(t.Context(), "prod"); err != nil {
		t.Fatal(err)
	}
	authorize(t, a, tokenRequest("GET", "/pets", "allow"))
	if got := inv.calls.Load(); got != 2 {
		t.Fatalf("C-7 invocations around a flush: got %d; want 2", got)
	}
}

func TestResponseType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want api.ResponseType
	}{
		{nil, ""},
		{ErrUnauthorized, api.ResponseUnauthorized},
		{errExplicitDeny, api.ResponseAccessDenied},
		{errImplicitDeny, api.ResponseAccessDenied},
		{ErrConfiguration, api.ResponseAuthorizerConfigurationError},
		{errors.New("unknown"), api.ResponseAuthorizerConfigurationError},
	}
	for _, tt := range tests {
		if got := responseType(tt.err); got != tt.want {
			t.Errorf("responseType(%v): got %q; want %q", tt.err, got, tt.want)
		}
	}
}

// TestOutcomeResponses: every outcome names its gateway response and
// message as data, for the gateway to render without reading errors.
func TestOutcomeResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		token, path  string
		wantAllow    bool
		wantResponse api.ResponseType
		wantMessage  string
	}{
		{"allow", "allow", "/pets", true, "", ""},
		{"O-9 explicit deny", "deny", "/pets", false, api.ResponseAccessDenied, api.MessageExplicitDeny},
		{"O-9 implicit deny from the cached exact ARN", "allow", "/users", false, api.ResponseAccessDenied, api.MessageImplicitDeny},
		{"O-7 Unauthorized keeps UNAUTHORIZED's own message", "unauthorized", "/pets", false, api.ResponseUnauthorized, ""},
		{"O-8 function error", "other", "/pets", false, api.ResponseAuthorizerConfigurationError, ""},
		{"T-3 missing token", "", "/pets", false, api.ResponseUnauthorized, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _, _ := setup(t, tokenConfig(300), seedToken(false))
			authorize(t, a, tokenRequest("GET", "/pets", "allow")) // caches GET /pets for the token allow
			out, _ := authorize(t, a, tokenRequest("GET", tt.path, tt.token))
			if out.Allow != tt.wantAllow || out.Response != tt.wantResponse || out.Message != tt.wantMessage {
				t.Fatalf("got allow %v, %q, %q; want %v, %q, %q", out.Allow, out.Response, out.Message, tt.wantAllow, tt.wantResponse, tt.wantMessage)
			}
			if tt.token == "allow" && (out.Explanation.Cache != CacheHit || out.Latency != 0) {
				t.Fatalf("got cache %v, latency %v; want a hit, which costs no function call", out.Explanation.Cache, out.Latency)
			}
		})
	}
}
