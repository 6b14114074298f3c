package authcache

import (
	"context"

	"golang.org/x/sync/singleflight"
)

type flight[V any] struct {
	entry  Entry[V]
	status Status
}

// Load runs load for key under single flight: concurrent loads of one key
// run it once and share its result, and a load error is returned to every
// waiter with nothing stored (C-4). after is the status Peek gave: after
// Unavailable the store is not asked again and the result is not stored
// (fail closed: decided by a fresh call, single-flight per key in this
// process).
func (c *Cache[V]) Load(ctx context.Context, key Key, load Loader[V], after Status) (Entry[V], Status, error) {
	key = key.own() // the load may outlive the caller's buffer (AppendKey)
	group, fill := &c.group, c.fill
	if after == Unavailable {
		group, fill = &c.fresh, c.freshFill
	}
	leader := false
	ch := group.DoChan(key.s, func() (any, error) {
		leader = true
		return fill(context.WithoutCancel(ctx), key, load)
	})
	if c.joined != nil {
		c.joined()
	}
	select {
	case <-ctx.Done():
		return Entry[V]{}, Miss, ctx.Err()
	case r := <-ch:
		return c.landed(r, leader)
	}
}

func (c *Cache[V]) landed(r singleflight.Result, leader bool) (Entry[V], Status, error) {
	if r.Err != nil {
		return Entry[V]{}, Miss, r.Err
	}
	f := r.Val.(flight[V])
	if !leader && f.status == Miss {
		f.status = Shared
	}
	return f.entry, f.status, nil
}

// fill runs under single flight: it checks the store again (a load that
// finished just before this one started may have stored the entry), reads
// the stage's generation, runs the loader and stores its result unless
// the stage was flushed meanwhile (the store checks that atomically). A
// store that fails on the way turns the fill into a fresh call.
func (c *Cache[V]) fill(ctx context.Context, key Key, load Loader[V]) (flight[V], error) {
	e, st, _ := c.Peek(ctx, key, c.now())
	if st == Hit {
		return flight[V]{entry: e, status: Hit}, nil
	}
	if st == Unavailable {
		return c.freshFill(ctx, key, load)
	}
	gen, err := c.store.Generation(ctx, key.stage)
	if err != nil {
		c.stats.storeFailed(err)
		return c.freshFill(ctx, key, load)
	}
	l, err := safeLoad(ctx, load)
	if err != nil {
		return flight[V]{}, err
	}
	stored, st := c.put(ctx, key, gen, l)
	return flight[V]{entry: stored, status: st}, nil
}

// put stores what load produced, if it is to be stored, and returns it as
// an entry with the status it got: Miss, or Unavailable when the store
// failed to take it.
func (c *Cache[V]) put(ctx context.Context, key Key, gen Generation, l Loaded[V]) (Entry[V], Status) {
	rec := Record{
		Raw: l.Raw, Format: l.Format, Principal: l.Principal, Source: l.Source,
		StoredAt: c.now(), TTL: max(l.TTL, 0), value: l.Value, keyHash: key.Hash(),
	}
	e := Entry[V]{Value: l.Value, Source: l.Source, StoredAt: rec.StoredAt, TTL: rec.TTL, KeyHash: rec.keyHash}
	if rec.TTL == 0 {
		return e, Miss
	}
	stored, err := c.store.Put(ctx, key, gen, rec)
	if err != nil {
		c.stats.storeFailed(err)
		e.TTL = 0
		return e, Unavailable
	}
	if !stored {
		c.stats.discarded.Add(1)
	}
	return e, Miss
}

// freshFill is a load while the store is unavailable: nothing is read from
// it and nothing is stored.
func (c *Cache[V]) freshFill(ctx context.Context, key Key, load Loader[V]) (flight[V], error) {
	c.stats.fresh.Add(1)
	l, err := safeLoad(ctx, load)
	if err != nil {
		c.stats.freshFailed.Add(1)
		return flight[V]{}, err
	}
	e := Entry[V]{Value: l.Value, Source: l.Source, StoredAt: c.now(), KeyHash: key.Hash()}
	return flight[V]{entry: e, status: Unavailable}, nil
}
