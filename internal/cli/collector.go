package cli

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A serving apigw's garbage collector target follows its live heap. A
// gateway's live heap is small (the route table, the authorizer cache, the
// request history), and with Go's default GOGC of 100 the collector then
// runs every few megabytes of per-request garbage; while the heap is small
// apigw lets it grow up to headroom past what it holds (GOGC up to 400).
// Once the live heap is headroom or more (a flood of large request bodies,
// a very large authorizer cache) the target is Go's default again, so the
// memory bounds that assume it (gateway.DefaultBodyBytes) still hold.
// Measured on the cached-authorizer http_proxy path: 0.94x the CPU per
// request at GOGC 400. GOGC in the environment turns all this off.
const (
	headroom       = 32 << 20
	defaultPercent = 100
	maxPercent     = 400
)

// percentFor is the GOGC for a live heap of live bytes: the heap may grow
// to live+headroom, between Go's default (twice live) and maxPercent.
func percentFor(live uint64) int {
	if live == 0 {
		return maxPercent
	}
	return int(min(max(headroom*100/live, defaultPercent), maxPercent))
}

// tuneCollector starts following the live heap unless GOGC is in the
// environment (the runtime has read it then). It acts once per process;
// function processes are not affected (nothing is in their environment).
func tuneCollector(getenv func(string) string) {
	if getenv("GOGC") != "" {
		return
	}
	tuneOnce.Do(func() {
		t := &tuner{sample: []metrics.Sample{{Name: liveHeapMetric}}}
		t.afterCycle()
	})
}

var tuneOnce sync.Once

// liveHeapMetric is the heap the last cycle found live.
const liveHeapMetric = "/gc/heap/live:bytes"

// tuner sets GOGC after each collection from the live heap it found. Only
// the finalizer goroutine runs it, one cycle after another; it owns sample.
type tuner struct {
	sample  []metrics.Sample
	percent int
}

// cycleMark is garbage whose finalizer runs after the collection that
// found it unreachable: one per cycle, made by the previous one.
type cycleMark struct{ t *tuner }

// afterCycle sets the target for the heap found live and arms the next
// cycle's mark.
func (t *tuner) afterCycle() {
	metrics.Read(t.sample)
	live := uint64(0)
	if v := t.sample[0].Value; v.Kind() == metrics.KindUint64 {
		live = v.Uint64()
	}
	if p := percentFor(live); p != t.percent {
		t.percent = p
		debug.SetGCPercent(p)
	}
	runtime.SetFinalizer(&cycleMark{t: t}, func(m *cycleMark) { m.t.afterCycle() })
}
