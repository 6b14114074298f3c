package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

type loadResult struct {
	name     string
	rps      float64
	p50, p99 time.Duration
	requests int64 // completed in the run
	// server and backend are the CPU time the target's server (with its
	// child processes) and its backend used during the run.
	server, backend cpuTime
	profiled        bool // apigw was profiled during the run
}

// runWrk drives url with conns connections for d and parses wrk's
// summary; wrk runs on the load generator's core when pinning.
func runWrk(c config, t target, conns int, d time.Duration) (loadResult, error) {
	args := []string{"-t1", "-c", strconv.Itoa(conns), "-d", d.String(), "--latency"}
	for _, h := range t.headers {
		args = append(args, "-H", h)
	}
	cmd := exec.Command("wrk", append(args, t.url)...)
	if c.pin {
		cmd = exec.Command("taskset", append([]string{"-c", loadCPU, "wrk"}, append(args, t.url)...)...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return loadResult{}, fmt.Errorf("wrk %s: %w\n%s", t.name, err, out)
	}
	return parseWrk(t.name, out)
}

func parseWrk(name string, out []byte) (loadResult, error) {
	r := loadResult{name: name}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) >= 3 && f[1] == "requests" && f[2] == "in":
			r.requests, _ = strconv.ParseInt(f[0], 10, 64)
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			r.p50 = parseWrkDuration(f[1])
		case len(f) == 2 && f[0] == "99%":
			r.p99 = parseWrkDuration(f[1])
		case strings.HasPrefix(sc.Text(), "  Non-2xx or 3xx responses:"):
			return r, fmt.Errorf("wrk %s: %s", name, strings.TrimSpace(sc.Text()))
		}
	}
	if r.rps == 0 {
		return r, fmt.Errorf("wrk %s: no Requests/sec in output:\n%s", name, out)
	}
	return r, nil
}

// parseWrkDuration reads wrk's "123.45us", "1.20ms", "2.00s".
func parseWrkDuration(s string) time.Duration {
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return time.Duration(f * float64(u.unit))
		}
	}
	return 0
}

func numCPU() int { return runtime.NumCPU() }
