//go:build linux

package upstream

import (
	"bufio"
	"net"
	"net/http"
	"syscall"
	"testing"
)

// TestStaleIdleDiscarded: a backend closed a kept connection while it
// was idle (Node's keepAliveTimeout). The check at checkout finds it, so
// even a POST, which is never retried, goes out on a new connection.
func TestStaleIdleDiscarded(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t)
			srv := newRawServer(t, func(_ int, conn net.Conn) {
				if _, _, err := readRequest(bufio.NewReader(conn)); err == nil {
					_, _ = conn.Write([]byte(okReply))
				}
			})
			_, _ = mustDo(t, c, http.MethodGet, srv.url("/"), "")
			waitPeerClosed(t, c)
			if code, body := mustDo(t, c, method, srv.url("/"), "payload"); code != 200 || body != "ok" {
				t.Errorf("got %d %q; want 200 ok", code, body)
			}
			if got := srv.accepted.Load(); got != 2 {
				t.Errorf("%d connections; want 2", got)
			}
		})
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
