package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/clock"
)

var start = time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)

const (
	apiID      = "4cirhzqkyr"
	arnBase    = "arn:aws:execute-api:us-east-1:123456789012:" + apiID
	rawToken   = "secret-token-value"
	otherToken = "another-secret"
)

// exactOutput is the seed's pitfall: a policy allowing only the ARN of the
// request the authorizer was called for.
func exactOutput(resource string) string {
	return fmt.Sprintf(`{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[`+
		`{"Action":"execute-api:Invoke","Effect":"Allow","Resource":%q}]},"context":{"tenant":"t1"}}`, resource)
}

// fill stores an authorizer result in cache through its loader, as the
// authorizer does on a miss.
func fill(t *testing.T, cache *authorizer.Cache, stage, name, token, source, raw string, ttl time.Duration) {
	t.Helper()
	res, err := authorizer.ParseOutput([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	key := authcache.NewKey(stage, name, []string{token})
	_, _, err = cache.Get(context.Background(), key, func(context.Context) (authcache.Loaded[*authorizer.Result], error) {
		return authcache.Loaded[*authorizer.Result]{
			Value: res, Raw: raw, Format: "rest", Principal: res.PrincipalID, TTL: ttl, Source: source,
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// seedCache is one API on stage prod with two entries: ExactArnAuth's
// (from GET /exact/pets) and WildcardAuth's.
func seedCache(t *testing.T, clk *clock.Manual) (StageCaches, *authorizer.Cache) {
	t.Helper()
	cache, err := authorizer.NewMemoryCache(0, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, cache, "prod", "ExactArnAuth", rawToken, "GET /exact/pets", exactOutput(arnBase+"/prod/GET/exact/pets"), 300*time.Second)
	clk.Set(start.Add(10 * time.Second))
	fill(t, cache, "prod", "WildcardAuth", otherToken, "GET /fixed/pets", exactOutput(arnBase+"/*/*"), 60*time.Second)
	return StageCaches{{API: "SeedApi", APIID: apiID, Stage: "prod", Store: cache}}, cache
}

// call serves one request and returns the status and body.
func call(t *testing.T, h http.Handler, method, target, body string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

// decode reads a JSON body into v.
func decode(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
}

// wantError checks an error answer: JSON {"status":N,"message":...} with
// that status.
func wantError(t *testing.T, status int, body string, want int) {
	t.Helper()
	var e apiError
	decode(t, body, &e)
	if status != want || e.Status != want || e.Message == "" {
		t.Fatalf("got %d %s, want a %d JSON error", status, body, want)
	}
}
