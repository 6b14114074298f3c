package authcache

import (
	"maps"
	"sync"
	"sync/atomic"
)

// generations counts flushes per stage. Reads are lock-free and do not
// allocate: the stage map is copied on write (stages are few and new ones
// rare), and each counter is atomic.
type generations struct {
	mu     sync.Mutex // serialises writers of m
	stages atomic.Pointer[map[string]*atomic.Uint64]
}

// current returns the flush count of stage (0 if it was never flushed).
func (g *generations) current(stage string) uint64 {
	m := g.stages.Load()
	if m == nil {
		return 0
	}
	if c, ok := (*m)[stage]; ok {
		return c.Load()
	}
	return 0
}

// bump advances the flush count of stage.
func (g *generations) bump(stage string) {
	if m := g.stages.Load(); m != nil {
		if c, ok := (*m)[stage]; ok {
			c.Add(1)
			return
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	next := map[string]*atomic.Uint64{}
	if old := g.stages.Load(); old != nil {
		next = maps.Clone(*old)
	}
	c, ok := next[stage]
	if !ok {
		c = new(atomic.Uint64)
		next[stage] = c
	}
	c.Add(1)
	g.stages.Store(&next)
}
