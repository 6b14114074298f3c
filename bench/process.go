package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type process struct {
	cmd *exec.Cmd
	url string
}

// listeningPrefix starts the line apigw (and the harness's own servers)
// print once they accept connections.
const listeningPrefix = "apigw listening on "

// startupTimeout bounds how long a server may take to come up.
const startupTimeout = 2 * time.Minute

// startAPIGWIn starts apigw with no template argument in dir (the demo when dir is empty).
func startAPIGWIn(c config, dir string) (*process, error) {
	cmd := c.pinned(c.apigw, "start-api", "--addr", "127.0.0.1:0")
	cmd.Dir = dir
	return start(c, cmd)
}

// start runs cmd in its own process group and waits for its listening
// line. Its stderr (apigw's log: a line per request) goes to a file, as a
// deployed server's would, not through a pipe this process must drain
// while it measures.
func start(c config, cmd *exec.Cmd) (*process, error) {
	log, err := os.CreateTemp(c.logs, "server-*.log")
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd.Stderr = log
	p, err := launch(cmd)
	if err != nil {
		return nil, err
	}
	if p.url, err = waitListening(log.Name()); err != nil {
		p.stop()
		return nil, fmt.Errorf("%s: %w", cmd.Path, err)
	}
	return p, nil
}

func launch(cmd *exec.Cmd) (*process, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &process{cmd: cmd}, nil
}

// startPolled runs cmd, its output to a file, and waits until url answers
// 200 (with headers).
func startPolled(c config, cmd *exec.Cmd, url string, headers ...string) (*process, error) {
	log, err := os.CreateTemp(c.logs, "server-*.log")
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	p, err := launch(cmd)
	if err != nil {
		return nil, err
	}
	if err := waitOK(url, headers); err != nil {
		p.stop()
		out, _ := os.ReadFile(log.Name())
		return nil, fmt.Errorf("%s: %w; its output: %s", cmd.Path, err, lastLines(string(out), 5))
	}
	p.url = url
	return p, nil
}

func waitOK(url string, headers []string) error {
	deadline := time.Now().Add(startupTimeout)
	for time.Now().Before(deadline) {
		if get(url, headers) == http.StatusOK {
			return nil
		}
		time.Sleep(250 * time.Millisecond) // polling a server that is starting, not synchronising a test
	}
	return fmt.Errorf("%s did not answer 200 within %v", url, startupTimeout)
}

func get(url string, headers []string) int {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body) //nolint:errcheck // only the status matters
	resp.Body.Close()
	return resp.StatusCode
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " | ")
}

// waitListening polls the log at path for the listening line and returns
// the URL it names.
func waitListening(path string) (string, error) {
	deadline := time.Now().Add(startupTimeout)
	var b []byte
	for time.Now().Before(deadline) {
		b, _ = os.ReadFile(path)
		complete := b[:bytes.LastIndexByte(b, '\n')+1] // a line still being written is not read
		for line := range strings.SplitSeq(string(complete), "\n") {
			if u, ok := strings.CutPrefix(line, listeningPrefix); ok {
				return strings.TrimSpace(u), nil
			}
		}
		time.Sleep(50 * time.Millisecond) // polling a server that is starting, not synchronising a test
	}
	return "", fmt.Errorf("did not print %q within %v; its output: %s", listeningPrefix, startupTimeout, lastLines(string(b), 5))
}

// stop ends the process's group: SIGTERM, then SIGKILL after 10 s.
func (p *process) stop() {
	pg := -p.cmd.Process.Pid
	_ = syscall.Kill(pg, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(pg, syscall.SIGKILL)
	}
}

// rss reads a process's resident set size from /proc.
func rss(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}

// freePort returns a port free on 127.0.0.1 right now.
func freePort() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "0"
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// goBuild builds pkg without cgo, as sam build does for Go functions (and
// as apigw builds them); a cgo binary's os.Setenv goes through libc.
func goBuild(out, pkg string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stderr = os.Stderr
	return cmd.Run()
}
