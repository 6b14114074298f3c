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

func BenchmarkGetHit(b *testing.B) {
	c, _ := newTestCache[string](b, newFakeClock())
	key := NewKey("prod", "TokenAuth", []string{"allow"})
	load := func(context.Context) (Loaded[string], error) { return Loaded[string]{Value: "v", TTL: time.Hour}, nil }
	if _, _, err := c.Get(context.Background(), key, load); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
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
// reports the heap growth per entry, keys included.
func BenchmarkMemoryPerEntry(b *testing.B) {
	const n = 1_000_000
	shared := new(int)
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m, err := NewMemory[smallValue](MemoryOptions{MaxEntries: n})
		if err != nil {
			b.Fatal(err)
		}
		now := time.Now()
		for i := range n {
			key := NewKey("prod", "TokenAuth", []string{fmt.Sprintf("%036d", i)})
			m.Set(key, Entry[smallValue]{Value: smallValue{"user", shared}, Source: "GET /pets", StoredAt: now, TTL: time.Hour})
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/entry")
		b.ReportMetric(float64(m.Len()), "entries")
		runtime.KeepAlive(m)
	}
}
