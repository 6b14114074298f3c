package authcache

import (
	"context"
	"testing"
	"time"
)

// TestEntryKeyHash: every entry the Cache serves carries its key's Hash,
// computed once per entry, equal to what Key.Hash gives for the request's
// key: after a load, on a hit from the store that kept it (memory, and
// Redis from its server and from its local copy), and from a fresh call
// while the store is down. A second replica of a Redis store, which never
// put the entry, carries the same hash.
func TestEntryKeyHash(t *testing.T) {
	t.Parallel()
	url := startRedis(t).URL()
	tests := []struct {
		name  string
		store func(t *testing.T) (put, read Store)
	}{
		{"memory", func(t *testing.T) (Store, Store) { m := newMemory(t, newFakeClock()); return m, m }},
		{"redis, one replica", func(t *testing.T) (Store, Store) { s := redisStore(t, url, t.Name()); return s, s }},
		{"redis, another replica reads", func(t *testing.T) (Store, Store) {
			return redisStore(t, url, t.Name()), redisStore(t, url, t.Name())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			put, read := tt.store(t)
			clock := newFakeClock()
			key := NewKey("prod", "A", []string{"token-" + tt.name})
			want := key.Hash()
			e, st, err := newCache(t, put, clock).Get(context.Background(), key, constLoader("v"))
			if err != nil || st != Miss || e.KeyHash != want {
				t.Fatalf("load: got hash %q, %v, %v; want %q, miss", e.KeyHash, st, err, want)
			}
			reader := newCache(t, read, clock)
			for _, round := range []string{"first read", "second read (a local copy for Redis)"} {
				settle(t, read)
				e, st, err = reader.Get(context.Background(), key, constLoader("reloaded"))
				if err != nil || st != Hit || e.KeyHash != want {
					t.Fatalf("%s: got hash %q, %v, %v; want %q, hit", round, e.KeyHash, st, err, want)
				}
			}
		})
	}
}

// TestFreshEntryKeyHash: a fresh call while the store is down carries the
// key's hash too.
func TestFreshEntryKeyHash(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	store := &flakyStore{Store: newMemory(t, clock)}
	store.down.Store(true)
	key := NewKey("prod", "A", []string{"t"})
	e, st, err := newCache(t, store, clock).Get(context.Background(), key, constLoader("fresh"))
	if err != nil || st != Unavailable || e.KeyHash != key.Hash() {
		t.Fatalf("got hash %q, %v, %v; want %q, unavailable", e.KeyHash, st, err, key.Hash())
	}
}

// TestEntryKeyHashUnknownToOtherStores: a Store outside this package keeps
// no hash; the entry then says "" and the caller hashes the key itself.
func TestEntryKeyHashUnknownToOtherStores(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	store := &recordCopier{Store: newMemory(t, clock)}
	c := newCache(t, store, clock)
	key := NewKey("prod", "A", []string{"t"})
	if _, _, err := c.Get(context.Background(), key, constLoader("v")); err != nil {
		t.Fatal(err)
	}
	e, st, err := c.Get(context.Background(), key, constLoader("v"))
	if err != nil || st != Hit || e.KeyHash != "" {
		t.Fatalf("got hash %q, %v, %v; want \"\", hit", e.KeyHash, st, err)
	}
}

// recordCopier is a Store that returns only the exported fields of what it
// holds, as a Store outside this package would.
type recordCopier struct{ Store }

func (r *recordCopier) Get(ctx context.Context, k Key) (Record, bool, error) {
	rec, ok, err := r.Store.Get(ctx, k)
	return Record{Raw: rec.Raw, Format: rec.Format, Principal: rec.Principal, Source: rec.Source, StoredAt: rec.StoredAt, TTL: rec.TTL}, ok, err
}

// constLoader loads value for an hour.
func constLoader(value string) Loader[string] {
	return func(context.Context) (Loaded[string], error) { return loaded(value, time.Hour), nil }
}
