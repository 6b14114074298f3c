package upstream

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// FuzzResponse feeds arbitrary bytes as a backend's reply (the backend
// then closes). The client must never panic, and must pool a connection
// only when the reply held a response framed for keep-alive that it read
// to its end.
func FuzzResponse(f *testing.F) {
	for _, seed := range []string{
		okReply, chunkedReply, continue100 + okReply, "HTTP/1.1 101 Switching Protocols\r\n\r\nx",
		"HTTP/1.1 200 OK\r\n\r\nuntil close", "HTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX: y\r\n\r\n",
		"HTTP/1.1 abc\r\n\r\n", "", okReply + okReply,
	} {
		f.Add(false, []byte(seed))
		f.Add(true, []byte(seed))
	}
	var mu sync.Mutex
	var reply []byte
	srv := newRawServer(f, func(_ int, c net.Conn) {
		if _, _, err := readRequest(bufio.NewReader(c)); err == nil {
			mu.Lock()
			_, _ = c.Write(reply)
			mu.Unlock()
		}
	})
	f.Fuzz(func(t *testing.T, head bool, data []byte) {
		mu.Lock()
		reply = data
		mu.Unlock()
		method := http.MethodGet
		if head {
			method = http.MethodHead
		}
		c := New(newFallback())
		defer c.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		req := newReq(method, srv.url("/"), nil).WithContext(ctx)
		if resp, err := c.RoundTrip(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if c.pool.idleTotal() > 0 && !framedForKeepAlive(data, req) {
			t.Errorf("connection pooled after reply %q", data)
		}
	})
}

// framedForKeepAlive reports whether data starts with a final response
// to req (after at most max1xx informational ones) whose body ends by
// its framing and that allows keep-alive.
func framedForKeepAlive(data []byte, req *http.Request) bool {
	br := bufio.NewReader(bytes.NewReader(data))
	for n := 0; n <= max1xx; n++ {
		resp, err := http.ReadResponse(br, req)
		if err != nil {
			return false
		}
		if interim(resp.StatusCode) {
			continue
		}
		if resp.StatusCode == http.StatusSwitchingProtocols || resp.Close {
			return false
		}
		_, err = io.Copy(io.Discard, resp.Body)
		return err == nil
	}
	return false
}

func FuzzTrim(f *testing.F) {
	for _, s := range []string{"", " ", "a", " \t a b \r\n", "\n\r\t", "\x0ba\x0b", "a\x00 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := trim(s), strings.Trim(s, " \t\r\n"); got != want {
			t.Fatalf("trim(%q) = %q, want %q", s, got, want)
		}
	})
}
