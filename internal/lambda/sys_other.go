//go:build !linux

package lambda

import (
	"fmt"
	"os"
	"sync/atomic"
	"syscall"

	"github.com/apigw/apigw/internal/runtimeapi"
)

func sysProcAttr(Sandbox) *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// peakMemoryKB is unknown without /proc.
func peakMemoryKB(int) (int64, bool) { return 0, false }

// pipeQueue cannot look into a pipe here; output may trail END lines.
type pipeQueue struct{}

func newPipeQueue(*os.File) *pipeQueue { return &pipeQueue{} }

func (*pipeQueue) unread() int { return 0 }

// readRaising reads f, raising flag once the bytes left the pipe (unread
// cannot see them here either way).
func readRaising(f *os.File, _ *pipeQueue, p []byte, flag *atomic.Bool) (int, error) {
	n, err := f.Read(p)
	flag.Store(n > 0)
	return n, err
}

// awaitExit cannot wait without reaping here; the group is killed after.
func awaitExit(int) error { return nil }

// DetectSandbox: only Linux has a sandbox init; functions start as apigw's
// children and any local process can reach their Runtime API.
func DetectSandbox([]string) (Sandbox, string) {
	return Sandbox{}, "function isolation: none on this system: functions run as apigw's user and any local process can reach their Runtime API"
}

// SandboxInit exists only on Linux.
func SandboxInit([]string) int {
	fmt.Fprintln(os.Stderr, "apigw sandbox: not supported on this system")
	return 2
}

// readStatus: there is no init to report.
func readStatus(f *os.File) (string, string, bool) {
	f.Close()
	return "", "", false
}

// gate: without /proc no connection can be traced to its process.
func (p *process) gate(fnLog) runtimeapi.Gate { return nil }
