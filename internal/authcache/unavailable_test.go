package authcache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var errDown = errors.New("store down")

// flakyStore fails every operation while down is set.
type flakyStore struct {
	Store
	down atomic.Bool
}

func (f *flakyStore) Get(ctx context.Context, k Key) (Record, bool, error) {
	if f.down.Load() {
		return Record{}, false, errDown
	}
	return f.Store.Get(ctx, k)
}

func (f *flakyStore) Put(ctx context.Context, k Key, g Generation, r Record) (bool, error) {
	if f.down.Load() {
		return false, errDown
	}
	return f.Store.Put(ctx, k, g, r)
}

// TestUnavailableIsSingleFlightAndNotStored: while the store fails,
// concurrent requests for one key share one fresh call, all see
// Unavailable, and nothing is stored for later.
func TestUnavailableIsSingleFlightAndNotStored(t *testing.T) {
	t.Parallel()
	const n = 16
	clock := newFakeClock()
	store := &flakyStore{Store: newMemory(t, clock)}
	store.down.Store(true)
	c := newCache(t, store, clock)
	key := NewKey("prod", "A", []string{"t"})
	var calls atomic.Int64
	var joined sync.WaitGroup
	joined.Add(n)
	c.joined = joined.Done
	load := func(context.Context) (Loaded[string], error) {
		calls.Add(1)
		joined.Wait() // every caller has found the store down and joined this flight
		return loaded("fresh", time.Hour), nil
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, st, err := c.Peek(context.Background(), key, c.Now())
			e, st, err := c.Load(context.Background(), key, load, st)
			if err != nil || e.Value != "fresh" || st != Unavailable || e.TTL != 0 {
				t.Errorf("caller %d: got %q, %v, ttl %v, %v; want the fresh call's result, unavailable, not stored", i, e.Value, st, e.TTL, err)
			}
		})
	}
	wg.Wait()
	c.joined = nil
	if calls.Load() != 1 {
		t.Fatalf("fresh calls for %d concurrent requests: got %d; want 1 (single flight)", n, calls.Load())
	}
	store.down.Store(false)
	if _, st, _ := c.Get(context.Background(), key, load); st != Miss {
		t.Fatalf("store back: got %v; want miss (nothing was stored while it was down)", st)
	}
}

// TestUnavailableCounts: each kind of trouble is counted; a failed fresh
// call is an error for the caller (the authorizer's 500), and a store that
// fails only to take a result still answers with it.
func TestUnavailableCounts(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	store := &flakyStore{Store: newMemory(t, clock)}
	c := newCache(t, store, clock)
	key := NewKey("prod", "A", []string{"t"})
	store.down.Store(true)
	boom := errors.New("authorizer failed")
	if _, _, err := c.Get(context.Background(), key, func(context.Context) (Loaded[string], error) {
		return Loaded[string]{}, boom
	}); !errors.Is(err, boom) {
		t.Fatalf("fresh call failing: got %v; want its error", err)
	}
	if s := c.Stats(); s.Fresh != 1 || s.FreshFailed != 1 || s.StoreErrors != 1 {
		t.Fatalf("Stats: got %+v; want 1 fresh, 1 failed, 1 store error", s)
	}
}

func TestCodecRoundTrip(t *testing.T) {
	t.Parallel()
	rec := record(`{"principalId":"ü"}`)
	gen, got, err := decodeRecord(encodeRecord("g1", &rec))
	if err != nil || gen != "g1" || got.Raw != rec.Raw || got.Format != rec.Format || got.Principal != rec.Principal || got.Source != rec.Source ||
		!got.StoredAt.Equal(rec.StoredAt) || got.TTL != rec.TTL {
		t.Fatalf("round trip: got %q, %+v, %v; want g1, %+v", gen, got, err, rec)
	}
	for _, bad := range []string{"", "apigw-record-1\n", "apigw-record-2\n\x00", encodeRecord("g", &rec)[:20]} {
		if _, _, err := decodeRecord(bad); !errors.Is(err, ErrCorrupt) {
			t.Errorf("decodeRecord(%q): got %v; want ErrCorrupt", bad, err)
		}
	}
}

// FuzzDecodeRecord: any bytes in Redis decode to a record or ErrCorrupt,
// never a panic, and a decoded record encodes back to the same bytes.
func FuzzDecodeRecord(f *testing.F) {
	rec := record("{}")
	f.Add(encodeRecord("gen", &rec))
	f.Add("apigw-record-1\n\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")
	f.Fuzz(func(t *testing.T, s string) {
		gen, r, err := decodeRecord(s)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("decodeRecord: got %v; want ErrCorrupt", err)
			}
			return
		}
		if again := encodeRecord(gen, &r); again != s {
			t.Fatalf("re-encoded: got %q; want %q", again, s)
		}
	})
}
