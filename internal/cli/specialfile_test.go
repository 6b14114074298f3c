//go:build unix

package cli

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestSpecialFilesAreRefused: a FIFO or a device named as the template is
// an error, not a hang or an endless read.
func TestSpecialFilesAreRefused(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "template.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		code, _, errs := runMain("validate", path)
		if code != ExitUsage || !strings.Contains(errs, "not a regular file") {
			t.Errorf("validate %s = %d, %q; want 2 and \"not a regular file\"", path, code, errs)
		}
	}
}
