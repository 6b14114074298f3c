package record

import (
	"sync"
	"sync/atomic"
)

// DefaultHistory is how many records a Ring keeps unless told (--history).
const DefaultHistory = 1000

// Ring keeps the most recent records and hands each new one to
// subscribers. It owns its slots: Add copies the Record in; readers get
// copies. Safe for concurrent use.
type Ring struct {
	mu    sync.Mutex
	slots []Record
	next  uint64 // records ever added
	subs  map[*Subscription]struct{}
	// dropped counts records a slow subscriber missed.
	dropped atomic.Uint64
}

// Subscription receives every record added after Subscribe, until Cancel.
// A subscriber that falls behind its buffer misses records (counted by
// Ring.Dropped) rather than slowing requests.
type Subscription struct {
	C    <-chan Record
	c    chan Record
	ring *Ring
}

// NewRing keeps the last n records; n ≤ 0 keeps none (history off), but
// subscribers still receive records.
func NewRing(n int) *Ring {
	return &Ring{slots: make([]Record, max(n, 0)), subs: map[*Subscription]struct{}{}}
}

// Add keeps r and offers it to each subscriber without waiting.
func (g *Ring) Add(r *Record) {
	g.mu.Lock()
	if len(g.slots) > 0 {
		g.slots[g.next%uint64(len(g.slots))] = *r
	}
	g.next++
	for s := range g.subs {
		select {
		case s.c <- *r:
		default:
			g.dropped.Add(1)
		}
	}
	g.mu.Unlock()
}

// Recent returns up to n records, newest first (n ≤ 0: all kept).
func (g *Ring) Recent(n int) []Record {
	g.mu.Lock()
	defer g.mu.Unlock()
	kept := min(g.next, uint64(len(g.slots)))
	if n <= 0 || uint64(n) > kept {
		n = int(kept)
	}
	out := make([]Record, 0, n)
	for i := uint64(1); i <= uint64(n); i++ {
		out = append(out, g.slots[(g.next-i)%uint64(len(g.slots))])
	}
	return out
}

// Get returns the kept record of a request id.
func (g *Ring) Get(requestID string) (Record, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i := range g.slots {
		if g.slots[i].RequestID == requestID && requestID != "" {
			return g.slots[i], true
		}
	}
	return Record{}, false
}

// Subscribe starts a subscription with a buffer of size records.
func (g *Ring) Subscribe(size int) *Subscription {
	c := make(chan Record, max(size, 1))
	s := &Subscription{C: c, c: c, ring: g}
	g.mu.Lock()
	g.subs[s] = struct{}{}
	g.mu.Unlock()
	return s
}

// Cancel ends the subscription and closes C.
func (s *Subscription) Cancel() {
	s.ring.mu.Lock()
	defer s.ring.mu.Unlock()
	if _, ok := s.ring.subs[s]; ok {
		delete(s.ring.subs, s)
		close(s.c)
	}
}

// Dropped counts records subscribers missed because they fell behind.
func (g *Ring) Dropped() uint64 { return g.dropped.Load() }

// Total counts records ever added.
func (g *Ring) Total() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.next
}
