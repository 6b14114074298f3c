package e2e

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestGracefulShutdown: SIGTERM lets the request in flight finish with its
// real answer, then apigw exits 0 and no function process outlives it.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/shutdown/template.yaml")
	warm := s.get(t, "GET", "/hold")
	pid := pidOf(t, warm)
	release := filepath.Join(t.TempDir(), "release")
	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Get(s.url + "/hold?until=" + url.QueryEscape(release))
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, string(b), err}
	}()
	s.waitFor(func() bool { return s.startsLocked("HoldFunction") == 2 })
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	s.waitFor(func() bool { return s.hasLine("apigw shutting down") })
	if err := os.WriteFile(release, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.status != 200 {
		t.Fatalf("in-flight request during shutdown: got %d %q %v; want 200 from the function\n%s", r.status, r.body, r.err, s.logText())
	}
	if err := s.cmd.Wait(); err != nil {
		t.Fatalf("apigw after SIGTERM: %v; want exit status 0\n%s", err, s.logText())
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Fatalf("function process %d after apigw exited: kill(0) = %v; want ESRCH (gone)", pid, err)
	}
}

func pidOf(t *testing.T, r reply) int {
	t.Helper()
	var b struct{ PID int }
	if r.status != 200 || json.Unmarshal([]byte(r.body), &b) != nil || b.PID == 0 {
		t.Fatalf("got %d %s; want 200 with the function's pid", r.status, r.body)
	}
	return b.PID
}
