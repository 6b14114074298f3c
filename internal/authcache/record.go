package authcache

import (
	"context"
	"errors"
	"time"
)

// Record is one cached authorizer result as a store holds it: the
// authorizer's raw output and what explains it. A remote store keeps only
// these fields; the Cache decodes Raw again on read.
type Record struct {
	// Raw is the authorizer's output as the function returned it, bounded
	// and validated once before it was stored.
	Raw string
	// Format says how Raw is read (the authorizer's kind: its outputs are
	// parsed differently); it is handed to Options.Decode.
	Format string
	// Principal is the output's principal, for listings.
	Principal string
	// Source names the request whose call produced Raw ("GET /pets").
	Source   string
	StoredAt time.Time
	// TTL is the lifetime fixed when the record was stored (C-6).
	TTL time.Duration
	// value is Raw decoded, when an in-process store kept what the Cache
	// gave it; nil from a remote store.
	value any
	// keyHash is the Hash of the record's key, computed once when the
	// Cache stored the record (or the store first read it) and kept with
	// it, so that a hit does not hash the key again; "" when the store
	// did not keep it (the Cache then leaves the Entry's KeyHash "").
	keyHash string
}

// ExpiresAt is when the record stops being served.
func (r *Record) ExpiresAt() time.Time { return r.StoredAt.Add(r.TTL) }

// liveAt reports whether the record is still served at now: its expiry is
// checked against the Cache's clock, never the store's (C-6).
func (r *Record) liveAt(now time.Time) bool {
	return now.UnixNano() < r.StoredAt.UnixNano()+int64(r.TTL)
}

// Generation is a stage's flush epoch as one store names it. Only the store
// that issued it interprets it; the zero Generation is the epoch of a stage
// never flushed in an in-process store.
type Generation struct {
	n     uint64 // Memory
	token string // Redis
}

// ErrCorrupt wraps a stored record that cannot be read back; the Cache
// treats it as missing, so the next load replaces it.
var ErrCorrupt = errors.New("authcache: corrupt record")

// Store holds records. Implementations must be safe for concurrent use.
//
// The contract (the same tests run against every implementation):
//   - Get returns the record stored under key in the current generation of
//     its stage; found is false when there is none. Expiry is the Cache's
//     business: Get may return a record whose TTL has run out.
//   - Put stores rec under key only while key's stage is still at gen, in
//     one atomic step, and reports whether it did; it replaces any record.
//   - FlushStage starts a new generation of stage for every user of the
//     store (other processes too, for a shared store): records stored before
//     are no longer returned, and a Put with an older generation stores
//     nothing (C-7). Other stages are untouched.
//   - An error means the store could not answer (unreachable, too slow):
//     the Cache then decides from a fresh call and stores nothing.
type Store interface {
	Get(ctx context.Context, key Key) (rec Record, found bool, err error)
	Generation(ctx context.Context, stage string) (Generation, error)
	Put(ctx context.Context, key Key, gen Generation, rec Record) (stored bool, err error)
	FlushStage(ctx context.Context, stage string) error
}

// Entry is one result as the Cache serves it.
type Entry[V any] struct {
	Value V
	// Source names the request whose load produced Value ("GET /pets").
	Source   string
	StoredAt time.Time
	// TTL is the lifetime fixed when the entry was stored (C-6); 0 means the
	// result was not stored.
	TTL time.Duration
	// KeyHash is the Hash of the key the entry was stored or loaded under,
	// computed once per entry (not per request) and shared by every reader:
	// an immutable string. "" when the store kept none (a Store outside
	// this package); the caller then hashes the key itself.
	KeyHash string
}

// ExpiresAt is when the entry stops being served.
func (e Entry[V]) ExpiresAt() time.Time { return e.StoredAt.Add(e.TTL) }

// Remaining is the lifetime left at now, never negative.
func (e Entry[V]) Remaining(now time.Time) time.Duration {
	return max(e.ExpiresAt().Sub(now), 0)
}

// Age is how long ago the entry was stored, at now.
func (e Entry[V]) Age(now time.Time) time.Duration { return max(now.Sub(e.StoredAt), 0) }
