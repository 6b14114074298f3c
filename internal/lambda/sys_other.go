//go:build !linux

package lambda

import (
	"os"
	"syscall"
)

func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// peakMemoryKB is unknown without /proc.
func peakMemoryKB(int) (int64, bool) { return 0, false }

// unread cannot look into a pipe here; output may trail END lines.
func unread(*os.File) int { return 0 }

// awaitExit cannot wait without reaping here; the group is killed after.
func awaitExit(int) error { return nil }
