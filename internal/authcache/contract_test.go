package authcache

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// replicas returns two users of one store: for Redis two clients (two
// apigw replicas), for Memory the same store twice.
type replicas func(t *testing.T) (a, b Store)

func memoryReplicas(t *testing.T) (Store, Store) {
	m := newMemory(t, newFakeClock())
	return m, m
}

// redisReplicas gives each test its own API id on one server.
func redisReplicas(url string) replicas {
	var n atomic.Int64
	return func(t *testing.T) (Store, Store) {
		api := "api" + strconv.FormatInt(n.Add(1), 10)
		return redisStore(t, url, api), redisStore(t, url, api)
	}
}

// TestStoreContract runs the Store contract against every implementation:
// the memory store and Redis.
func TestStoreContract(t *testing.T) {
	t.Parallel()
	t.Run("memory", func(t *testing.T) { t.Parallel(); storeContract(t, memoryReplicas) })
	t.Run("redis", func(t *testing.T) { t.Parallel(); storeContract(t, redisReplicas(startRedis(t).URL())) })
}

var storedAt = time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)

func record(raw string) Record {
	return Record{Raw: raw, Format: "rest", Principal: "user-" + raw, Source: "GET /" + raw, StoredAt: storedAt, TTL: 300 * time.Second}
}

func storeContract(t *testing.T, newReplicas replicas) {
	tests := []struct {
		name string
		run  func(t *testing.T, a, b Store)
	}{
		{"a record put is returned whole, to every user", contractRoundTrip},
		{"a missing key is not found", contractMissing},
		{"C-5 stage, authorizer and identity each separate records", contractDistinctKeys},
		{"a put replaces the record", contractReplace},
		{"C-1 a TTL of 0 is not stored", contractZeroTTL},
		{"C-7 a flush hides the stage for every user and keeps other stages", contractFlush},
		{"C-7 a put begun before a flush stores nothing", contractStalePut},
		{"the generation moves only with a flush", contractGeneration},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b := newReplicas(t)
			tt.run(t, a, b)
		})
	}
}

var ctx = context.Background()

func mustPut(t *testing.T, s Store, key Key, rec Record) {
	t.Helper()
	gen, err := s.Generation(ctx, key.Stage())
	if err != nil {
		t.Fatalf("Generation: %v", err)
	}
	if ok, err := s.Put(ctx, key, gen, rec); !ok || err != nil {
		t.Fatalf("Put: got %v, %v; want stored", ok, err)
	}
}

// wantRecord checks what s holds under key: want, or nothing when want.Raw
// is "".
func wantRecord(t *testing.T, s Store, key Key, want Record) {
	t.Helper()
	settle(t, s)
	got, found, err := s.Get(ctx, key)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if want.Raw == "" {
		if found {
			t.Fatalf("Get: got %q; want nothing", got.Raw)
		}
		return
	}
	if !found || got.Raw != want.Raw || got.Format != want.Format || got.Principal != want.Principal || got.Source != want.Source ||
		!got.StoredAt.Equal(want.StoredAt) || got.TTL != want.TTL {
		t.Fatalf("Get: got %+v, found %v; want %+v", got, found, want)
	}
}

// settle returns once s has applied every invalidation sent to it before:
// Redis's client-side caching is eventually consistent, and a Ping on the
// same connection orders after them.
func settle(t *testing.T, s Store) {
	t.Helper()
	if r, ok := s.(*RedisStore); ok {
		if err := r.r.Ping(ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	}
}

func contractRoundTrip(t *testing.T, a, b Store) {
	key := NewKey("prod", "A", []string{"tok"})
	rec := record(`{"principalId":"user"}`)
	mustPut(t, a, key, rec)
	wantRecord(t, a, key, rec)
	wantRecord(t, b, key, rec)
}

func contractMissing(t *testing.T, a, _ Store) {
	wantRecord(t, a, NewKey("prod", "A", []string{"never stored"}), Record{})
}

func contractDistinctKeys(t *testing.T, a, b Store) {
	keys := []Key{
		NewKey("prod", "A", []string{"t"}), NewKey("dev", "A", []string{"t"}),
		NewKey("prod", "B", []string{"t"}), NewKey("prod", "A", []string{"u"}),
	}
	for i, k := range keys {
		mustPut(t, a, k, record(strconv.Itoa(i)))
	}
	for i, k := range keys {
		wantRecord(t, b, k, record(strconv.Itoa(i)))
	}
}

func contractReplace(t *testing.T, a, b Store) {
	key := NewKey("prod", "A", []string{"t"})
	mustPut(t, a, key, record("first"))
	wantRecord(t, b, key, record("first"))
	mustPut(t, a, key, record("second"))
	wantRecord(t, b, key, record("second"))
}

func contractZeroTTL(t *testing.T, a, b Store) {
	key := NewKey("prod", "A", []string{"t"})
	gen, err := a.Generation(ctx, "prod")
	if err != nil {
		t.Fatal(err)
	}
	rec := record("zero")
	rec.TTL = 0
	if ok, err := a.Put(ctx, key, gen, rec); ok || err != nil {
		t.Fatalf("Put TTL 0: got %v, %v; want not stored", ok, err)
	}
	wantRecord(t, b, key, Record{})
}

func contractFlush(t *testing.T, a, b Store) {
	prod, dev := NewKey("prod", "A", []string{"t"}), NewKey("dev", "A", []string{"t"})
	mustPut(t, a, prod, record("p"))
	mustPut(t, a, dev, record("d"))
	wantRecord(t, b, prod, record("p")) // b holds a copy now
	if err := a.FlushStage(ctx, "prod"); err != nil {
		t.Fatal(err)
	}
	wantRecord(t, b, prod, Record{})
	wantRecord(t, a, prod, Record{})
	wantRecord(t, b, dev, record("d"))
	mustPut(t, b, prod, record("after"))
	wantRecord(t, a, prod, record("after"))
}

func contractStalePut(t *testing.T, a, b Store) {
	key := NewKey("prod", "A", []string{"t"})
	before, err := b.Generation(ctx, "prod")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.FlushStage(ctx, "prod"); err != nil {
		t.Fatal(err)
	}
	if ok, err := b.Put(ctx, key, before, record("stale")); ok || err != nil {
		t.Fatalf("Put with the generation from before the flush: got %v, %v; want not stored", ok, err)
	}
	wantRecord(t, a, key, Record{})
	wantRecord(t, b, key, Record{})
}

func contractGeneration(t *testing.T, a, b Store) {
	g1, err1 := a.Generation(ctx, "prod")
	g2, err2 := b.Generation(ctx, "prod")
	if err1 != nil || err2 != nil || g1 != g2 {
		t.Fatalf("two reads without a flush: got %v (%v), %v (%v); want equal", g1, err1, g2, err2)
	}
	if err := b.FlushStage(ctx, "prod"); err != nil {
		t.Fatal(err)
	}
	g3, err := a.Generation(ctx, "prod")
	if err != nil || g3 == g1 {
		t.Fatalf("after a flush: got %v (%v); want a new generation", g3, err)
	}
	if other, _ := a.Generation(ctx, "dev"); other == g3 {
		t.Fatalf("another stage: got the flushed stage's generation %v", other)
	}
}
