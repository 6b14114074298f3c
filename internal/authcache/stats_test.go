package authcache

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestStatsCountFlushesAndEvictions: metrics read these counters; a
// flush (C-7) counts once per stage flushed, and the memory store counts
// the entries it drops to stay within MaxEntries, not those that expire.
func TestStatsCountFlushesAndEvictions(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	m, err := NewMemory(MemoryOptions{MaxEntries: 10, Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	c := newCache(t, m, clock)
	var calls atomic.Int64
	load := countingLoader(&calls, "v", time.Minute, nil)
	for i := range 200 {
		if _, _, err := c.Get(context.Background(), NewKey("prod", "A", []string{fmt.Sprint(i)}), load); err != nil {
			t.Fatal(err)
		}
	}
	flush(t, c, "prod")
	flush(t, c, "dev")
	if got := c.Stats().Flushes; got != 2 {
		t.Errorf("Flushes = %d; want 2", got)
	}
	deadline := time.Now().Add(time.Minute) // evictions are reported by otter's executor, after the write
	for c.Stats().Evictions < 150 && time.Now().Before(deadline) {
		m.entries.CleanUp()
		time.Sleep(time.Millisecond)
	}
	if got := c.Stats().Evictions; got < 150 || got > 200 {
		t.Errorf("Evictions = %d; want most of the 190 entries beyond MaxEntries 10", got)
	}
}
