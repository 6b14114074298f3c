package authcache

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sync/singleflight"
)

// Status says how the Cache obtained an entry.
type Status uint8

// Statuses of Cache.Get, Peek and Load.
const (
	// Miss: this call ran the loader (or, from Peek, nothing is cached).
	Miss Status = iota
	// Hit: the entry came from the store.
	Hit
	// Shared: this call waited for a load another call started.
	Shared
	// Unavailable: the store could not answer; the entry comes from a fresh
	// call (this one's or a concurrent one's) and was not stored.
	Unavailable
)

var statusNames = [...]string{Miss: "miss", Hit: "hit", Shared: "shared", Unavailable: "unavailable"}

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
	// Raw is Value as the authorizer returned it; what a remote store holds
	// and Options.Decode turns back into a Value.
	Raw string
	// Format says how Raw is read back (Options.Decode).
	Format string
	// Principal is Value's principal, kept with the record for listings.
	Principal string
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

// Options configure a Cache.
type Options[V any] struct {
	// Clock is apigw's clock, against which every entry's expiry is checked
	// (C-6); nil means time.Now.
	Clock func() time.Time
	// Decode turns a record's Raw, written in format, back into a value,
	// for records read from a store that keeps no decoded value (a remote
	// one). nil: such records count as missing.
	Decode func(format, raw string) (V, error)
	// Decoded bounds the local cache of decoded values; 0 means
	// DefaultDecoded.
	Decoded int
}

// Cache puts expiry, decoding, single-flight loading and failure handling in
// front of a Store. Flush generations live in the store, so that a flush
// through any Cache over a shared store reaches every other one.
type Cache[V any] struct {
	store   Store
	now     func() time.Time
	decoded *decoded[V]
	group   singleflight.Group // loads that store their result
	fresh   singleflight.Group // loads while the store is unavailable
	stats   counters
	joined  func() // tests only: called once a Load has joined its flight
}

// New returns a Cache over store.
func New[V any](store Store, o Options[V]) (*Cache[V], error) {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	d, err := newDecoded(o.Decode, o.Decoded)
	if err != nil {
		return nil, err
	}
	return &Cache[V]{store: store, now: o.Clock, decoded: d}, nil
}

// Now is the cache's clock.
func (c *Cache[V]) Now() time.Time { return c.now() }

// Get returns the live entry under key, or loads it (Peek, then Load).
func (c *Cache[V]) Get(ctx context.Context, key Key, load Loader[V]) (Entry[V], Status, error) {
	e, st, _ := c.Peek(ctx, key, c.now())
	if st == Hit {
		return e, st, nil
	}
	return c.Load(ctx, key, load, st)
}

// Peek returns the entry under key if it is live at now (Hit), Miss when
// there is none, or Unavailable with the store's error when the store could
// not answer: then nothing it holds may decide, and the caller calls Load
// with that status.
func (c *Cache[V]) Peek(ctx context.Context, key Key, now time.Time) (Entry[V], Status, error) {
	rec, found, err := c.store.Get(ctx, key)
	if err != nil && !errors.Is(err, ErrCorrupt) {
		c.stats.storeFailed(err)
		return Entry[V]{}, Unavailable, err
	}
	if !found || !rec.liveAt(now) {
		return Entry[V]{}, Miss, nil
	}
	v, ok := c.value(&rec)
	if !ok {
		return Entry[V]{}, Miss, nil
	}
	return Entry[V]{Value: v, Source: rec.Source, StoredAt: rec.StoredAt, TTL: rec.TTL, KeyHash: rec.keyHash}, Hit, nil
}

// value is rec's decoded value: the one an in-process store kept, or Raw
// decoded through the local cache. A record that does not decode is
// counted and treated as missing (the next load replaces it).
func (c *Cache[V]) value(rec *Record) (V, bool) {
	if v, ok := rec.value.(V); ok {
		return v, true
	}
	v, err := c.decoded.get(rec.Format, rec.Raw)
	if err != nil {
		c.stats.corrupt.Add(1)
		return v, false
	}
	return v, true
}

// FlushStage drops every entry of stage (C-7) for every Cache over the
// same store. A load that was running when the flush happened still
// answers its callers but is not stored. An error means the flush may not
// have happened.
func (c *Cache[V]) FlushStage(ctx context.Context, stage string) error {
	if err := c.store.FlushStage(ctx, stage); err != nil {
		c.stats.storeFailed(err)
		return fmt.Errorf("authcache: flushing stage %q: %w", stage, err)
	}
	c.stats.flushes.Add(1)
	return nil
}

func safeLoad[V any](ctx context.Context, load Loader[V]) (l Loaded[V], err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrLoaderPanic, p)
		}
	}()
	return load(ctx)
}
