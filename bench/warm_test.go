package main

import (
	"slices"
	"strings"
	"testing"
)

func TestParseWarm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		out  string
		want []warmTrip
	}{
		{"one core: no GOMAXPROCS suffix",
			"goos: linux\nBenchmarkWarm/BenchGo   \t    3000\t     99994 ns/op\t        97.00 p50-µs\t       180.0 p99-µs\n",
			[]warmTrip{{"BenchGo", 97, 180}}},
		{"two cores, several functions",
			"BenchmarkWarm/BenchGo-2 3000 223867 ns/op 221.0 p50-µs 481.0 p99-µs\nBenchmarkWarm/BenchRaw-2 3000 33120 ns/op 25.00 p50-µs 72.00 p99-µs\nPASS\n",
			[]warmTrip{{"BenchGo", 221, 481}, {"BenchRaw", 25, 72}}},
		{"a deeper sub-benchmark is not a function's",
			"BenchmarkWarm/BenchmarkWarm/ 1 p50-µs\nBenchmarkWarm/BenchGo/x-2 3000 1 ns/op 5.0 p50-µs\n",
			nil},
		{"other benchmarks and lines without a p50 are left out",
			"BenchmarkWarmLogged-2 1000 30000 ns/op\nBenchmarkWarm/BenchGo-2 3000 1 ns/op\nok\n",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := parseWarm([]byte(tt.out)); !slices.Equal(got, tt.want) {
				t.Errorf("parseWarm = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// FuzzParseWarm: any output of the benchmark binary is read without a
// panic, and each trip read has a name (of one level: no "/") and a
// positive p50.
func FuzzParseWarm(f *testing.F) {
	f.Add([]byte("BenchmarkWarm/BenchGo-2 3000 223867 ns/op 221.0 p50-µs 481.0 p99-µs\n"))
	f.Add([]byte("BenchmarkWarm/ 1 p50-µs\nBenchmarkWarm/-3 x p50-µs p99-µs\n"))
	f.Fuzz(func(t *testing.T, out []byte) {
		for _, trip := range parseWarm(out) {
			if trip.p50 <= 0 || trip.name == "" || strings.Contains(trip.name, "/") {
				t.Fatalf("parseWarm(%q) read %+v", out, trip)
			}
		}
	})
}
