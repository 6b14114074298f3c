package authcache

import "time"

// Entry is one stored result and what explains it.
type Entry[V any] struct {
	Value V
	// Source names the request whose load produced Value ("GET /pets").
	Source   string
	StoredAt time.Time
	// TTL is the lifetime fixed when the entry was stored (C-6); 0 means the
	// result was not stored.
	TTL time.Duration
}

// ExpiresAt is when the entry stops being served.
func (e Entry[V]) ExpiresAt() time.Time { return e.StoredAt.Add(e.TTL) }

// Remaining is the lifetime left at now, never negative.
func (e Entry[V]) Remaining(now time.Time) time.Duration {
	return max(e.ExpiresAt().Sub(now), 0)
}

// Age is how long ago the entry was stored, at now.
func (e Entry[V]) Age(now time.Time) time.Duration { return max(now.Sub(e.StoredAt), 0) }

// Store holds entries. Implementations must be safe for concurrent use and
// must never return an entry that has expired or whose stage was flushed
// after it was stored.
type Store[V any] interface {
	// Get returns the entry stored under key if it is live at now (the
	// caller's clock, so that one request reads the clock once).
	Get(key Key, now time.Time) (Entry[V], bool)
	// Set stores e under key for e.TTL from e.StoredAt, replacing any entry.
	// An entry with TTL <= 0 is not stored.
	Set(key Key, e Entry[V])
	// FlushStage drops every entry whose key has this stage (C-7).
	FlushStage(stage string)
}
