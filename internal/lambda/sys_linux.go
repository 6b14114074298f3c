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

// peakMemoryKB reads VmHWM, the peak resident set size, of pid.
func peakMemoryKB(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
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
