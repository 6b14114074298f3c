package authcache

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"
)

func BenchmarkNewKey(b *testing.B) {
	ids := []string{"eyJhbGciOiJIUzI1NiJ9.payload.signature"}
	b.ReportAllocs()
	for b.Loop() {
		_ = NewKey("prod", "TokenAuth", ids)
	}
}

// BenchmarkGetHit is a cache hit through Cache.Get: on the memory store,
// and on Redis with client-side caching (the record and the generation are
// in this process; nothing goes to Redis).
func BenchmarkGetHit(b *testing.B) {
	b.Run("memory", func(b *testing.B) {
		c, _ := newTestCache(b, newFakeClock())
		benchGetHit(b, c)
	})
	b.Run("redis", func(b *testing.B) {
		clock := newFakeClock()
		benchGetHit(b, newCache(b, redisStore(b, startRedis(b).URL(), "abc123"), clock))
	})
}

func benchGetHit(b *testing.B, c *Cache[string]) {
	key := NewKey("prod", "TokenAuth", []string{"allow"})
	load := func(context.Context) (Loaded[string], error) { return loaded("v", time.Hour), nil }
	ctx := context.Background()
	for range 2 { // the first stores, the second fills the local cache
		if _, _, err := c.Get(ctx, key, load); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, st, _ := c.Get(ctx, key, load); st != Hit {
				b.Fatalf("got %v; want hit", st)
			}
		}
	})
}

// smallValue stands in for a parsed authorizer result in the memory test.
type smallValue struct {
	principal string
	policy    *int
}

// BenchmarkMemoryPerEntry stores 1,000,000 entries with 36-byte tokens and
// reports the heap growth per entry, keys included (the raw output is
// shared here: see the authorizer's BenchmarkMemoryPerResult for real ones).
func BenchmarkMemoryPerEntry(b *testing.B) {
	const n = 1_000_000
	shared := new(int)
	ctx := context.Background()
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m, err := NewMemory(MemoryOptions{MaxEntries: n})
		if err != nil {
			b.Fatal(err)
		}
		now := time.Now()
		for i := range n {
			key := NewKey("prod", "TokenAuth", []string{fmt.Sprintf("%036d", i)})
			rec := Record{Raw: "{}", Principal: "user", Source: "GET /pets", StoredAt: now, TTL: time.Hour, value: smallValue{"user", shared}}
			if _, err := m.Put(ctx, key, Generation{}, rec); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/entry")
		b.ReportMetric(float64(m.Len()), "entries")
		runtime.KeepAlive(m)
	}
}

// BenchmarkKeyHash is the key's log digest, asked for by every request's
// log line.
func BenchmarkKeyHash(b *testing.B) {
	k := NewKey("prod", "TokenAuth", []string{"allow"})
	b.ReportAllocs()
	for b.Loop() {
		if len(k.Hash()) != HashLen {
			b.Fatal("short hash")
		}
	}
}
