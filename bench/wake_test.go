package main

import (
	"strings"
	"syscall"
	"testing"
)

// TestWakePingPong runs the probe's two ends in this process over real
// pipes: every byte comes back, the times are positive and a round trip
// holds its write, and the pong stops when the ping closes its end.
func TestWakePingPong(t *testing.T) {
	var to, from [2]int
	if err := pipe(to[:]); err != nil {
		t.Fatal(err)
	}
	if err := pipe(from[:]); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- pong(to[0], from[1]) }()
	write, trip, err := ping(to[1], from[0])
	if err != nil || write <= 0 || trip < write {
		t.Fatalf("ping: write %v, trip %v, err %v", write, trip, err)
	}
	syscall.Close(to[1])
	if err := <-done; err != nil {
		t.Fatalf("pong after the ping closed: %v", err)
	}
	for _, fd := range []int{to[0], from[0], from[1]} {
		syscall.Close(fd)
	}
	s := wakeProbe{same: wakeCost{write: write, trip: trip}, other: wakeCost{err: syscall.ENOENT}}.String()
	if !strings.Contains(s, "same core write ") || !strings.Contains(s, "other core not measured: ") {
		t.Fatalf("report line %q", s)
	}
}
