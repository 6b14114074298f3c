package bootstrap_test

import (
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
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		api.events <- invocation{id: "bench-" + strconv.Itoa(i), body: []byte(oneKBEvent), deadline: deadline}
		if o := api.await(b, p); o.kind != kindResponse {
			b.Fatalf("invocation %d gave %s: %s", i, o.kind, o.body)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/op")
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
