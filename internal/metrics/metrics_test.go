package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/record"
)

type stubCaches []CacheStats

func (s stubCaches) CacheStats() []CacheStats { return s }

type stubPools []record.Pool

func (s stubPools) Pools() []record.Pool { return s }

// scrape serves m's handler once and returns the text.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	b, err := io.ReadAll(w.Result().Body)
	if err != nil || w.Code != 200 {
		t.Fatalf("scrape: %d %v", w.Code, err)
	}
	return string(b)
}

// seedRecords are the seed's story: an allow that calls the authorizer, an
// allow from the cache, the cached policy's 403, and a Lambda integration.
func seedRecords() []record.Record {
	auth := func(outcome, cache string) record.Auth {
		return record.Auth{Authorizer: "TokenAuth", Outcome: outcome, Cache: cache}
	}
	lat := record.Latency{Total: 3 * time.Millisecond, Authorizer: time.Millisecond, Integration: time.Millisecond}
	return []record.Record{
		{API: "Api", Route: "GET /pets", Method: "GET", Status: 200, Auth: auth("allow", "miss"), Latency: lat},
		{API: "Api", Route: "GET /pets", Method: "GET", Status: 200, Auth: auth("allow", "hit"), Latency: lat},
		{API: "Api", Route: "GET /users", Method: "GET", Status: 403, Auth: auth("deny", "hit"), Latency: record.Latency{Total: time.Millisecond}},
		{API: "Api", Route: "GET /fn", Method: "GET", Status: 200, Latency: lat,
			Integration: record.Integration{Kind: record.KindLambda, Function: "Fn", ColdStart: true}},
		{API: "Api", Method: "POST", Status: 403, Latency: record.Latency{Total: time.Millisecond}},
	}
}

func TestScrapeCountsRecordsCachesAndPools(t *testing.T) {
	t.Parallel()
	m := New(Sources{
		Caches: stubCaches{{API: "Api", Stats: authcache.Stats{StoreErrors: 1, Evictions: 4, Flushes: 2}}},
		Pools:  stubPools{{Function: "Fn", Runtime: "nodejs22.x", Processes: 2, Warm: 1, Busy: 1, ColdStarts: 2, Invocations: 7, Errors: 1, MaxConcurrency: 10}},
	})
	for _, r := range seedRecords() {
		m.Add(&r)
	}
	text := scrape(t, m)
	for _, tt := range []struct{ name, line string }{
		{"requests by route and status", `apigw_requests_total{api="Api",method="GET",route="GET /pets",status="200"} 2`},
		{"the cached 403", `apigw_requests_total{api="Api",method="GET",route="GET /users",status="403"} 1`},
		{"no route matched", `apigw_requests_total{api="Api",method="POST",route="",status="403"} 1`},
		{"cache hits", `apigw_authorizer_decisions_total{api="Api",authorizer="TokenAuth",cache="hit",outcome="allow"} 1`},
		{"cache misses", `apigw_authorizer_decisions_total{api="Api",authorizer="TokenAuth",cache="miss",outcome="allow"} 1`},
		{"denies", `apigw_authorizer_decisions_total{api="Api",authorizer="TokenAuth",cache="hit",outcome="deny"} 1`},
		{"authorizer calls: misses only", `apigw_authorizer_calls_total{api="Api",authorizer="TokenAuth"} 1`},
		{"total latency of every request", `apigw_request_duration_seconds_count{api="Api",stage="total"} 5`},
		{"authorizer latency of decided requests", `apigw_request_duration_seconds_count{api="Api",stage="authorizer"} 3`},
		{"integration latency where one ran", `apigw_request_duration_seconds_count{api="Api",stage="integration"} 3`},
		{"function duration", `apigw_function_duration_seconds_count{function="Fn"} 1`},
		{"cache evictions", `apigw_authorizer_cache_evictions_total{api="Api"} 4`},
		{"cache flushes", `apigw_authorizer_cache_flushes_total{api="Api"} 2`},
		{"cache store errors", `apigw_authorizer_cache_store_errors_total{api="Api"} 1`},
		{"function invocations", `apigw_function_invocations_total{function="Fn",runtime="nodejs22.x"} 7`},
		{"cold starts", `apigw_function_cold_starts_total{function="Fn",runtime="nodejs22.x"} 2`},
		{"function errors", `apigw_function_errors_total{function="Fn",runtime="nodejs22.x"} 1`},
		{"pool size", `apigw_function_processes{function="Fn",runtime="nodejs22.x"} 2`},
		{"warm processes", `apigw_function_processes_warm{function="Fn",runtime="nodejs22.x"} 1`},
	} {
		if !strings.Contains(text, "\n"+tt.line+"\n") {
			t.Errorf("%s: no line %s", tt.name, tt.line)
		}
	}
}

func TestSourcesWatchedLater(t *testing.T) {
	t.Parallel()
	m := New(Sources{})
	if text := scrape(t, m); strings.Contains(text, "apigw_function_processes") || !strings.Contains(text, "go_goroutines") {
		t.Fatalf("unexpected scrape without sources:\n%s", text)
	}
	pools := stubPools{{Function: "Fn", Runtime: "python3.13", Processes: 3}}
	if err := m.Watch(Sources{Pools: pools}); err != nil {
		t.Fatal(err)
	}
	if err := m.Watch(Sources{Pools: pools}); err == nil {
		t.Fatal("watching pools twice: no error")
	}
	if text := scrape(t, m); !strings.Contains(text, `apigw_function_processes{function="Fn",runtime="python3.13"} 3`) {
		t.Fatalf("pools watched later not scraped:\n%s", text)
	}
}

// BenchmarkAdd measures counting one request of the cached path.
func BenchmarkAdd(b *testing.B) {
	m := New(Sources{})
	r := seedRecords()[1]
	b.ReportAllocs()
	for b.Loop() {
		m.Add(&r)
	}
}

// TestRepeatedAndInterleavedKinds: requests of one kind in a row and
// interleaved with another count in their own series each.
func TestRepeatedAndInterleavedKinds(t *testing.T) {
	t.Parallel()
	m := New(Sources{})
	seed := seedRecords()
	for _, i := range []int{0, 0, 1, 0, 1, 1, 0} {
		m.Add(&seed[i])
	}
	text := scrape(t, m)
	for _, line := range []string{
		`apigw_requests_total{api="Api",method="GET",route="GET /pets",status="200"} 7`,
		`apigw_authorizer_decisions_total{api="Api",authorizer="TokenAuth",cache="miss",outcome="allow"} 4`,
		`apigw_authorizer_decisions_total{api="Api",authorizer="TokenAuth",cache="hit",outcome="allow"} 3`,
		`apigw_authorizer_calls_total{api="Api",authorizer="TokenAuth"} 4`,
	} {
		if !strings.Contains(text, "\n"+line+"\n") {
			t.Errorf("no line %s", line)
		}
	}
}
