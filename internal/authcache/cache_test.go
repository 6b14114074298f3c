package authcache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCacheRules(t *testing.T) {
	t.Parallel()
	errBoom := errors.New("boom")
	tests := []struct {
		name      string
		ttl       time.Duration
		err       error
		advance   time.Duration // between first and second Get
		flush     string        // stage flushed between the Gets
		wantCalls int64
	}{
		{name: "C-2 stored result is served within TTL", ttl: 300 * time.Second, advance: 299 * time.Second, wantCalls: 1},
		{name: "C-6 expiry is fixed from store time", ttl: 300 * time.Second, advance: 300 * time.Second, wantCalls: 2},
		{name: "C-1 TTL 0 stores nothing", ttl: 0, wantCalls: 2},
		{name: "C-4 failures are never stored", ttl: 300 * time.Second, err: errBoom, wantCalls: 2},
		{name: "C-7 flush of the stage drops the entry", ttl: 300 * time.Second, flush: "prod", wantCalls: 2},
		{name: "C-7 flush of another stage keeps the entry", ttl: 300 * time.Second, flush: "dev", wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := newFakeClock()
			c, _ := newTestCache(t, clock)
			key := NewKey("prod", "TokenAuth", []string{"allow"})
			var calls atomic.Int64
			load := countingLoader(&calls, "user", tt.ttl, tt.err)
			for i := range 2 {
				_, _, err := c.Get(context.Background(), key, load)
				if !errors.Is(err, tt.err) {
					t.Fatalf("Get #%d: got error %v; want %v", i, err, tt.err)
				}
				clock.Advance(tt.advance)
				if tt.flush != "" {
					flush(t, c, tt.flush)
				}
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Fatalf("loader calls: got %d; want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestCacheEntryMetadata(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	c, _ := newTestCache(t, clock)
	key := NewKey("prod", "TokenAuth", []string{"allow"})
	var calls atomic.Int64
	stored := clock.Now()
	e, st, err := c.Get(context.Background(), key, countingLoader(&calls, "user", 300*time.Second, nil))
	if err != nil || st != Miss || e.Value != "user" || e.Source != "GET /pets" || !e.StoredAt.Equal(stored) {
		t.Fatalf("first Get: got %+v, %v, %v; want user from GET /pets stored at %v, miss", e, st, err, stored)
	}
	clock.Advance(12 * time.Second)
	e, st, err = c.Get(context.Background(), key, countingLoader(&calls, "other", 300*time.Second, nil))
	if err != nil || st != Hit || e.Value != "user" || e.Source != "GET /pets" {
		t.Fatalf("second Get: got %+v, %v, %v; want the stored user, hit", e, st, err)
	}
	now := clock.Now()
	if e.Age(now) != 12*time.Second || e.Remaining(now) != 288*time.Second || e.TTL != 300*time.Second {
		t.Fatalf("age/remaining/ttl: got %v/%v/%v; want 12s/288s/5m0s", e.Age(now), e.Remaining(now), e.TTL)
	}
}

func TestCacheExpiryNotSliding(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	c, _ := newTestCache(t, clock)
	key := NewKey("prod", "TokenAuth", []string{"allow"})
	var calls atomic.Int64
	load := countingLoader(&calls, "user", 10*time.Second, nil)
	for range 10 { // a hit every second for 10 s: the reads must not extend the entry (C-6)
		if _, _, err := c.Get(context.Background(), key, load); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Second)
	}
	if _, st, _ := c.Get(context.Background(), key, load); st != Miss || calls.Load() != 2 {
		t.Fatalf("C-6 after 10 s of hits: got status %v, %d calls; want miss, 2 calls", st, calls.Load())
	}
}

func TestFlushStageKeepsOtherStage(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	c, _ := newTestCache(t, clock)
	var calls atomic.Int64
	load := countingLoader(&calls, "v", time.Minute, nil)
	for i := range 100 {
		for _, stage := range []string{"prod", "dev"} {
			if _, _, err := c.Get(context.Background(), NewKey(stage, "A", []string{fmt.Sprint(i)}), load); err != nil {
				t.Fatal(err)
			}
		}
	}
	flush(t, c, "prod")
	for i := range 100 {
		if _, ok := peek(c, NewKey("prod", "A", []string{fmt.Sprint(i)})); ok {
			t.Fatalf("C-7 prod/%d after flushing prod: got an entry; want none", i)
		}
		if _, ok := peek(c, NewKey("dev", "A", []string{fmt.Sprint(i)})); !ok {
			t.Fatalf("C-7 dev/%d after flushing prod: got no entry; want it kept", i)
		}
	}
	if _, st, _ := c.Get(context.Background(), NewKey("prod", "A", []string{"0"}), load); st != Miss {
		t.Fatalf("C-7 prod after flush: got %v; want miss", st)
	}
	if _, ok := peek(c, NewKey("prod", "A", []string{"0"})); !ok {
		t.Fatalf("C-7 store after flush: got no entry; want the new load stored")
	}
}

func TestFlushDuringLoadIsNotStored(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	c, _ := newTestCache(t, clock)
	key := NewKey("prod", "A", []string{"t"})
	started, release := make(chan struct{}), make(chan struct{})
	load := func(context.Context) (Loaded[string], error) {
		close(started)
		<-release
		return loaded("before flush", time.Minute), nil
	}
	done := make(chan error)
	go func() {
		_, _, err := c.Get(context.Background(), key, load)
		done <- err
	}()
	<-started
	flush(t, c, "prod")
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Get: %v", err)
	}
	if e, ok := peek(c, key); ok {
		t.Fatalf("C-7 a load begun before a flush: got %q stored; want nothing", e.Value)
	}
}

func TestLoaderPanicIsAnError(t *testing.T) {
	t.Parallel()
	c, _ := newTestCache(t, newFakeClock())
	key := NewKey("prod", "A", []string{"t"})
	_, _, err := c.Get(context.Background(), key, func(context.Context) (Loaded[string], error) { panic("bad") })
	if !errors.Is(err, ErrLoaderPanic) {
		t.Fatalf("panicking loader: got %v; want ErrLoaderPanic", err)
	}
	if _, ok := peek(c, key); ok {
		t.Fatalf("C-4 panicking loader: got an entry; want none")
	}
}

func TestCanceledWaiterDoesNotFailTheLoad(t *testing.T) {
	t.Parallel()
	c, _ := newTestCache(t, newFakeClock())
	key := NewKey("prod", "A", []string{"t"})
	started, release := make(chan struct{}), make(chan struct{})
	load := func(ctx context.Context) (Loaded[string], error) {
		close(started)
		<-release
		return loaded("v", time.Minute), ctx.Err()
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, _, err := c.Get(ctx, key, load)
		done <- err
	}()
	<-started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled caller: got %v; want context.Canceled", err)
	}
	close(release)
	// The load goes on with a context that was not canceled; its result is stored.
	e, _, err := c.Get(context.Background(), key, load)
	if err != nil || e.Value != "v" {
		t.Fatalf("after the canceled caller: got %q, %v; want v, nil", e.Value, err)
	}
}

// missBarrier counts Store.Get misses and closes ready at the target, so a
// test can hold the loader until every caller has missed.
type missBarrier struct {
	Store
	misses atomic.Int64
	target int64
	ready  chan struct{}
}

func (m *missBarrier) Get(ctx context.Context, k Key) (Record, bool, error) {
	r, ok, err := m.Store.Get(ctx, k)
	if !ok && m.misses.Add(1) == m.target {
		close(m.ready)
	}
	return r, ok, err
}

func TestSingleFlight(t *testing.T) {
	t.Parallel()
	const n = 32
	clock := newFakeClock()
	// n callers miss, then the leader looks once more before loading.
	store := &missBarrier{Store: newMemory(t, clock), target: n + 1, ready: make(chan struct{})}
	c := newCache(t, store, clock)
	key := NewKey("prod", "A", []string{"t"})
	var calls atomic.Int64
	load := func(context.Context) (Loaded[string], error) {
		calls.Add(1)
		<-store.ready
		return loaded("v", time.Minute), nil
	}
	var wg sync.WaitGroup
	statuses := make([]Status, n)
	for i := range n {
		wg.Go(func() {
			e, st, err := c.Get(context.Background(), key, load)
			if err != nil || e.Value != "v" {
				t.Errorf("caller %d: got %q, %v; want v", i, e.Value, err)
			}
			statuses[i] = st
		})
	}
	wg.Wait()
	if got := calls.Load(); got != 1 {
		t.Fatalf("loader calls for %d concurrent misses: got %d; want 1", n, got)
	}
	var misses int
	for _, st := range statuses {
		if st == Miss {
			misses++
		}
	}
	if misses != 1 {
		t.Fatalf("statuses %v: got %d callers reporting Miss; want exactly the one that loaded", statuses, misses)
	}
}

// TestRaceIdentities runs 64 goroutines over 1,000 identities on two stages
// and two authorizers: no caller may ever see another key's value (C-5).
func TestRaceIdentities(t *testing.T) {
	t.Parallel()
	const goroutines, identities = 64, 1000
	c, _ := newTestCache(t, newFakeClock())
	stages, auths := []string{"prod", "dev"}, []string{"A", "B"}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range identities {
				id := (g*37 + i) % identities
				stage, auth := stages[(g+i)%2], auths[(g/2+i)%2]
				want := fmt.Sprintf("%s/%s/user-%d", stage, auth, id)
				load := func(context.Context) (Loaded[string], error) {
					return loaded(want, time.Minute), nil
				}
				e, _, err := c.Get(context.Background(), NewKey(stage, auth, []string{fmt.Sprint(id)}), load)
				if err != nil || e.Value != want {
					t.Errorf("C-5 %s: got %q, %v; want %q", want, e.Value, err, want)
					return
				}
				if i%250 == 0 {
					flush(t, c, "dev")
				}
			}
		})
	}
	wg.Wait()
}

