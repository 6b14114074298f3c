package lambda

import (
	"os"
	"strconv"
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

// unread returns how many bytes wait in the pipe f.
func unread(f *os.File) int {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0
	}
	var n int32
	rc.Control(func(fd uintptr) { //nolint:errcheck // an error leaves n at 0
		syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
	})
	return int(n)
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
