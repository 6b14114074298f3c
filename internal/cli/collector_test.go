package cli

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercentFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		live uint64
		want int
	}{
		{"nothing measured yet", 0, maxPercent},
		{"a small heap: at most 400", 4 << 20, maxPercent},
		{"headroom past the live heap", 16 << 20, 200},
		{"at the headroom: Go's default", headroom, defaultPercent},
		{"a large heap (a body flood): Go's default", 200 << 20, defaultPercent},
	}
	for _, tc := range tests {
		if got := percentFor(tc.live); got != tc.want {
			t.Errorf("%s: percentFor(%d) = %d, want %d", tc.name, tc.live, got, tc.want)
		}
	}
}

// gogc reads the collector's current target.
func gogc() uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// collectUntil runs collections until cond holds (the tuner acts in the
// finalizer goroutine after a cycle); it fails after a minute.
func collectUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(time.Minute); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("no collection brought %s (GOGC %d)", what, gogc())
		}
		runtime.GC()
		runtime.Gosched()
	}
}

// Not parallel: it sets this process's collector target, as start-api
// does for apigw's.
func TestTuneCollectorFollowsTheLiveHeap(t *testing.T) {
	tuneCollector(func(string) string { return "" })
	collectUntil(t, "GOGC 400 for a small heap", func() bool { return gogc() == maxPercent })
	held := make([][]byte, 0, 64)
	for range 64 {
		held = append(held, make([]byte, 1<<20))
	}
	collectUntil(t, "Go's default with 64 MB live", func() bool { return gogc() == defaultPercent })
	runtime.KeepAlive(held)
	held = nil
	collectUntil(t, "GOGC 400 again once freed", func() bool { return gogc() == maxPercent })
}
