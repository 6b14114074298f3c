package lambda

import (
	"os"
	"strconv"
	"syscall"
	"unsafe"
)

// sysProcAttr puts the process in its own group and kills it should apigw
// die first.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// peakMemoryKB reads VmHWM, the peak resident set size, of pid. It runs
// once per invocation, so it reads with plain system calls (os.ReadFile
// would also register the file with the poller).
func peakMemoryKB(pid int) (int64, bool) {
	fd, err := syscall.Open("/proc/"+strconv.Itoa(pid)+"/status", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, false
	}
	defer syscall.Close(fd)
	var buf [4096]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil || n <= 0 {
		return 0, false
	}
	return statusField(buf[:n], "VmHWM:")
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
