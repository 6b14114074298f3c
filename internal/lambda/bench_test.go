package lambda

import (
	"context"
	"encoding/json"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
)

// event1KB is a 1 KB event the Go test function answers with its pid.
var event1KB = func() []byte {
	b, _ := json.Marshal(map[string]string{"action": "pid", "pad": strings.Repeat("x", 1000)})
	return b
}()

func nodeBenchFn(b *testing.B) *api.Function {
	dir, _ := filepath.Abs("testdata/functions/node")
	return &api.Function{LogicalID: "BenchNode", Runtime: "nodejs20.x", Handler: "index.info", CodeDir: dir, Timeout: 10}
}

// rawClientFn is a minimal Runtime API client built from source by the
// pool on first use: the floor of the pool's own round trip.
func rawClientFn() *api.Function {
	dir, _ := filepath.Abs("testdata/functions/rawclient")
	return &api.Function{LogicalID: "BenchRaw", Runtime: "provided.al2023", Handler: "bootstrap", CodeDir: dir, BuildMethod: "go1.x", Timeout: 10}
}

// BenchmarkWarm is one invocation of a warm process with a 1 KB event:
// pool, Runtime API and the runtime's own round trip.
func BenchmarkWarm(b *testing.B) {
	for _, fn := range []*api.Function{goFn("BenchGo"), nodeBenchFn(b), rawClientFn()} {
		b.Run(fn.LogicalID, func(b *testing.B) {
			_, p := newRunner(b, fn, Options{})
			ctx := context.Background()
			if _, err := p.Invoke(ctx, event1KB); err != nil {
				b.Fatal(err)
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				if _, err := p.Invoke(ctx, event1KB); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			reportP50(b, lat)
		})
	}
}

// BenchmarkWarmLogged is BenchmarkWarm's raw client with its log kept:
// START, END and REPORT per invocation, as a serving apigw writes them.
func BenchmarkWarmLogged(b *testing.B) {
	_, p := newRunner(b, rawClientFn(), Options{Log: lineSink{}})
	ctx := context.Background()
	if _, err := p.Invoke(ctx, event1KB); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Invoke(ctx, event1KB); err != nil {
			b.Fatal(err)
		}
	}
}

// lineSink drops what is written, but is not io.Discard: the pool
// builds and writes its lines.
type lineSink struct{}

func (lineSink) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkCold is process start to first response.
func BenchmarkCold(b *testing.B) {
	for _, fn := range []*api.Function{goFn("ColdGo"), nodeBenchFn(b)} {
		b.Run(fn.Runtime, func(b *testing.B) {
			_, p := newRunner(b, fn, Options{MaxConcurrency: 1})
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				if _, err := p.Invoke(context.Background(), event1KB); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				b.StopTimer()
				p.reap(time.Now().Add(time.Hour)) // make the next call cold
				for p.liveCount() > 0 {
					time.Sleep(time.Millisecond)
				}
				b.StartTimer()
			}
			reportP50(b, lat)
		})
	}
}

// BenchmarkIdleMemory reports the heap the runner holds with ten warm,
// idle processes of one function (the processes' own memory excluded).
func BenchmarkIdleMemory(b *testing.B) {
	for range b.N {
		before := heapInUse()
		r, err := NewRunner(map[string]*api.Function{"Mem": goFn("Mem")}, Options{CacheDir: testCacheDir})
		if err != nil {
			b.Fatal(err)
		}
		p, _ := r.Function("Mem")
		var wg sync.WaitGroup
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p.Invoke(context.Background(), []byte(`{"action":"sleep","ms":50}`)) //nolint:errcheck // measured below
			}()
		}
		wg.Wait()
		b.ReportMetric(float64(heapInUse()-before)/(1<<20), "idle-MB")
		b.ReportMetric(float64(p.liveCount()), "processes")
		if err := r.Close(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}

func reportP50(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
