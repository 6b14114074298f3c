package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// measured is every result of one target: one per round, and one with a
// single connection.
type measured struct {
	target
	rounds []loadResult
	single loadResult
}

// warmUp is each target's load before the first round: processes started,
// caches filled.
const warmUp = 3 * time.Second

// measure warms every target up, then runs c.rounds rounds in which each
// target is loaded in turn (alternating, so that drift in the machine's
// load spreads over all of them; each round starts with the next target),
// then one single-connection run each.
func measure(c config, ts []target) ([]measured, error) {
	res := make([]measured, len(ts))
	for i, t := range ts {
		res[i].target = t
		if err := waitOK(t.url, t.headers); err != nil { // cold starts out of the way
			return nil, fmt.Errorf("%s: %w", t.name, err)
		}
		if _, err := runWrk(c, t, c.connections, warmUp); err != nil {
			return nil, fmt.Errorf("warm-up: %w", err)
		}
	}
	for round := range c.rounds {
		for j := range res {
			i := (j + round) % len(res) // each round starts one server later: no server is always first
			r, err := measureOne(c, res[i].target, round)
			if err != nil { // reported and left out of the medians
				fmt.Fprintf(os.Stderr, "round %d: %s: failed: %v\n", round+1, res[i].name, firstLine(err))
				continue
			}
			res[i].rounds = append(res[i].rounds, r)
			fmt.Fprintf(os.Stderr, "round %d: %s: %.0f req/s, p50 %v\n", round+1, r.name, r.rps, r.p50)
		}
	}
	for i := range res {
		r, err := runWrk(c, res[i].target, 1, wholeSeconds(c.duration/2))
		if err != nil {
			fmt.Fprintf(os.Stderr, "one connection: %s: failed: %v\n", res[i].name, firstLine(err))
		}
		res[i].single = r
	}
	return res, nil
}

// measureOne loads t once and reads the CPU time its server and backend
// used meanwhile.
func measureOne(c config, t target, round int) (loadResult, error) {
	server, backend := treeCPU(t.server), treeCPU(t.backend)
	r, err := loadOnce(c, t, round)
	r.server, r.backend = treeCPU(t.server).sub(server), treeCPU(t.backend).sub(backend)
	r.profiled = profiles(c, t, round)
	return r, err
}

// profiles reports whether loadOnce profiles t in this round.
func profiles(c config, t target, round int) bool {
	return round == 0 && c.profile != "" && t.pprof != ""
}

// loadOnce runs wrk on t; in round 0 it also profiles apigw when asked.
func loadOnce(c config, t target, round int) (loadResult, error) {
	if !profiles(c, t, round) {
		return runWrk(c, t, c.connections, c.duration)
	}
	done := make(chan error, 1)
	go func() { done <- saveProfiles(c, t) }()
	r, err := runWrk(c, t, c.connections, c.duration)
	if perr := <-done; perr != nil {
		fmt.Fprintf(os.Stderr, "bench: profiling %s: %v\n", t.name, perr)
	}
	return r, err
}

// saveProfiles fetches apigw's CPU profile and its allocations over most
// of the measurement.
func saveProfiles(c config, t target) error {
	secs := fmt.Sprint(max(1, int(c.duration.Seconds())-2))
	slug := strings.Fields(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return ' '
	}, strings.ToLower(t.name)))
	name := strings.Join(slug, "-")
	errs := make(chan error, 2)
	go func() {
		errs <- fetch("http://"+t.pprof+"/debug/pprof/profile?seconds="+secs, filepath.Join(c.profile, name+".cpu.pprof"))
	}()
	go func() {
		errs <- fetch("http://"+t.pprof+"/debug/pprof/allocs?seconds="+secs, filepath.Join(c.profile, name+".allocs.pprof"))
	}()
	return errors.Join(<-errs, <-errs)
}

func fetch(url, path string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}

// median of the rounds' req/s and p50s (the middle one; the lower middle
// for an even count).
func (m measured) median() (float64, time.Duration) {
	rps := make([]float64, len(m.rounds))
	p50 := make([]time.Duration, len(m.rounds))
	for i, r := range m.rounds {
		rps[i], p50[i] = r.rps, r.p50
	}
	slices.Sort(rps)
	slices.Sort(p50)
	mid := (len(rps) - 1) / 2
	return rps[mid], p50[mid]
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// wholeSeconds rounds d to whole seconds, at least one: wrk refuses a
// duration such as "2.5s".
func wholeSeconds(d time.Duration) time.Duration {
	return max(d.Round(time.Second), time.Second)
}

// cpuPerRequest is the median over the rounds of the server's own,
// its children's and the backend's CPU time per request. A profiled
// round is left out (the profiler's own work is in the server's CPU
// time), unless every round was profiled.
func (m measured) cpuPerRequest() (own, children, backend time.Duration) {
	var o, ch, b []time.Duration
	for _, r := range m.rounds {
		if r.requests > 0 && (!r.profiled || len(m.rounds) == 1) {
			n := time.Duration(r.requests)
			o, ch, b = append(o, r.server.own/n), append(ch, r.server.children/n), append(b, r.backend.own/n)
		}
	}
	return middle(o), middle(ch), middle(b)
}

// middle is the median (the lower middle for an even count); 0 for none.
func middle(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[(len(ds)-1)/2]
}
