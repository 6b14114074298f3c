package authcache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Status says how Cache.Get obtained an entry.
type Status uint8

// Statuses of Cache.Get.
const (
	// Miss: this call ran the loader.
	Miss Status = iota
	// Hit: the entry came from the store.
	Hit
	// Shared: this call waited for a load another call started.
	Shared
)

var statusNames = [...]string{Miss: "miss", Hit: "hit", Shared: "shared"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", s)
}

// ErrLoaderPanic wraps a panic raised by a loader; the panic becomes an error
// of every caller waiting on that load and nothing is stored.
var ErrLoaderPanic = errors.New("authcache: loader panicked")

// Loaded is what a loader produced.
type Loaded[V any] struct {
	Value V
	// TTL is how long to keep Value; 0 or less means do not store it.
	TTL time.Duration
	// Source names the request that caused the load ("GET /pets").
	Source string
}

// Loader computes the value of a missing key. It runs with the context of
// the call that started the load, without its cancellation (so one
// caller going away does not fail the others); it must bound its own time.
//
// A loader may outlive the Get that started it: a caller whose context
// ends returns at once while the load goes on for the others. So a loader
// owns what it captures: build its inputs before Get, from values that no
// one changes afterwards, and never capture memory the caller reuses once
// Get returns (a pooled request, a reused buffer).
type Loader[V any] func(ctx context.Context) (Loaded[V], error)

// Cache puts single-flight loading and flush bookkeeping in front of a
// Store.
type Cache[V any] struct {
	store Store[V]
	now   func() time.Time
	group singleflight.Group
	gens  generations
	// flushMu makes "not flushed since the load began, so store" one step:
	// fills hold it shared, FlushStage exclusively.
	flushMu sync.RWMutex
}

// New returns a Cache over store; now is the clock (nil means time.Now) and
// should be the store's clock.
func New[V any](store Store[V], now func() time.Time) *Cache[V] {
	if now == nil {
		now = time.Now
	}
	return &Cache[V]{store: store, now: now}
}

// Now is the cache's clock.
func (c *Cache[V]) Now() time.Time { return c.now() }

// Get returns the live entry under key, or loads it. Concurrent misses for
// one key run load once and share its result. A load error is returned to
// every waiter and nothing is stored (C-4).
func (c *Cache[V]) Get(ctx context.Context, key Key, load Loader[V]) (Entry[V], Status, error) {
	if e, ok := c.store.Get(key, c.now()); ok {
		return e, Hit, nil
	}
	return c.load(ctx, key, load)
}

// Peek returns the entry under key if it is live at now, without loading.
func (c *Cache[V]) Peek(key Key, now time.Time) (Entry[V], bool) { return c.store.Get(key, now) }

// FlushStage drops every entry of stage (C-7). A load that was running when
// the flush happened still answers its callers but is not stored.
func (c *Cache[V]) FlushStage(stage string) {
	c.flushMu.Lock()
	defer c.flushMu.Unlock()
	c.gens.bump(stage)
	c.store.FlushStage(stage)
}

type flight[V any] struct {
	entry  Entry[V]
	status Status
}

func (c *Cache[V]) load(ctx context.Context, key Key, load Loader[V]) (Entry[V], Status, error) {
	leader := false
	ch := c.group.DoChan(key.s, func() (any, error) {
		leader = true
		return c.fill(context.WithoutCancel(ctx), key, load)
	})
	select {
	case <-ctx.Done():
		return Entry[V]{}, Miss, ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return Entry[V]{}, Miss, r.Err
		}
		f := r.Val.(flight[V])
		if !leader && f.status == Miss {
			f.status = Shared
		}
		return f.entry, f.status, nil
	}
}

// fill runs under single-flight: it checks the store again (a load that
// finished just before this one started may have stored the entry), runs
// the loader and stores its result unless the stage was flushed meanwhile.
func (c *Cache[V]) fill(ctx context.Context, key Key, load Loader[V]) (f flight[V], err error) {
	if e, ok := c.store.Get(key, c.now()); ok {
		return flight[V]{entry: e, status: Hit}, nil
	}
	gen := c.gens.current(key.stage)
	l, err := safeLoad(ctx, load)
	if err != nil {
		return f, err
	}
	e := Entry[V]{Value: l.Value, Source: l.Source, StoredAt: c.now(), TTL: max(l.TTL, 0)}
	if e.TTL > 0 {
		c.storeUnlessFlushed(key, gen, e)
	}
	return flight[V]{entry: e, status: Miss}, nil
}

// storeUnlessFlushed stores e if key's stage is still at generation gen. A
// flush cannot land between the check and the store.
func (c *Cache[V]) storeUnlessFlushed(key Key, gen uint64, e Entry[V]) {
	c.flushMu.RLock()
	defer c.flushMu.RUnlock()
	if gen == c.gens.current(key.stage) {
		c.store.Set(key, e)
	}
}

func safeLoad[V any](ctx context.Context, load Loader[V]) (l Loaded[V], err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrLoaderPanic, p)
		}
	}()
	return load(ctx)
}
