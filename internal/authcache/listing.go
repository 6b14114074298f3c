package authcache

import (
	"context"
	"encoding/binary"
	"errors"
	"time"
)

// Listed is one record as a listing shows it (the admin API): the stage
// and authorizer it belongs to and a short hash naming it, never the raw
// key (it holds tokens).
type Listed struct {
	Stage      string
	Authorizer string
	// KeyHash is the entry's Key.Hash: the hash this process's request
	// records and log lines show (salted per process, so replicas name one
	// Redis entry differently).
	KeyHash string
	Record  Record
}

// Lister is a Store that can enumerate the records of its current
// generations. List does not check expiry (the Cache does, by its clock).
// It is for inspection: it may be slow, and is never on a request's path.
type Lister interface {
	List(ctx context.Context) ([]Listed, error)
}

// ErrNoListing: the Cache's store cannot enumerate its records.
var ErrNoListing = errors.New("authcache: the store cannot list its records")

// List returns the entries live at the Cache's clock, in no order. The
// records are the store's: shared, not to be modified.
func (c *Cache[V]) List(ctx context.Context) ([]Listed, error) {
	l, ok := c.store.(Lister)
	if !ok {
		return nil, ErrNoListing
	}
	all, err := l.List(ctx)
	if err != nil {
		return nil, err
	}
	now, live := c.now(), all[:0]
	for _, e := range all {
		if e.Record.liveAt(now) {
			live = append(live, e)
		}
	}
	return live, nil
}

// List returns the records of every stage's current generation, expired
// ones included.
func (m *Memory) List(context.Context) ([]Listed, error) {
	out := make([]Listed, 0, m.entries.EstimatedSize())
	for s, n := range m.entries.All() {
		stage, authorizer, ok := keyParts(s)
		if !ok || n.gen != m.gens.current(stage) {
			continue
		}
		out = append(out, Listed{
			Stage: stage, Authorizer: authorizer, KeyHash: Key{s: s}.Hash(),
			Record: Record{
				Raw: n.raw, Format: n.format, Principal: n.principal, Source: n.source, value: n.value,
				StoredAt: time.Unix(0, n.storedAt), TTL: time.Duration(n.expiresAt - n.storedAt),
			},
		})
	}
	return out, nil
}

// keyParts reads the stage and authorizer out of a key's encoding (NewKey).
func keyParts(s string) (stage, authorizer string, ok bool) {
	stage, rest, ok := cutPart(s)
	if !ok {
		return "", "", false
	}
	if authorizer, _, ok = cutPart(rest); !ok {
		return "", "", false
	}
	return stage, authorizer, true
}

// cutPart splits one length-prefixed part off s; the length must be in
// its shortest form, as NewKey writes it.
func cutPart(s string) (part, rest string, ok bool) {
	n, w := binary.Uvarint([]byte(s[:min(len(s), maxVarint)]))
	var tmp [maxVarint]byte
	if w <= 0 || w != binary.PutUvarint(tmp[:], n) || n > uint64(len(s)-w) {
		return "", "", false
	}
	return s[w : w+int(n)], s[w+int(n):], true
}
