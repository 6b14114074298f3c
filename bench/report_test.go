package main

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func rounds(rps ...float64) measured {
	m := measured{target: target{name: "x"}}
	for _, r := range rps {
		m.rounds = append(m.rounds, loadResult{rps: r, p50: time.Duration(r) * time.Microsecond})
	}
	return m
}

func TestMedian(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		m    measured
		want float64
	}{
		{"odd count: the middle one", rounds(300, 100, 200), 200},
		{"even count: the lower middle", rounds(400, 100, 300, 200), 200},
		{"one round", rounds(7), 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rps, p50 := tt.m.median()
			if rps != tt.want || p50 != time.Duration(tt.want)*time.Microsecond {
				t.Errorf("median: got %v req/s, p50 %v; want %v", rps, p50, tt.want)
			}
		})
	}
}

func TestRatioLines(t *testing.T) {
	t.Parallel()
	a, p := rounds(300, 100, 200), rounds(100, 100, 100)
	a.name, p.name = "apigw", "peer"
	tests := []struct {
		name string
		res  []measured
		want string
	}{
		{"ratio of medians", []measured{a, p}, "| apigw / peer | 2.00x | 2.00x |"},
		{"peer skipped", []measured{a}, "n/a (not measured)"},
		{"peer failed every round", []measured{a, {target: target{name: "peer"}}}, "n/a (not measured)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			printRatio(&b, tt.res, "apigw", "peer")
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("got %q; want it to contain %q", b.String(), tt.want)
			}
		})
	}
}

func TestFailedNote(t *testing.T) {
	t.Parallel()
	if got := rounds(1, 2, 3).failedNote(3); got != "" {
		t.Errorf("all rounds: got %q; want none", got)
	}
	if got := rounds(1, 2).failedNote(3); got != ", 2 of 3 rounds" {
		t.Errorf("one failed: got %q", got)
	}
}

func TestWholeSeconds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   time.Duration
		want time.Duration
	}{
		{"half of 5s", 2500 * time.Millisecond, 3 * time.Second},
		{"under a second", 200 * time.Millisecond, time.Second},
		{"whole", 4 * time.Second, 4 * time.Second},
	} {
		if got := wholeSeconds(tc.in); got != tc.want {
			t.Errorf("%s: wholeSeconds(%v) = %v, want %v", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestParseWrkCountsRequests(t *testing.T) {
	t.Parallel()
	out := "Running 6s test @ http://127.0.0.1:1/\n  1 threads and 32 connections\n  50%  2.10ms\n  99%  6.00ms\n" +
		"  84620 requests in 6.00s, 10.25MB read\nRequests/sec:  14101.55\n"
	r, err := parseWrk("x", []byte(out))
	if err != nil || r.requests != 84620 || r.rps != 14101.55 {
		t.Fatalf("parseWrk = %+v, %v; want 84620 requests at 14101.55/s", r, err)
	}
}

func TestTreeCPUCountsThisProcess(t *testing.T) {
	t.Parallel()
	// Spend CPU until /proc shows some (it counts in 10 ms ticks); a
	// reader that never sees it fails after a generous bound.
	deadline := time.Now().Add(10 * time.Second)
	got := treeCPU(os.Getpid())
	for got.own <= 0 && time.Now().Before(deadline) {
		for range 1_000_000 {
			spin++ // busy work: a package variable the compiler keeps
		}
		got = treeCPU(os.Getpid())
	}
	if got.own <= 0 {
		t.Fatalf("treeCPU(self) = %+v, want some CPU time of its own", got)
	}
	if treeCPU(0) != (cpuTime{}) {
		t.Fatal("treeCPU(0) measured something")
	}
}

// The profiled round's CPU time holds the profiler's work: the median per
// request leaves it out.
func TestCPUPerRequestLeavesOutTheProfiledRound(t *testing.T) {
	t.Parallel()
	round := func(own time.Duration, profiled bool) loadResult {
		return loadResult{requests: 1000, server: cpuTime{own: own * 1000}, profiled: profiled}
	}
	m := measured{rounds: []loadResult{round(90*time.Microsecond, true), round(40*time.Microsecond, false), round(50*time.Microsecond, false)}}
	if own, _, _ := m.cpuPerRequest(); own != 40*time.Microsecond {
		t.Fatalf("own CPU per request = %v, want 40µs (the lower middle of the unprofiled rounds)", own)
	}
	only := measured{rounds: []loadResult{round(90*time.Microsecond, true)}}
	if own, _, _ := only.cpuPerRequest(); own != 90*time.Microsecond {
		t.Fatalf("one profiled round: own CPU per request = %v, want 90µs", own)
	}
}

// spin is TestTreeCPUCountsThisProcess's busy work.
var spin int

// TestIdleRSS: the report gives the idle RSS in MB, or why it is missing
// (a failed start no longer throws away the rows measured before it).
func TestIdleRSS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   idleRSS
		want string
	}{
		{"measured", idleRSS{bytes: 19 << 20}, "19.0 MB"},
		{"failed", idleRSS{err: errors.New("did not print")}, "not measured: did not print"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, got, tt.want)
		}
	}
}
