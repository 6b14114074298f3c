package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The wake-up probe says what waking a sleeping process costs here, on
// the servers' core and across cores, so that a report's ratios can be
// read against the machine: where an idle virtual CPU halts, a write that
// wakes a reader on the other core pays for waking that core, and a
// server pays it for every response that finds wrk's core idle.
//
// The ping (on the servers' core) writes one byte into a pipe and reads
// one back from its pong (on the core measured), wakeTrips times, with
// plain blocking system calls on one locked thread.
const (
	serveWakePing = "wakeping" // -serve wakeping -backend CPU: measures, prints "write trip" in ns
	serveWakePong = "wakepong" // answers each byte read on fd 3 with one on fd 4
	wakeTrips     = 20000
)

// wakeCost is the probe's result for one placement of the pong: the mean
// time inside write(2) and of a whole round trip.
type wakeCost struct {
	write, trip time.Duration
	err         error
}

func (w wakeCost) String() string {
	if w.err != nil {
		return "not measured: " + w.err.Error()
	}
	return fmt.Sprintf("write %.1f µs, round trip %.1f µs", w.write.Seconds()*1e6, w.trip.Seconds()*1e6)
}

// wakeProbe is the probe on the servers' core and across to wrk's.
type wakeProbe struct{ same, other wakeCost }

func (p wakeProbe) String() string {
	return fmt.Sprintf("wake-up cost (a 1-byte pipe write waking a sleeping reader): same core %s; other core %s",
		p.same, p.other)
}

// probeWake runs the probe for both placements; a zero probe when not
// pinning (the report leaves it out then).
func probeWake(c config) wakeProbe {
	if !c.pin {
		return wakeProbe{}
	}
	return wakeProbe{same: runWakePing(serverCPU), other: runWakePing(loadCPU)}
}

// runWakePing runs the ping on the servers' core with its pong on cpu.
func runWakePing(cpu string) wakeCost {
	exe, err := os.Executable()
	if err != nil {
		return wakeCost{err: err}
	}
	out, err := exec.Command("taskset", "-c", serverCPU, exe, "-serve", serveWakePing, "-backend", cpu).Output()
	if err != nil {
		return wakeCost{err: err}
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return wakeCost{err: fmt.Errorf("ping printed %q", out)}
	}
	w, err1 := strconv.ParseInt(f[0], 10, 64)
	t, err2 := strconv.ParseInt(f[1], 10, 64)
	return wakeCost{write: time.Duration(w), trip: time.Duration(t), err: errors.Join(err1, err2)}
}

// serveWake runs the ping or the pong of the probe.
func serveWake(mode, cpu string) error {
	runtime.LockOSThread()
	if mode == serveWakePong {
		return pong(3, 4)
	}
	var to, from [2]int
	if err := pipe(to[:]); err != nil {
		return err
	}
	if err := pipe(from[:]); err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command("taskset", "-c", cpu, exe, "-serve", serveWakePong)
	cmd.ExtraFiles = []*os.File{os.NewFile(uintptr(to[0]), "to"), os.NewFile(uintptr(from[1]), "from")}
	if err := cmd.Start(); err != nil {
		return err
	}
	syscall.Close(to[0])
	syscall.Close(from[1])
	w, t, err := ping(to[1], from[0])
	syscall.Close(to[1]) // the pong reads the end and exits
	if werr := cmd.Wait(); err == nil {
		err = werr
	}
	fmt.Println(w.Nanoseconds(), t.Nanoseconds())
	return err
}

// ping times wakeTrips round trips: write a byte to out, read one from in.
func ping(out, in int) (write, trip time.Duration, err error) {
	b := []byte{'x'}
	if err := exchange(out, in, b); err != nil { // the pong is up
		return 0, 0, err
	}
	for range wakeTrips {
		t0 := time.Now()
		_, err := syscall.Write(out, b)
		t1 := time.Now()
		if err == nil {
			err = readByte(in, b)
		}
		if err != nil {
			return 0, 0, err
		}
		write, trip = write+t1.Sub(t0), trip+time.Since(t0)
	}
	return write / wakeTrips, trip / wakeTrips, nil
}

func exchange(out, in int, b []byte) error {
	if _, err := syscall.Write(out, b); err != nil {
		return err
	}
	return readByte(in, b)
}

func readByte(fd int, b []byte) error {
	for {
		n, err := syscall.Read(fd, b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return err
		case n == 0:
			return errors.New("the other end closed")
		}
		return nil
	}
}

// pong answers every byte read on in with one on out until in ends.
func pong(in, out int) error {
	b := []byte{'x'}
	for {
		if err := readByte(in, b); err != nil {
			return nil // the ping closed its end
		}
		if _, err := syscall.Write(out, b); err != nil {
			return err
		}
	}
}

// pipe makes a blocking pipe whose ends are not inherited by children
// (ExtraFiles hands the pong its two).
func pipe(p []int) error {
	if err := syscall.Pipe(p); err != nil {
		return err
	}
	syscall.CloseOnExec(p[0])
	syscall.CloseOnExec(p[1])
	return nil
}
