package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
)

// The harness's own servers run as separate processes (the harness
// re-executes itself with -serve), so that they can be pinned to the
// servers' core like every other server measured.
const (
	serveBackend = "backend" // the JSON backend every HTTP proxy forwards to
	serveProxy   = "proxy"   // the tuned httputil.ReverseProxy peer
	serveAuth    = "authsvc" // nginx's auth_request service
)

// serveMode runs one of the harness's servers on listen until killed; it
// prints "listening on ADDR" on stderr once it accepts connections.
func serveMode(mode, listen, backend string) error {
	var h http.Handler
	switch mode {
	case serveBackend:
		h = http.HandlerFunc(backendHandler)
	case serveProxy:
		h = tunedProxy(backend)
	case serveAuth:
		h = http.HandlerFunc(authService)
	case serveWakePing, serveWakePong:
		return serveWake(mode, backend)
	default:
		return serveFloor(mode, listen, backend)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, listeningPrefix+"http://"+ln.Addr().String())
	return http.Serve(ln, h)
}

func backendHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"ok":true,"method":%q,"path":%q,"principalId":%q}`, r.Method, r.URL.Path, r.Header.Get("X-Principal-Id"))
}

// tunedProxy is a Go reverse proxy as one would deploy it: idle backend
// connections sized to the load (the default keeps 2, which makes the
// peer look slower than a deployed Go proxy is).
func tunedProxy(backend string) *httputil.ReverseProxy {
	p := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: backend})
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 1024, 1024
	p.Transport = t
	return p
}

// authService answers nginx's auth_request subrequests: 200 with a
// principal for the token "allow", 401 otherwise. nginx caches its answer
// per token, so it runs once per measurement; what is measured is nginx
// replaying a cached status where apigw evaluates a policy per request.
func authService(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "allow" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	w.Header().Set("X-Principal-Id", "user")
	w.WriteHeader(http.StatusOK)
}
