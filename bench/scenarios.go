package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

type results struct {
	load    []loadResult
	single  []loadResult // one connection
	idleRSS int64
}

const tokenHeader = "Authorization: allow"

// scenarios runs every measurement in turn, each alone on the machine.
func scenarios(c config) (*results, error) {
	backend, err := serve(http.HandlerFunc(backendHandler))
	if err != nil {
		return nil, err
	}
	bare, err := serve(tunedProxy(backend))
	if err != nil {
		return nil, err
	}
	r := &results{}
	steps := []func() error{
		func() error { return r.measure(c, "tuned httputil.ReverseProxy -> backend", "http://"+bare+"/pets") },
		func() error { return r.measureAPIGW(c, backend) },
		func() error { return r.measureIdle(c) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// tunedProxy is the peer apigw is compared with: httputil.ReverseProxy
// with a transport that keeps as many idle backend connections as the load
// has clients (the default keeps 2, which makes the peer look slower than
// a deployed Go proxy is).
func tunedProxy(backend string) *httputil.ReverseProxy {
	p := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: backend})
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 1024, 1024
	p.Transport = t
	return p
}

// measure drives url twice: saturated (c.connections) for throughput, then
// with one connection for the latency a single client sees.
func (r *results) measure(c config, name, url string, headers ...string) error {
	res, err := runWrk(c, name, url, headers...)
	if err != nil {
		return err
	}
	one := c
	one.connections, one.threads = 1, 1
	single, err := runWrk(one, name, url, headers...)
	if err != nil {
		return err
	}
	r.load = append(r.load, res)
	r.single = append(r.single, single)
	return nil
}

func (r *results) measureAPIGW(c config, backend string) error {
	tpl, err := writeTemplate(c.work, backend)
	if err != nil {
		return err
	}
	p, err := startAPIGW(c, tpl)
	if err != nil {
		return err
	}
	defer p.stop()
	if err := r.measure(c, "apigw: cached TOKEN authorizer -> http_proxy -> backend", p.url+"/proxy/pets", tokenHeader); err != nil {
		return err
	}
	return r.measure(c, "apigw: Lambda proxy, warm Go function (no authorizer)", p.url+"/fn/pets")
}

func (r *results) measureIdle(c config) error {
	dir := filepath.Join(c.work, "empty")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	p, err := startAPIGWIn(c, dir)
	if err != nil {
		return err
	}
	defer p.stop()
	time.Sleep(time.Second)
	r.idleRSS, err = rss(p.cmd.Process.Pid)
	return err
}

func backendHandler(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"hello":"backend"}`)
}

func serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go http.Serve(ln, h)
	return ln.Addr().String(), nil
}
