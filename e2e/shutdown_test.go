package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestGracefulShutdown: SIGTERM lets the request in flight finish with its
// real answer, then apigw exits 0 and no function process outlives it.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/shutdown/template.yaml")
	warm := s.get(t, "GET", "/hold")
	stream := streamOf(t, warm)
	if len(processesOf(stream)) == 0 {
		t.Fatalf("no process found with the function's log stream %q", stream)
	}
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
	s.waitFor(func() bool { return s.hasLineLocked("apigw shutting down") })
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
	if left := processesOf(stream); len(left) > 0 {
		t.Fatalf("function processes %v outlive apigw", left)
	}
}

func streamOf(t *testing.T, r reply) string {
	t.Helper()
	var b struct{ Stream string }
	if r.status != 200 || json.Unmarshal([]byte(r.body), &b) != nil || b.Stream == "" {
		t.Fatalf("got %d %s; want 200 with the function's log stream", r.status, r.body)
	}
	return b.Stream
}

// processesOf lists the live processes (zombies aside) whose environment
// holds AWS_LAMBDA_LOG_STREAM_NAME=stream: one function process and what
// runs with it, in whatever pid namespace (as root apigw gives each its
// own, so the pid the function sees is not this test's).
func processesOf(stream string) []string {
	want := "AWS_LAMBDA_LOG_STREAM_NAME=" + stream
	paths, _ := filepath.Glob("/proc/[0-9]*/environ")
	var pids []string
	for _, p := range paths {
		env, err := os.ReadFile(p)
		dir := filepath.Dir(p)
		stat, _ := os.ReadFile(filepath.Join(dir, "stat"))
		zombie := bytes.Contains(stat, []byte(") Z "))
		if err == nil && !zombie && slices.Contains(strings.Split(string(env), "\x00"), want) {
			pids = append(pids, filepath.Base(dir))
		}
	}
	return pids
}
