package gateway

import (
	"math"
	"syscall"
	"testing"
)

// TestMaxConnectionsFor pins the default cap's formula (BAD-4): the
// open-file limit less 64 and 8 per function process, halved for the
// backend connection each client connection may hold.
func TestMaxConnectionsFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		limit     uint64
		processes int
		want      int
	}{
		{"demo under ulimit -n 1024", 1024, 0, 480},
		{"four functions, 10 processes each", 1024, 40, 320},
		{"this machine's default", 20000, 40, 9808},
		{"limit below the reserve: the floor", 100, 40, 16},
		{"unlimited", math.MaxUint64, 10, 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := MaxConnectionsFor(tt.limit, tt.processes); got != tt.want {
				t.Fatalf("MaxConnectionsFor(%d, %d) = %d; want %d", tt.limit, tt.processes, got, tt.want)
			}
		})
	}
}

// TestOpenFileLimitIsRaised: the Go runtime has raised the soft limit to
// the hard one (less one, its marker), so apigw need not.
func TestOpenFileLimitIsRaised(t *testing.T) {
	t.Parallel()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if uint64(lim.Max) == math.MaxUint64 {
		t.Skip("no hard limit: the runtime applies the system's own cap")
	}
	if got := OpenFileLimit(); got < uint64(lim.Max)-1 {
		t.Fatalf("soft RLIMIT_NOFILE %d; want the hard limit %d (or one less)", got, lim.Max)
	}
}
