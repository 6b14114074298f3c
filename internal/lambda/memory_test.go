package lambda

import (
	"os"
	"testing"
	"time"
)

// TestReportMaxMemoryReadsAtMostEvery100ms: a REPORT line's Max Memory
// Used is read from /proc the first time and then at most every
// memoryReadEvery; in between the last value stands.
func TestReportMaxMemoryReadsAtMostEvery100ms(t *testing.T) {
	t.Parallel()
	p := &process{pid: os.Getpid()}
	start := time.Unix(1_000_000, 0)
	p.reportMaxMemory(start)
	if p.maxUsedMB <= 0 || !p.memReadAt.Equal(start) {
		t.Fatalf("first read: %d MB at %v; want a value read at %v", p.maxUsedMB, p.memReadAt, start)
	}
	p.maxUsedMB = 1 // a read would replace it with this process's real peak
	p.reportMaxMemory(start.Add(memoryReadEvery - time.Millisecond))
	if p.maxUsedMB != 1 || !p.memReadAt.Equal(start) {
		t.Fatalf("within %v: %d MB read at %v; want no read", memoryReadEvery, p.maxUsedMB, p.memReadAt)
	}
	later := start.Add(memoryReadEvery)
	p.reportMaxMemory(later)
	if p.maxUsedMB <= 1 || !p.memReadAt.Equal(later) {
		t.Fatalf("after %v: %d MB read at %v; want a new read", memoryReadEvery, p.maxUsedMB, p.memReadAt)
	}
}
