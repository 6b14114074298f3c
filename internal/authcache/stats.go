package authcache

import (
	"context"
	"errors"
	"sync/atomic"
)

// Stats counts what went wrong or was unusual, by kind, for metrics. Hits
// and misses are not counted here (the hot path stays free of shared
// writes); every decision records its own cache status.
type Stats struct {
	// Fresh counts loads run while the store was unavailable: decided by a
	// fresh call, not stored.
	Fresh uint64
	// FreshFailed counts those whose call failed too (a 500, or the
	// authorizer's own 401).
	FreshFailed uint64
	// StoreTimeouts counts store operations that ran out of time.
	StoreTimeouts uint64
	// StoreErrors counts store operations that failed otherwise.
	StoreErrors uint64
	// Discarded counts loads not stored because their stage was flushed
	// while they ran (C-7).
	Discarded uint64
	// Corrupt counts records that could not be decoded (treated as missing).
	Corrupt uint64
	// Flushes counts stage flushes (FlushStageAuthorizersCache, C-7).
	Flushes uint64
	// Evictions counts entries the store dropped to stay within its size
	// limit; 0 for a store that does not count them (Redis evicts by its
	// own policy).
	Evictions uint64
}

type counters struct {
	fresh, freshFailed, timeouts, errors, discarded, corrupt, flushes atomic.Uint64
}

func (c *counters) storeFailed(err error) {
	if errors.Is(err, context.DeadlineExceeded) {
		c.timeouts.Add(1)
		return
	}
	c.errors.Add(1)
}

// Stats returns the counters so far.
func (c *Cache[V]) Stats() Stats {
	s := &c.stats
	return Stats{
		Fresh: s.fresh.Load(), FreshFailed: s.freshFailed.Load(), StoreTimeouts: s.timeouts.Load(),
		StoreErrors: s.errors.Load(), Discarded: s.discarded.Load(), Corrupt: s.corrupt.Load(),
		Flushes: s.flushes.Load(), Evictions: evictions(c.store),
	}
}

// evictions reads a store's eviction count, when it keeps one.
func evictions(store Store) uint64 {
	if e, ok := store.(interface{ Evictions() uint64 }); ok {
		return e.Evictions()
	}
	return 0
}

// Add returns the sum of two sets of counters.
func (s Stats) Add(o Stats) Stats {
	return Stats{
		Fresh: s.Fresh + o.Fresh, FreshFailed: s.FreshFailed + o.FreshFailed, StoreTimeouts: s.StoreTimeouts + o.StoreTimeouts,
		StoreErrors: s.StoreErrors + o.StoreErrors, Discarded: s.Discarded + o.Discarded, Corrupt: s.Corrupt + o.Corrupt,
		Flushes: s.Flushes + o.Flushes, Evictions: s.Evictions + o.Evictions,
	}
}
