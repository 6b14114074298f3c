package authcache

import (
	"context"
	"fmt"
	"sync/atomic"
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
	// Clock is the time source for eviction of expired entries; nil means
	// time.Now. It should be the Cache's clock.
	Clock func() time.Time
}

// Memory is the in-process Store: bounded, with per-entry expiry and
// per-stage generations. It keeps the decoded value the Cache gives it
// next to the raw record, so a hit decodes nothing. The store owns the
// records it holds; values are shared with every reader and must not be
// modified.
type Memory struct {
	entries *otter.Cache[string, node]
	gens    generations
	// evictions counts entries dropped to stay within MaxEntries.
	evictions atomic.Uint64
}

// node is a record as the memory store keeps it: times as Unix nanoseconds
// and the stage generation it was stored in.
type node struct {
	raw, format, principal, source string
	keyHash                        string // Key.Hash, computed once by the Cache
	storedAt, expiresAt            int64
	gen                            uint64
	value                          any
}

// NewMemory returns an empty memory store.
func NewMemory(o MemoryOptions) (*Memory, error) {
	if o.MaxEntries < 0 {
		return nil, fmt.Errorf("authcache: MaxEntries %d: want 0 (default) or more", o.MaxEntries)
	}
	if o.MaxEntries == 0 {
		o.MaxEntries = DefaultMaxEntries
	}
	m := &Memory{}
	c, err := otter.New(&otter.Options[string, node]{
		MaximumSize:      o.MaxEntries,
		ExpiryCalculator: otter.ExpiryWritingFunc(lifetime),
		Clock:            otterClock(o.Clock),
		OnDeletion:       m.countEviction,
	})
	if err != nil {
		return nil, fmt.Errorf("authcache: %w", err)
	}
	m.entries = c
	return m, nil
}

func (m *Memory) countEviction(e otter.DeletionEvent[string, node]) {
	if e.Cause == otter.CauseOverflow {
		m.evictions.Add(1)
	}
}

// Evictions counts the entries dropped so far to stay within MaxEntries.
func (m *Memory) Evictions() uint64 { return m.evictions.Load() }

func lifetime(e otter.Entry[string, node]) time.Duration {
	return time.Duration(e.Value.expiresAt - e.Value.storedAt)
}

// Get returns the record under key unless its stage was flushed since it
// was stored. It never fails.
func (m *Memory) Get(_ context.Context, key Key) (Record, bool, error) {
	n, ok := m.entries.GetIfPresent(key.s)
	if !ok || n.gen != m.gens.current(key.stage) {
		return Record{}, false, nil
	}
	return Record{
		Raw: n.raw, Format: n.format, Principal: n.principal, Source: n.source, value: n.value, keyHash: n.keyHash,
		StoredAt: time.Unix(0, n.storedAt), TTL: time.Duration(n.expiresAt - n.storedAt),
	}, true, nil
}

// Generation is stage's flush count.
func (m *Memory) Generation(_ context.Context, stage string) (Generation, error) {
	return Generation{n: m.gens.current(stage)}, nil
}

// Put stores rec under key unless stage has been flushed since gen. The
// node carries gen, so a flush that lands between the check and the store
// still hides it: check and store are one step as Get sees them.
func (m *Memory) Put(_ context.Context, key Key, gen Generation, rec Record) (bool, error) {
	if rec.TTL <= 0 || key.IsZero() || gen.n != m.gens.current(key.stage) {
		return false, nil
	}
	at := rec.StoredAt.UnixNano()
	m.entries.Set(key.s, node{
		raw: rec.Raw, format: rec.Format, principal: rec.Principal, source: rec.Source, value: rec.value, keyHash: rec.keyHash,
		storedAt: at, expiresAt: at + int64(rec.TTL), gen: gen.n,
	})
	return true, nil
}

// FlushStage makes every entry of stage unreachable. It is O(1): entries
// stored before the flush carry an older generation and are skipped by Get,
// and are evicted by size or expiry like any other entry.
func (m *Memory) FlushStage(_ context.Context, stage string) error {
	m.gens.bump(stage)
	return nil
}

// Len is the number of entries held, including expired or flushed ones not
// yet evicted; for tests and metrics.
func (m *Memory) Len() int { return m.entries.EstimatedSize() }

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
