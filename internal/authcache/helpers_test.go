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

// decodeString is the codec of the tests' string values: raw is the value,
// marked with its format when it has one.
func decodeString(format, raw string) (string, error) {
	if format != "" {
		return format + ":" + raw, nil
	}
	return raw, nil
}

func newMemory(t testing.TB, clock *fakeClock) *Memory {
	t.Helper()
	m, err := NewMemory(MemoryOptions{MaxEntries: 10_000, Clock: clock.Now})
	if err != nil {
		t.Fatalf("NewMemory: %v", err)
	}
	return m
}

// newCache is a Cache of strings over store with clock.
func newCache(t testing.TB, store Store, clock *fakeClock) *Cache[string] {
	t.Helper()
	c, err := New(store, Options[string]{Clock: clock.Now, Decode: decodeString})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func newTestCache(t testing.TB, clock *fakeClock) (*Cache[string], *Memory) {
	t.Helper()
	m := newMemory(t, clock)
	return newCache(t, m, clock), m
}

// loaded is a result of value with ttl, as the tests' loaders return it.
func loaded(value string, ttl time.Duration) Loaded[string] {
	return Loaded[string]{Value: value, Raw: value, Principal: "user", TTL: ttl, Source: "GET /pets"}
}

// countingLoader returns value with ttl and counts its calls.
func countingLoader(calls *atomic.Int64, value string, ttl time.Duration, err error) Loader[string] {
	return func(context.Context) (Loaded[string], error) {
		calls.Add(1)
		return loaded(value, ttl), err
	}
}

// peek is Cache.Peek at the cache's clock, with the entry's presence.
func peek(c *Cache[string], key Key) (Entry[string], bool) {
	e, st, _ := c.Peek(context.Background(), key, c.Now())
	return e, st == Hit
}

func flush(t testing.TB, c *Cache[string], stage string) {
	t.Helper()
	if err := c.FlushStage(context.Background(), stage); err != nil {
		t.Fatalf("FlushStage(%q): %v", stage, err)
	}
}
