package gateway

import (
	"math"
	"syscall"
)

// Limits bound what clients can make the front end hold (BAD-4, BAD-5).
// A zero field takes its default.
type Limits struct {
	// MaxConnections caps open client connections; one more is closed as
	// soon as it is accepted. Default: MaxConnectionsFor(OpenFileLimit(), 0).
	MaxConnections int
	// BodyBytes caps the bytes of request bodies over unbudgetedBodyBytes
	// held at once; a request whose body does not fit waits before its body
	// is read. Default: DefaultBodyBytes.
	BodyBytes int64
}

// DefaultBodyBytes admits six 10 MB bodies at once: with the garbage
// collector's headroom this keeps a flood of maximum-size bodies under
// about 150 MB of heap.
const DefaultBodyBytes = 64 << 20

// File descriptors MaxConnectionsFor keeps for everything but client
// connections.
const (
	// reservedFDs: standard streams, the listener, the poller, template and
	// source files, go build's pipes.
	reservedFDs = 64
	// fdsPerProcess: a function process's stdout and stderr pipes, its
	// Runtime API listener and connections, its pidfd, with room to spare.
	fdsPerProcess = 8
	// fdsPerConnection: the client's socket, and the backend connection an
	// http_proxy integration may hold for it.
	fdsPerConnection = 2
	// minConnections is the floor when the limit leaves less: apigw still
	// serves, and accept's backoff covers running out.
	minConnections = 16
	// maxConnections keeps the count in range when the limit is unlimited.
	maxConnections = 1 << 20
)

// MaxConnectionsFor is the default connection cap for an open-file limit
// and the number of function processes that may run at once:
// (limit - 64 - 8 × processes) / 2, at least 16.
func MaxConnectionsFor(fileLimit uint64, processes int) int {
	reserve := uint64(reservedFDs) + uint64(fdsPerProcess)*uint64(max(processes, 0))
	if fileLimit <= reserve {
		return minConnections
	}
	n := min((fileLimit-reserve)/fdsPerConnection, maxConnections)
	return max(int(n), minConnections)
}

// OpenFileLimit is the process's soft RLIMIT_NOFILE. The Go runtime has
// already raised it to the hard limit at start (package syscall does so on
// every Unix since Go 1.19, and restores the original for child
// processes), so apigw does not raise it itself.
func OpenFileLimit() uint64 {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return math.MaxUint64
	}
	return uint64(lim.Cur) // int64 on some BSDs
}

func (l Limits) withDefaults() Limits {
	if l.MaxConnections <= 0 {
		l.MaxConnections = MaxConnectionsFor(OpenFileLimit(), 0)
	}
	if l.BodyBytes <= 0 {
		l.BodyBytes = DefaultBodyBytes
	}
	return l
}
