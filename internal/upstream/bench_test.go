package upstream

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// BenchmarkRoundTrip is one GET with the gateway's headers to a local
// backend and its body read, through Client and through http.Transport.
func BenchmarkRoundTrip(b *testing.B) {
	srv := newBackend(b, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":7,"name":"rex"}`)
	})
	for _, rt := range []struct {
		name string
		rt   http.RoundTripper
	}{{"Client", newTestClient(b)}, {"Transport", newFallback()}} {
		b.Run(rt.name, func(b *testing.B) {
			req := newReq(http.MethodGet, srv.URL+"/pets/7?tag=a", nil)
			req.Header["X-Forwarded-For"] = []string{"127.0.0.1"}
			req.Header["X-Forwarded-Proto"] = []string{"http"}
			req.Header["X-Amzn-Trace-Id"] = []string{"Root=1-5f84c7a9-0d9a8d1f0e8b7c6a5b4c3d2e"}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				resp, err := rt.rt.RoundTrip(req.WithContext(ctx))
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}

// BenchmarkHeadAndRender is the CPU of an exchange without its I/O: a
// rendered request checked and written (rawOK, appendTo), and a Go
// server's answer read on the fast path (readHead, fields built).
func BenchmarkHeadAndRender(b *testing.B) {
	req := Request{Method: http.MethodGet, Host: "127.0.0.1:8080", Target: "/pets/7?tag=a", Header: []Field{
		{"Authorization", "allow"}, {"User-Agent", ""}, {"X-Amzn-Apigateway-Api-Id", "abcdef1234"},
		{"X-Amzn-Trace-Id", "Root=1-5f84c7a9-0d9a8d1f0e8b7c6a5b4c3d2e"}, {"X-Forwarded-For", "127.0.0.1"},
		{"X-Forwarded-Port", "3000"}, {"X-Forwarded-Proto", "http"},
	}}
	reply := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: Sun, 06 Dec 2026 11:00:00 GMT\r\nContent-Length: 21\r\n\r\n"
	r := strings.NewReader(reply)
	br := bufio.NewReader(r)
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		if !req.rawOK() {
			b.Fatal("not raw")
		}
		buf = req.appendTo(buf[:0])
		r.Reset(reply)
		br.Reset(r)
		var h head
		if ok, err := readHead(br, &h); !ok || len(h.fields) != 3 {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkWatch is an exchange's watch on a pooled connection: set for
// the integration's deadline from now, ended before it.
func BenchmarkWatch(b *testing.B) {
	c1, c2 := net.Pipe()
	defer c1.Close()
	defer c2.Close()
	cn := newConn(c1, "backend:80")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		cn.watch(ctx, limit{deadline: time.Now().Add(29 * time.Second)})
		if !cn.unwatch() {
			b.Fatal("interrupted")
		}
	}
}
