package main

import (
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
)

// pprofEnv names an address (e.g. 127.0.0.1:6060) on which apigw serves
// net/http/pprof, for the load harness's profiles (go run ./bench
// -profile). Unset, nothing listens; it is meant for loopback only.
const pprofEnv = "APIGW_PPROF_ADDR"

func init() {
	addr := os.Getenv(pprofEnv)
	if addr == "" {
		return
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		os.Stderr.WriteString("apigw: " + pprofEnv + ": " + err.Error() + "\n")
		return
	}
	go http.Serve(ln, nil) //nolint:errcheck // lives as long as the process
}
