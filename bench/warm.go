package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// The warm round trip is one invocation through a function's pool: the
// event handed to a warm process over the Runtime API and its answer
// taken back, as internal/lambda's BenchmarkWarm measures it (an
// aws-lambda-go function, the Node bootstrap, and a minimal Runtime API
// client as the floor). The harness runs that benchmark twice: on the
// servers' core, where the ratio table's servers and their function
// processes run, and unpinned, where the kernel spreads gateway and
// function over every core. Where an idle core halts, the two differ by
// the cross-core wake-ups the wake-up probe prices.
const (
	warmRow     = "warm round trip through a function's pool"
	warmBench   = "BenchmarkWarm$"
	warmCalls   = "3000x"
	warmPackage = "./internal/lambda"
)

// warmTrip is one function's latencies, in µs.
type warmTrip struct {
	name     string
	p50, p99 float64
}

// warmRun is one placement's trips, or why it was not measured.
type warmRun struct {
	trips []warmTrip
	err   error
}

func (r warmRun) String() string {
	if r.err != nil {
		return "not measured: " + r.err.Error()
	}
	parts := make([]string, 0, len(r.trips))
	for _, t := range r.trips {
		parts = append(parts, fmt.Sprintf("%s %.0f/%.0f", t.name, t.p50, t.p99))
	}
	return strings.Join(parts, ", ")
}

// warmReport is the benchmark on the servers' core (when pinning) and
// unpinned.
type warmReport struct {
	pinned, spread warmRun
	pin            bool
}

func (r warmReport) String() string {
	s := fmt.Sprintf("%s (BenchmarkWarm, %s calls, p50/p99 µs): ", warmRow, strings.TrimSuffix(warmCalls, "x"))
	if r.pin {
		s += "on the servers' core: " + r.pinned.String() + "; "
	}
	return s + "unpinned: " + r.spread.String()
}

// measureWarm builds the benchmark's test binary once and runs it in both
// placements.
func measureWarm(c config) warmReport {
	r := warmReport{pin: c.pin}
	bin := filepath.Join(c.work, "lambda.test")
	if err := exec.Command("go", "test", "-c", "-o", bin, warmPackage).Run(); err != nil {
		err = fmt.Errorf("go test -c %s: %w", warmPackage, err)
		r.pinned.err, r.spread.err = err, err
		return r
	}
	args := []string{"-test.run", "^$", "-test.bench", warmBench, "-test.benchtime", warmCalls}
	if c.pin {
		r.pinned = runWarm(exec.Command("taskset", append([]string{"-c", serverCPU, bin}, args...)...))
	}
	r.spread = runWarm(exec.Command(bin, args...))
	return r
}

// runWarm runs the test binary in its package's folder (its testdata)
// and reads the trips it reports.
func runWarm(cmd *exec.Cmd) warmRun {
	cmd.Dir = warmPackage
	out, err := cmd.Output()
	if err != nil {
		return warmRun{err: fmt.Errorf("%s: %w", warmBench, err)}
	}
	trips := parseWarm(out)
	if len(trips) == 0 {
		return warmRun{err: fmt.Errorf("%s reported no latencies", warmBench)}
	}
	return warmRun{trips: trips}
}

// parseWarm reads the p50-µs and p99-µs metrics of each line of a direct
// sub-benchmark of BenchmarkWarm ("BenchmarkWarm/BenchGo-2  3000  99994
// ns/op  97.00 p50-µs  180.0 p99-µs"); deeper names are not its.
func parseWarm(out []byte) []warmTrip {
	var trips []warmTrip
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		name, ok := strings.CutPrefix(f[0], "BenchmarkWarm/")
		if !ok || strings.Contains(name, "/") {
			continue
		}
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // the GOMAXPROCS suffix
		}
		t := warmTrip{name: name, p50: metric(f, "p50-µs"), p99: metric(f, "p99-µs")}
		if t.p50 > 0 && t.name != "" {
			trips = append(trips, t)
		}
	}
	return trips
}

// metric is the value before unit in a benchmark line's fields, or 0.
func metric(f []string, unit string) float64 {
	for i := 1; i < len(f); i++ {
		if f[i] == unit {
			v, _ := strconv.ParseFloat(f[i-1], 64)
			return v
		}
	}
	return 0
}

// measureWarmIf measures the warm round trip unless -only leaves it out
// (nil then).
func measureWarmIf(c config) *warmReport {
	if c.only != nil && !c.only.MatchString(warmRow) {
		return nil
	}
	r := measureWarm(c)
	return &r
}
