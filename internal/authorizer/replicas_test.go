package authorizer

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/authcache/redistest"
	"github.com/apigw/apigw/internal/request"
)

// replica is one apigw process's authorizer over a shared Redis.
type replica struct {
	redis *authcache.Redis
	az    *Authorizer
	cache *Cache
}

func newReplica(t testing.TB, url string, inv Invoker, clock *fakeClock, timeout time.Duration) replica {
	t.Helper()
	r, err := authcache.DialRedis(authcache.RedisOptions{URL: url, Timeout: timeout})
	if err != nil {
		t.Fatalf("DialRedis: %v", err)
	}
	t.Cleanup(r.Close)
	cache, err := NewCache(r.Store(apiID), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	az, err := New(tokenConfig(300), inv, cache)
	if err != nil {
		t.Fatal(err)
	}
	return replica{redis: r, az: az, cache: cache}
}

func (r replica) sync(t *testing.T) {
	t.Helper()
	if err := r.redis.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

const replicaTimeout = 10 * time.Second // never a fallback under a loaded -race run

// TestSeedAcrossReplicas replays the seed scenario (C-8) on two replicas
// sharing one Redis: one authorizer call across both within the TTL, the
// same 403 from both, and a flush on A makes B call the authorizer again
// (C-7).
func TestSeedAcrossReplicas(t *testing.T) {
	t.Parallel()
	url := redistest.Start(t).URL()
	clock := newFakeClock()
	inv := seedToken(false) // the pitfall: Resource is the event's method ARN
	a, b := newReplica(t, url, inv, clock, replicaTimeout), newReplica(t, url, inv, clock, replicaTimeout)
	steps := []struct {
		name       string
		on         replica
		method     string
		path       string
		flushFirst bool
		wantStatus int
		wantCache  CacheUse
		wantCalls  int64
	}{
		{"C-8 first request on A: allowed, one call", a, "GET", "/pets", false, 200, CacheMiss, 1},
		{"C-8 other path on B: denied from A's policy", b, "GET", "/users", false, 403, CacheHit, 1},
		{"C-8 the same 403 on A", a, "GET", "/users", false, 403, CacheHit, 1},
		{"C-8 other verb on B", b, "POST", "/pets", false, 403, CacheHit, 1},
		{"C-7 after a flush on A, B calls again", b, "GET", "/users", true, 200, CacheMiss, 2},
		{"C-8 and A now holds B's policy", a, "GET", "/pets", false, 403, CacheHit, 2},
	}
	for _, s := range steps {
		if s.flushFirst {
			if err := a.az.FlushStage(context.Background(), "prod"); err != nil {
				t.Fatal(err)
			}
			b.sync(t)
		}
		out, _ := authorize(t, s.on.az, tokenRequest(s.method, s.path, "allow"))
		if out.Explanation.Status != s.wantStatus || out.Explanation.Cache != s.wantCache || inv.calls.Load() != s.wantCalls {
			t.Fatalf("%s: got %d, %v after %d calls; want %d, %v after %d\n%s", s.name, out.Explanation.Status,
				out.Explanation.Cache, inv.calls.Load(), s.wantStatus, s.wantCache, s.wantCalls, out.Explanation)
		}
	}
}

// switchable answers allow-all until deny is set, then deny-all: what a
// fresh call says changes while the cache still holds the allow.
func switchable(deny *atomic.Bool) *countingInvoker {
	return invoker(func(context.Context, []byte) ([]byte, error) {
		if deny.Load() {
			return []byte(output("user", "Deny", apiBase+"/*")), nil
		}
		return []byte(output("user", "Allow", apiBase+"/*")), nil
	})
}

// TestRedisDownNeverAllowsFromCache: with Redis stopped, no request is
// allowed that a fresh call would deny, the server keeps answering (each
// decision says the cache was unavailable), and once Redis is back the
// cache is used again.
func TestRedisDownNeverAllowsFromCache(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	clock := newFakeClock()
	var deny atomic.Bool
	inv := switchable(&deny)
	a := newReplica(t, srv.URL(), inv, clock, replicaTimeout)
	if out, _ := authorize(t, a.az, tokenRequest("GET", "/pets", "allow")); !out.Allow {
		t.Fatalf("before: got %v; want allowed", out.Err)
	}
	srv.Stop()
	deny.Store(true)
	if err := a.redis.Ping(context.Background()); err == nil {
		t.Fatal("Ping with Redis stopped: got nil; want an error")
	}
	for _, path := range []string{"/pets", "/users", "/pets"} {
		out, _ := authorize(t, a.az, tokenRequest("GET", path, "allow"))
		if out.Allow || out.Explanation.Status != 403 || out.Explanation.Cache != CacheUnavailable ||
			!strings.Contains(out.Explanation.String(), CacheUnavailableNote) {
			t.Fatalf("Redis down, GET %s: got %d, %v: %s; want the fresh call's 403, explained", path,
				out.Explanation.Status, out.Explanation.Cache, out.Explanation)
		}
	}
	srv.Restart()
	deny.Store(false)
	for i, want := range []CacheUse{CacheMiss, CacheHit} {
		if out, _ := authorize(t, a.az, tokenRequest("GET", "/pets", "allow")); !out.Allow || out.Explanation.Cache != want {
			t.Fatalf("Redis back, request %d: got %v, %v; want allowed, %v", i, out.Err, out.Explanation.Cache, want)
		}
	}
}

// TestRedisDownAuthorizerFails: with Redis down and the function failing
// too, the answer is AWS's 500 (O-8), explained, and counted.
func TestRedisDownAuthorizerFails(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	a := newReplica(t, srv.URL(), seedToken(false), newFakeClock(), replicaTimeout)
	srv.Stop()
	out, err := authorize(t, a.az, tokenRequest("GET", "/pets", "bogus"))
	if err == nil || out.Explanation.Status != 500 || !strings.Contains(out.Explanation.String(), CacheUnavailableNote) {
		t.Fatalf("Redis down, function failing: got %d %v: %s; want 500, explained", out.Explanation.Status, err, out.Explanation)
	}
	if s := a.cache.Stats(); s.Fresh != 1 || s.FreshFailed != 1 {
		t.Fatalf("Stats: got %+v; want one fresh call, failed", s)
	}
}

// benchRedisHit is benchHit with the cache in Redis (client-side caching).
func benchRedisHit(b *testing.B, r *request.Request) {
	srv := redistest.Start(b)
	rep := newReplica(b, srv.URL(), seedToken(true), newFakeClock(), replicaTimeout)
	arn := methodARN(b, r)
	_ = rep.az.Authorize(context.Background(), r, arn) // stores; the next fills the local copy
	benchHit(b, rep.az, r)
}
