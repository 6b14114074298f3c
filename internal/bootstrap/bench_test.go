package bootstrap_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// oneKBEvent is a TOKEN authorizer event padded to about 1 KB.
var oneKBEvent = `{"type":"TOKEN","authorizationToken":"allow","methodArn":"` + seedMethodARN +
	`","padding":"` + strings.Repeat("x", 1024-len(seedEvent("allow"))-15) + `"}`

// benchmarkWarm measures one warm invocation round trip: the event leaves the
// Runtime API, the handler runs, and its result is posted back.
func benchmarkWarm(b *testing.B, rt runtimeKind, handler string) {
	api, p := launch(b, rt, handler)
	api.send("warm-up", oneKBEvent)
	if o := api.await(b, p); o.kind != kindResponse {
		b.Fatalf("warm-up gave %s: %s", o.kind, o.body)
	}
	deadline := time.Now().Add(time.Hour)
	cpuBefore, cpuErr := cpuTime(p.cmd.Process.Pid)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		api.events <- invocation{id: "bench-" + strconv.Itoa(i), body: []byte(oneKBEvent), deadline: deadline}
		if o := api.await(b, p); o.kind != kindResponse {
			b.Fatalf("invocation %d gave %s: %s", i, o.kind, o.body)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/op")
	if cpuAfter, err := cpuTime(p.cmd.Process.Pid); err == nil && cpuErr == nil {
		b.ReportMetric(float64((cpuAfter-cpuBefore).Microseconds())/float64(b.N), "runtime-cpu-µs/op")
	}
}

// cpuTime is the user plus system CPU time a process has used, from
// /proc/PID/stat (Linux; clock ticks of 10 ms). Unlike wall time it does not
// grow when other processes load the machine.
func cpuTime(pid int) (time.Duration, error) {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// Fields after the parenthesised command name; utime and stime are the
	// 12th and 13th of them.
	fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("short /proc stat: %q", raw)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

func BenchmarkNodeWarmInvokeSeedCallback(b *testing.B) {
	benchmarkWarm(b, nodeRuntime, "seed.handler")
}

func BenchmarkNodeWarmInvokeAsync(b *testing.B) {
	benchmarkWarm(b, nodeRuntime, "handlers.echoAsync")
}

func BenchmarkNodeWarmInvokeESM(b *testing.B) {
	benchmarkWarm(b, nodeRuntime, "esm.handler")
}

func BenchmarkPythonWarmInvoke(b *testing.B) {
	benchmarkWarm(b, pythonRuntime, "app.ok")
}
