package authcache

import (
	"fmt"
	"time"

	"github.com/maypok86/otter/v2"
)

// DefaultMaxEntries bounds a Memory store when MemoryOptions leaves it 0.
const DefaultMaxEntries = 100_000

// MemoryOptions configure a Memory store.
type MemoryOptions struct {
	// MaxEntries bounds the number of entries; 0 means DefaultMaxEntries.
	// Beyond it the least useful entries are evicted (an eviction only costs
	// an extra authorizer call).
	MaxEntries int
	// Clock is the time source for expiry; nil means time.Now.
	Clock func() time.Time
}

// The memory store reads its clock only for otter's eviction; Get is told
// the time by its caller.

// Memory is the in-process Store: bounded, with per-entry expiry.
type Memory[V any] struct {
	entries *otter.Cache[string, node[V]]
	gens    generations
}

// node is an entry as the memory store keeps it: times as Unix nanoseconds
// and the stage generation it was stored in.
type node[V any] struct {
	value     V
	source    string
	storedAt  int64
	expiresAt int64
	gen       uint64
}

// NewMemory returns an empty memory store.
func NewMemory[V any](o MemoryOptions) (*Memory[V], error) {
	if o.MaxEntries < 0 {
		return nil, fmt.Errorf("authcache: MaxEntries %d: want 0 (default) or more", o.MaxEntries)
	}
	if o.MaxEntries == 0 {
		o.MaxEntries = DefaultMaxEntries
	}
	m := &Memory[V]{}
	c, err := otter.New(&otter.Options[string, node[V]]{
		MaximumSize:      o.MaxEntries,
		ExpiryCalculator: otter.ExpiryWritingFunc(lifetime[V]),
		Clock:            otterClock(o.Clock),
	})
	if err != nil {
		return nil, fmt.Errorf("authcache: %w", err)
	}
	m.entries = c
	return m, nil
}

func lifetime[V any](e otter.Entry[string, node[V]]) time.Duration {
	return time.Duration(e.Value.expiresAt - e.Value.storedAt)
}

// Get returns the entry under key unless it expired at now or its stage was
// flushed.
func (m *Memory[V]) Get(key Key, now time.Time) (Entry[V], bool) {
	n, ok := m.entries.GetIfPresent(key.s)
	if !ok || n.gen != m.gens.current(key.stage) || now.UnixNano() >= n.expiresAt {
		return Entry[V]{}, false
	}
	return Entry[V]{
		Value:    n.value,
		Source:   n.source,
		StoredAt: time.Unix(0, n.storedAt),
		TTL:      time.Duration(n.expiresAt - n.storedAt),
	}, true
}

// Set stores e under key until e.StoredAt+e.TTL.
func (m *Memory[V]) Set(key Key, e Entry[V]) {
	if e.TTL <= 0 || key.IsZero() {
		return
	}
	at := e.StoredAt.UnixNano()
	m.entries.Set(key.s, node[V]{
		value:     e.Value,
		source:    e.Source,
		storedAt:  at,
		expiresAt: at + int64(e.TTL),
		gen:       m.gens.current(key.stage),
	})
}

// FlushStage makes every entry of stage unreachable. It is O(1): entries
// stored before the flush carry an older generation and are skipped by Get,
// and are evicted by size or expiry like any other entry.
func (m *Memory[V]) FlushStage(stage string) { m.gens.bump(stage) }

// Len is the number of entries held, including expired or flushed ones not
// yet evicted; for tests and metrics.
func (m *Memory[V]) Len() int { return m.entries.EstimatedSize() }

// otterClock adapts an injected clock for otter's expiry; nil keeps otter's
// own (real time, with periodic clean-up).
func otterClock(now func() time.Time) otter.Clock {
	if now == nil {
		return nil
	}
	return funcClock(now)
}

type funcClock func() time.Time

func (f funcClock) NowNano() int64                      { return f().UnixNano() }
func (f funcClock) Tick(time.Duration) <-chan time.Time { return nil }