func TestMemoryOptions(t *testing.T) {
	t.Parallel()
	if _, err := NewMemory(MemoryOptions{MaxEntries: -1}); err == nil {
		t.Fatalf("MaxEntries -1: got nil error; want an error")
	}
	m, err := NewMemory(MemoryOptions{})
	if err != nil {
		t.Fatalf("defaults: %v", err)
	}
	stored, err := m.Put(context.Background(), NewKey("p", "a", nil), Generation{}, Record{Raw: "v", StoredAt: time.Now()})
	if stored || err != nil || m.Len() != 0 {
		t.Fatalf("Set with TTL 0: got %d entries; want 0", m.Len())
	}
}

func TestStatusString(t *testing.T) {
	t.Parallel()
	for st, want := range map[Status]string{Miss: "miss", Hit: "hit", Shared: "shared", Unavailable: "unavailable", Status(9): "Status(9)"} {
		if got := st.String(); got != want {
			t.Errorf("Status(%d).String(): got %q; want %q", st, got, want)
		}
	}
}

// gatedStore holds Put until released, so a flush can be started while a
// fill is between its generation check and its store.
type gatedStore struct {
	Store
	inPut, release chan struct{}
}

func (g *gatedStore) Put(ctx context.Context, key Key, gen Generation, r Record) (bool, error) {
	close(g.inPut)
	<-g.release
	return g.Store.Put(ctx, key, gen, r)
}

// TestFlushDuringStoreIsNotLost: a flush that arrives while a finished load
// is being stored wins (C-7): the store checks the generation and stores
// in one step. The flush does not wait for the store here (the generation
// lives in the store, so no lock is needed): the Put that follows it
// must still store nothing visible.
func TestFlushDuringStoreIsNotLost(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	gated := &gatedStore{Store: newMemory(t, clock), inPut: make(chan struct{}), release: make(chan struct{})}
	c := newCache(t, gated, clock)
	key := NewKey("prod", "A", []string{"t"})
	done := make(chan error)
	go func() {
		_, _, err := c.Get(context.Background(), key, func(context.Context) (Loaded[string], error) {
			return loaded("before flush", time.Minute), nil
		})
		done <- err
	}()
	<-gated.inPut
	flush(t, c, "prod")
	close(gated.release)
	if err := <-done; err != nil {
		t.Fatalf("Get: %v", err)
	}
	if e, ok := peek(c, key); ok {
		t.Fatalf("C-7 an entry stored while a flush ran: got %q; want nothing", e.Value)
	}
}
