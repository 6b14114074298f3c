package main

import (
	"bufio"
	"context"
	"fmt"
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

const listeningPrefix = "apigw listening on "

func startAPIGW(c config, template string) (*process, error) {
	return start(exec.Command(c.apigw, "start-api", template, "--addr", "127.0.0.1:0"))
}

// startAPIGWIn starts apigw with no template argument in dir (the demo when dir is empty).
func startAPIGWIn(c config, dir string) (*process, error) {
	cmd := exec.Command(c.apigw, "start-api", "--addr", "127.0.0.1:0")
	cmd.Dir = dir
	return start(cmd)
}

func start(cmd *exec.Cmd) (*process, error) {
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd}
	url, err := waitListening(stderr)
	if err != nil {
		p.stop()
		return nil, err
	}
	p.url = url
	return p, nil
}

func waitListening(stderr interface{ Read([]byte) (int, error) }) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), listeningPrefix); ok {
				found <- strings.TrimSpace(u)
			}
		}
	}()
	select {
	case u := <-found:
		return u, nil
	case <-ctx.Done():
		return "", fmt.Errorf("apigw did not print %q", listeningPrefix)
	}
}

func (p *process) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
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

func goBuild(out, pkg string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Stderr = os.Stderr
	return cmd.Run()
}
