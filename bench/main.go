package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"
)

type config struct {
	duration    time.Duration
	connections int
	threads     int
	apigw       string
	work        string
}

func main() {
	var c config
	flag.DurationVar(&c.duration, "duration", 10*time.Second, "load duration per scenario")
	flag.IntVar(&c.connections, "connections", 64, "concurrent connections")
	flag.IntVar(&c.threads, "threads", 2, "wrk threads")
	flag.StringVar(&c.apigw, "apigw", "", "apigw binary (default: built from ./cmd/apigw)")
	flag.Parse()
	if err := run(c); err != nil {
		log.Fatal(err)
	}
}

func run(c config) error {
	work, err := os.MkdirTemp("", "apigw-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	c.work = work
	if c.apigw == "" {
		c.apigw = filepath.Join(work, "apigw")
		if err := goBuild(c.apigw, "./cmd/apigw"); err != nil {
			return err
		}
	}
	res, err := scenarios(c)
	if err != nil {
		return err
	}
	printReport(os.Stdout, c, res)
	return nil
}

func printReport(w *os.File, c config, r *results) {
	fmt.Fprintf(w, "load: wrk -t%d -c%d -d%s on 127.0.0.1, %d CPUs shared by load generator, proxies and backend\n\n",
		c.threads, c.connections, c.duration, numCPU())
	fmt.Fprintf(w, "| scenario | req/s (%d conns) | p50 | p99 | p50, 1 conn | p99, 1 conn |\n", c.connections)
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for i, s := range r.load {
		one := r.single[i]
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %s | %s |\n", s.name, s.rps, s.p50, s.p99, one.p50, one.p99)
	}
	if len(r.load) >= 2 && r.load[0].rps > 0 {
		bare, gw := r.load[0], r.load[1]
		fmt.Fprintf(w, "\napigw / tuned proxy: %.2fx req/s; p50 with one connection %+v\n",
			gw.rps/bare.rps, r.single[1].p50-r.single[0].p50)
	}
	fmt.Fprintf(w, "idle RSS of `apigw start-api` on the demo: %.1f MB\n", float64(r.idleRSS)/(1<<20))
}
