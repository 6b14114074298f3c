package lambda

import (
	"cmp"
	"io"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// peakMemoryKB reads VmHWM, the peak resident set size, of pid. It runs
// once per invocation, so it reads with readProc.
func peakMemoryKB(pid int) (int64, bool) {
	var buf [4096]byte
	b, ok := readProc("/proc/"+strconv.Itoa(pid)+"/status", buf[:])
	if !ok {
		return 0, false
	}
	return statusField(b, "VmHWM:")
}

// pipeQueue counts the bytes waiting in a pipe (TIOCINQ) without an
// allocation per count: the pipe's raw conn and the function its Control
// runs are made once. One goroutine at a time counts.
type pipeQueue struct {
	rc  syscall.RawConn // nil: the pipe cannot be asked; it counts 0
	n   int32
	ask func(fd uintptr)
}

func newPipeQueue(f *os.File) *pipeQueue {
	q := &pipeQueue{}
	if rc, err := f.SyscallConn(); err == nil {
		q.rc = rc
	}
	q.ask = func(fd uintptr) {
		syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCINQ, uintptr(unsafe.Pointer(&q.n)))
	}
	return q
}

// unread returns how many bytes wait in the pipe.
func (q *pipeQueue) unread() int {
	if q.rc == nil {
		return 0
	}
	q.n = 0
	q.rc.Control(q.ask) //nolint:errcheck // an error leaves n at 0
	return int(q.n)
}

// readRaising reads the pipe f once, raising flag just before each
// read(2) that may take bytes out of it (and lowering it again when the
// pipe was empty), as Read would otherwise only after the bytes left.
func readRaising(f *os.File, q *pipeQueue, p []byte, flag *atomic.Bool) (int, error) {
	if q.rc == nil {
		flag.Store(true)
		return f.Read(p)
	}
	var n int
	var rerr error
	err := q.rc.Read(func(fd uintptr) bool {
		flag.Store(true)
		n, rerr = readFD(fd, p)
		if rerr == syscall.EAGAIN {
			flag.Store(false)
			return false // wait until the pipe is readable
		}
		return true
	})
	return pipeResult(n, p, cmp.Or(err, rerr))
}

// readFD is read(2), retried when a signal interrupted it.
func readFD(fd uintptr, p []byte) (int, error) {
	for {
		n, err := syscall.Read(int(fd), p)
		if err != syscall.EINTR {
			return n, err
		}
	}
}

// pipeResult is a raw read's result as io.Reader gives it: no negative
// count, io.EOF at the end of the pipe.
func pipeResult(n int, p []byte, err error) (int, error) {
	if n < 0 {
		n = 0
	}
	if n == 0 && err == nil && len(p) > 0 {
		err = io.EOF
	}
	return n, err
}

// Linux waitid(2) arguments.
const (
	pPID    = 1          // P_PID
	wNoWait = 0x01000000 // WNOWAIT
)

// awaitExit blocks until pid has exited and leaves it unreaped.
func awaitExit(pid int) error {
	var info [128]byte // siginfo_t
	for {
		_, _, e := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid), uintptr(unsafe.Pointer(&info[0])), syscall.WEXITED|wNoWait, 0, 0)
		if e != syscall.EINTR {
			if e != 0 {
				return e
			}
			return nil
		}
	}
}
