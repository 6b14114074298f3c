package gateway

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU, deferred before a benchmark's loop, reports the process's CPU
// time (user and system, GC included) per iteration as cpu-ns/op: on a
// shared machine, wall time per op also measures the neighbours.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
