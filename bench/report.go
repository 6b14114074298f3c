package main

import (
	"fmt"
	"io"
	"time"
)

// ratios are the comparisons the harness exists for: apigw against the
// peer a team would deploy instead, on the same backend or handlers.
var ratios = []struct{ apigw, peer string }{
	{rowAPIGWProxy, rowNginx},
	{rowAPIGWProxyQuiet, rowNginx},
	{rowAPIGWProxy, rowNginxLogged}, // both log a line per request
	{rowAPIGWProxy, rowGoProxy},
	{rowAPIGWNode, rowSLSInProc},
	{rowAPIGWNode, rowSLS},
	{rowAPIGWProxy, rowFloorAPIGW},
	{rowFloorAPIGW, rowNginx},
}

// idleRSS is the resident memory of apigw on the demo, or why it was not
// measured (the rows measured before it are reported either way).
type idleRSS struct {
	bytes int64
	err   error
}

func (r idleRSS) String() string {
	if r.err != nil {
		return "not measured: " + r.err.Error()
	}
	return fmt.Sprintf("%.1f MB", float64(r.bytes)/(1<<20))
}

func printReport(w io.Writer, c config, f *fleet, res []measured, idle idleRSS, wake wakeProbe, warm *warmReport) {
	pin := "servers on CPU " + serverCPU + ", wrk on CPU " + loadCPU + " (taskset)"
	if !c.pin {
		pin = "not pinned"
	}
	fmt.Fprintf(w, "load: wrk -t1 -c%d -d%s on 127.0.0.1, %d alternating rounds, %d CPUs, %s\n\n",
		c.connections, c.duration, c.rounds, numCPU(), pin)
	fmt.Fprintf(w, "| server | req/s median (min-max) | p50 median | p99 (round 1) | p50, 1 conn |\n|---|---:|---:|---:|---:|\n")
	for _, m := range res {
		if len(m.rounds) == 0 {
			fmt.Fprintf(w, "| %s | every round failed | | | |\n", m.name)
			continue
		}
		rps, p50 := m.median()
		lo, hi := m.spread()
		fmt.Fprintf(w, "| %s | %.0f (%.0f-%.0f)%s | %s | %s | %s |\n", m.name, rps, lo, hi, m.failedNote(c.rounds),
			us(p50), us(m.rounds[0].p99), us(m.single.p50))
	}
	printCPU(w, res)
	for _, s := range f.skipped {
		fmt.Fprintf(w, "\n%s", s)
	}
	fmt.Fprintf(w, "\n\n| ratio (medians) | req/s | p50 | CPU per request (server + children) |\n|---|---:|---:|---:|\n")
	for _, r := range ratios {
		printRatio(w, res, r.apigw, r.peer)
	}
	if c.baseline != "" {
		for _, row := range []string{rowAPIGWProxy, rowAPIGWNode, rowAPIGWGo} {
			printRatio(w, res, row, row+baselineSuffix)
		}
	}
	fmt.Fprintf(w, "\nidle RSS of `apigw start-api` on the demo: %s\n", idle)
	if c.pin {
		fmt.Fprintf(w, "%s\n", wake)
	}
	if warm != nil {
		fmt.Fprintf(w, "%s\n", warm)
	}
}

func printRatio(w io.Writer, res []measured, a, p string) {
	ma, okA := find(res, a)
	mp, okP := find(res, p)
	if !okA || !okP || len(ma.rounds) == 0 || len(mp.rounds) == 0 {
		fmt.Fprintf(w, "| %s / %s | n/a (not measured) | | |\n", a, p)
		return
	}
	ra, pa := ma.median()
	rp, pp := mp.median()
	fmt.Fprintf(w, "| %s / %s | %.2fx | %.2fx | %s |\n", a, p, ra/rp, float64(pa)/float64(pp), cpuRatio(ma, mp))
}

// cpuRatio is a's CPU per request over p's, server and children counted
// (the shared backend is not: it serves both).
func cpuRatio(a, p measured) string {
	ownA, childA, _ := a.cpuPerRequest()
	ownP, childP, _ := p.cpuPerRequest()
	if ownA+childA == 0 || ownP+childP == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", float64(ownA+childA)/float64(ownP+childP))
}

func find(res []measured, name string) (measured, bool) {
	for _, m := range res {
		if m.name == name {
			return m, true
		}
	}
	return measured{}, false
}

func (m measured) spread() (lo, hi float64) {
	lo, hi = m.rounds[0].rps, m.rounds[0].rps
	for _, r := range m.rounds {
		lo, hi = min(lo, r.rps), max(hi, r.rps)
	}
	return lo, hi
}

func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond)) }

// failedNote says how many rounds a median is over when some failed.
func (m measured) failedNote(rounds int) string {
	if len(m.rounds) == rounds {
		return ""
	}
	return fmt.Sprintf(", %d of %d rounds", len(m.rounds), rounds)
}

// printCPU says where each request's CPU time went: the server's own
// process, its children (function processes, workers) and the shared
// backend. Unlike req/s, this barely moves when other work loads the
// machine.
func printCPU(w io.Writer, res []measured) {
	fmt.Fprintf(w, "\n| server | CPU per request: server | its child processes | backend |\n|---|---:|---:|---:|\n")
	for _, m := range res {
		own, children, backend := m.cpuPerRequest()
		if own+children == 0 {
			continue
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", m.name, us1(own), us1(children), us1(backend))
	}
}

func us1(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
}
