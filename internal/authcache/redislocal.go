package authcache

import (
	"sync"
)

// localRecords is one store's in-process copy of what it read from Redis,
// keyed by the cache key (no hashing on a hit), and kept true by Redis's
// client-side caching: every key read is tracked by Redis, which sends an
// invalidation when it changes, expires or is evicted; invalidate drops
// the copy, and a broken connection drops them all. A read inserts only
// if no invalidation arrived since it began (epoch), so a copy is never
// newer in this map than the message that would remove it.
//
// It owns its records; their strings share memory with the client's
// replies.
type localRecords struct {
	mu      sync.RWMutex
	epoch   uint64
	max     int
	gens    map[string]string     // stage -> generation token
	genKeys map[string]string     // generation key name -> stage
	entries map[string]localEntry // Key.s -> entry
	names   map[string]string     // entry key name -> Key.s
}

type localEntry struct {
	rec  Record
	gen  string
	name string
}

func newLocalRecords(max int) *localRecords {
	return &localRecords{
		max: max, gens: map[string]string{}, genKeys: map[string]string{},
		entries: map[string]localEntry{}, names: map[string]string{},
	}
}

// get returns the copy of key's record if both it and its stage's
// generation are held and agree.
func (l *localRecords) get(key Key) (Record, bool) {
	l.mu.RLock()
	gen, okGen := l.gens[key.stage]
	e, ok := l.entries[key.s]
	l.mu.RUnlock()
	if !okGen || !ok || e.gen != gen {
		return Record{}, false
	}
	return e.rec, true
}

// begin returns the epoch a read starts in.
func (l *localRecords) begin() uint64 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.epoch
}

// keepGen records a stage's generation read in epoch, unless an
// invalidation arrived since.
func (l *localRecords) keepGen(epoch uint64, stage, genKey, gen string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if epoch == l.epoch {
		l.gens[stage], l.genKeys[genKey] = gen, stage
	}
}

// keep records an entry read in epoch, unless an invalidation arrived
// since. When full it drops an arbitrary entry (an extra read later).
func (l *localRecords) keep(epoch uint64, key Key, e localEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if epoch != l.epoch {
		return
	}
	if _, ok := l.entries[key.s]; !ok && len(l.entries) >= l.max {
		for k, old := range l.entries {
			delete(l.entries, k)
			delete(l.names, old.name)
			break
		}
	}
	k := key.own().s // key may borrow the caller's buffer (AppendKey)
	l.entries[k], l.names[e.name] = e, k
}

// invalidate drops the copies of the named Redis keys; names nil drops
// everything (the connection broke, or Redis flushed its tracking).
func (l *localRecords) invalidate(names []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.epoch++
	if names == nil {
		clear(l.gens)
		clear(l.genKeys)
		clear(l.entries)
		clear(l.names)
		return
	}
	for _, n := range names {
		if stage, ok := l.genKeys[n]; ok {
			delete(l.gens, stage)
			delete(l.genKeys, n)
		}
		if k, ok := l.names[n]; ok {
			delete(l.entries, k)
			delete(l.names, n)
		}
	}
}
