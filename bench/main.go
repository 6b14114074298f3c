package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"
)

type config struct {
	duration    time.Duration
	connections int
	rounds      int
	apigw       string
	baseline    string // a second apigw binary measured alongside, "" for none
	sls         string // directory holding node_modules/serverless and serverless-offline
	nginx       string
	profile     string         // directory for apigw's CPU and allocation profiles, "" for none
	only        *regexp.Regexp // measure only the rows it matches; nil for all
	work        string
	// logs holds the servers' output, outside the project folder that
	// apigw's hot reload watches (a log written inside it would wake the
	// watcher on every write, as a deployed server's log in /var/log
	// does not).
	logs string
	pin  bool // servers on CPU 0, wrk on CPU 1 (taskset)
}

func main() {
	var c config
	var mode, listen, backend string
	flag.DurationVar(&c.duration, "duration", 8*time.Second, "load duration of one measurement")
	flag.IntVar(&c.connections, "connections", 32, "concurrent connections")
	flag.IntVar(&c.rounds, "rounds", 3, "alternating rounds over every server (medians are reported)")
	flag.StringVar(&c.apigw, "apigw", "", "apigw binary (default: built from ./cmd/apigw)")
	flag.StringVar(&c.baseline, "baseline", "", "another apigw binary (e.g. the previous commit's) measured in the same rounds, with ratios")
	flag.StringVar(&c.sls, "sls", "/tmp/peerbench/sls", "directory with serverless@3 and serverless-offline@13 in node_modules")
	flag.StringVar(&c.nginx, "nginx", "nginx", "nginx binary")
	flag.StringVar(&c.profile, "profile", "", "write apigw's CPU and allocation profiles of round 1 into this directory")
	flag.Func("only", "measure only the rows whose name matches this regular expression (e.g. 'http_proxy')", func(v string) (err error) {
		c.only, err = regexp.Compile(v)
		return err
	})
	flag.StringVar(&mode, "serve", "", "internal: run one of the harness's servers (backend, proxy, authsvc)")
	flag.StringVar(&listen, "listen", "127.0.0.1:0", "internal: -serve's address")
	flag.StringVar(&backend, "backend", "", "internal: -serve proxy's backend")
	flag.Parse()
	var err error
	if mode != "" {
		err = serveMode(mode, listen, backend)
	} else {
		err = run(c)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func run(c config) error {
	work, err := os.MkdirTemp("", "apigw-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := os.Chmod(work, 0o755); err != nil { // nginx's worker may run as another user
		return err
	}
	c.work, c.logs = work, filepath.Join(work, "logs")
	if err := os.Mkdir(c.logs, 0o755); err != nil {
		return err
	}
	if err := c.binaries(); err != nil {
		return err
	}
	c.pin = canPin()
	f, err := startFleet(c)
	defer f.stop()
	if err != nil {
		return err
	}
	res, err := measure(c, selected(c.only, f.targets))
	if err != nil {
		return err
	}
	f.stop()
	idle, err := measureIdle(c)
	wake := probeWake(c)
	warm := measureWarmIf(c)
	printReport(os.Stdout, c, f, res, idleRSS{bytes: idle, err: err}, wake, warm)
	return nil
}

// canPin reports whether servers and load generator can have a core each.
func canPin() bool {
	if _, err := exec.LookPath("taskset"); err != nil || numCPU() < 2 {
		fmt.Fprintln(os.Stderr, "bench: taskset missing or fewer than 2 CPUs: servers and wrk are not pinned")
		return false
	}
	return true
}

// serverCPU and loadCPU are the cores of the servers and of wrk.
const serverCPU, loadCPU = "0", "1"

// pinned is a command for a server: on the servers' core when pinning.
func (c config) pinned(name string, args ...string) *exec.Cmd {
	if !c.pin {
		return exec.Command(name, args...)
	}
	return exec.Command("taskset", append([]string{"-c", serverCPU, name}, args...)...)
}

func measureIdle(c config) (int64, error) {
	dir := filepath.Join(c.work, "empty")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	p, err := startAPIGWIn(c, dir)
	if err != nil {
		return 0, err
	}
	defer p.stop()
	time.Sleep(time.Second) // let start-up garbage settle before reading RSS
	return rss(p.cmd.Process.Pid)
}

// binaries makes -apigw and -baseline absolute, and builds apigw into the
// work folder when -apigw is not given.
func (c *config) binaries() error {
	var err error
	if c.apigw, err = absolute(c.apigw); err != nil {
		return err
	}
	if c.baseline, err = absolute(c.baseline); err != nil {
		return err
	}
	if c.apigw != "" {
		return nil
	}
	c.apigw = filepath.Join(c.work, "apigw")
	return goBuild(c.apigw, "./cmd/apigw")
}

// absolute makes a binary's path independent of the folder it runs in
// (the idle measurement runs apigw in an empty folder); "" stays "".
func absolute(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	return filepath.Abs(path)
}

// selected are the targets only matches (every target when nil).
func selected(only *regexp.Regexp, ts []target) []target {
	if only == nil {
		return ts
	}
	var out []target
	for _, t := range ts {
		if only.MatchString(t.name) {
			out = append(out, t)
		}
	}
	return out
}
