package authcache

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a settable clock for expiry tests (C-6).
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

func newTestCache[V any](t testing.TB, clock *fakeClock) (*Cache[V], *Memory[V]) {
	t.Helper()
	m, err := NewMemory[V](MemoryOptions{MaxEntries: 10_000, Clock: clock.Now})
	if err != nil {
		t.Fatalf("NewMemory: %v", err)
	}
	return New[V](m, clock.Now), m
}

// countingLoader returns value with ttl and counts its calls.
func countingLoader(calls *atomic.Int64, value string, ttl time.Duration, err error) Loader[string] {
	return func(context.Context) (Loaded[string], error) {
		calls.Add(1)
		return Loaded[string]{Value: value, TTL: ttl, Source: "GET /pets"}, err
	}
}
