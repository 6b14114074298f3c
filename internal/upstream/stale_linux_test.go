//go:build linux

package upstream

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"testing"
)

// TestStaleIdleDiscarded: a backend closed a kept connection while it
// was idle (Node's keepAliveTimeout). The check at checkout finds it, so
// even a POST, which is never retried, goes out on a new connection; with
// RoundTrip and with Exchange.
func TestStaleIdleDiscarded(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		for _, exchange := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/exchange=%v", method, exchange), func(t *testing.T) {
				t.Parallel()
				testStaleIdle(t, method, exchange)
			})
		}
	}
}

func testStaleIdle(t *testing.T, method string, exchange bool) {
	c := newTestClient(t)
	var rt http.RoundTripper = c
	if exchange {
		rt = exchanger{c: c}
	}
	srv := newRawServer(t, func(_ int, conn net.Conn) {
		if _, _, err := readRequest(bufio.NewReader(conn)); err == nil {
			_, _ = conn.Write([]byte(okReply))
		}
	})
	_, _ = mustDo(t, rt, http.MethodGet, srv.url("/"), "")
	waitPeerClosed(t, c)
	if code, body := mustDo(t, rt, method, srv.url("/"), "payload"); code != 200 || body != "ok" {
		t.Errorf("got %d %q; want 200 ok", code, body)
	}
	if got := srv.accepted.Load(); got != 2 {
		t.Errorf("%d connections; want 2", got)
	}
}

// waitPeerClosed blocks until c's one idle connection has something to
// read (the backend's FIN).
func waitPeerClosed(t *testing.T, c *Client) {
	t.Helper()
	c.pool.mu.Lock()
	var cn *conn
	for _, conns := range c.pool.idle {
		cn = conns[0]
	}
	c.pool.mu.Unlock()
	var buf [1]byte
	err := cn.raw.Read(func(fd uintptr) bool {
		_, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		return err != syscall.EAGAIN
	})
	if err != nil {
		t.Fatal(err)
	}
}
