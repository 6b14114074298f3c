package authorizer

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/request"
)

// BenchmarkAuthorizeHit is the cache-hit path: identity extraction, lookup
// and evaluation of the cached policy against this request's method ARN.
func BenchmarkAuthorizeHit(b *testing.B) {
	b.Run("TOKEN", func(b *testing.B) {
		a, _, _ := setup(b, tokenConfig(300), seedToken(true))
		r := tokenRequest("GET", "/pets", "allow")
		r.Headers = append(r.Headers[:0:0], r.Headers...)
		benchHit(b, a, r)
	})
	b.Run("REQUEST-3-sources", func(b *testing.B) {
		a, _, _ := setup(b, seedRequestConfig(300), seedRequestFunction())
		benchHit(b, a, seedRequest())
	})
	b.Run("TOKEN-redis", func(b *testing.B) {
		r := tokenRequest("GET", "/pets", "allow")
		r.Headers = append(r.Headers[:0:0], r.Headers...)
		benchRedisHit(b, r)
	})
}

func benchHit(b *testing.B, a *Authorizer, r *request.Request) {
	arn := methodARN(b, r)
	ctx := context.Background()
	if out := a.Authorize(ctx, r, arn); !out.Allow {
		b.Fatal(out.Err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		out := a.Authorize(ctx, r, arn)
		if !out.Allow || out.Explanation.Cache != CacheHit {
			b.Fatalf("got %v, %v; want an allow from the cache", out.Explanation.Cache, out.Err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the CPU time of the process so far: on a loaded machine
// cpu-ns/op shows the cost of an operation better than wall time does
// (it includes the garbage collector's share).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkMemoryPerResult caches 1,000,000 results of the seed's output
// (one statement, three context values), each parsed on its own as the
// function would return it, and reports heap bytes per entry.
func BenchmarkMemoryPerResult(b *testing.B) {
	const n = 1_000_000
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		cache, err := NewMemoryCache(n, nil)
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			token := fmt.Sprintf("%036d", i)
			raw := output("user-"+token[30:], "Allow", apiBase+"/prod/GET/pets")
			res, err := ParseOutput([]byte(raw))
			if err != nil {
				b.Fatal(err)
			}
			key := authcache.NewKey("prod", "TokenAuth", []string{token})
			storeResult(cache, key, raw, res)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/entry")
		runtime.KeepAlive(cache)
	}
}

// storeResult stores res, parsed from raw, as a miss would, with its own
// source string.
func storeResult(c *Cache, key authcache.Key, raw string, res *Result) {
	req := tokenRequest("GET", "/pets", "")
	_, _, _ = c.Get(context.Background(), key, func(context.Context) (authcache.Loaded[*Result], error) {
		return authcache.Loaded[*Result]{
			Value: res, Raw: raw, Format: formatREST, Principal: res.PrincipalID, TTL: time.Hour, Source: source(req),
		}, nil
	})
}

// BenchmarkCacheHit is exactly the cache hit of a TOKEN authorizer as the
// gateway runs it: the method ARN built into a reused buffer from the
// stage's start, built and checked once (arn.StageBase, as the gateway
// keeps one per API), then identity, key (into the explanation's buffer),
// lookup and policy evaluation, explained into a reused Explanation.
// Target: 0 allocs/op.
func BenchmarkCacheHit(b *testing.B) {
	a, _, _ := setup(b, tokenConfig(300), seedToken(true))
	r := tokenRequest("GET", "/pets", "allow")
	ctx, ex := context.Background(), new(Explanation)
	base, err := arn.NewStageBase(region, account, apiID, r.Stage)
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	hit := func() Outcome {
		buf, _ = base.AppendMethodARN(buf[:0], r.Method, r.Path)
		return a.AuthorizeInto(ctx, r, unsafe.String(unsafe.SliceData(buf), len(buf)), nil, ex)
	}
	if out := hit(); !out.Allow {
		b.Fatal(out.Err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if out := hit(); !out.Allow || out.Explanation.Cache != CacheHit {
			b.Fatalf("got %v, %v; want an allow from the cache", out.Explanation.Cache, out.Err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkExplanationString is a cache hit's explanation as every
// request's log line renders it.
func BenchmarkExplanationString(b *testing.B) {
	a, _, _ := setup(b, tokenConfig(300), seedToken(true))
	r := tokenRequest("GET", "/pets", "allow")
	arn := methodARN(b, r)
	a.Authorize(context.Background(), r, arn)
	ex := a.Authorize(context.Background(), r, arn).Explanation
	b.ReportAllocs()
	for b.Loop() {
		if ex.String() == "" {
			b.Fatal("empty explanation")
		}
	}
}
