package gateway

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
)

// scriptedListener returns its errors, in order, before accepting for real.
type scriptedListener struct {
	net.Listener
	errs chan error
}

func (l *scriptedListener) Accept() (net.Conn, error) {
	select {
	case err := <-l.errs:
		return nil, err
	default:
		return l.Listener.Accept()
	}
}

func listenScripted(t *testing.T, errs ...error) *scriptedListener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	l := &scriptedListener{Listener: ln, errs: make(chan error, len(errs))}
	for _, e := range errs {
		l.errs <- e
	}
	return l
}

func acceptError(errno syscall.Errno) error {
	return &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", errno)}
}

// TestAcceptBacksOff pins BAD-4's retry: each resource error waits, 5 ms
// doubling to 1 s as net/http does, and Accept then returns the next
// connection instead of the error.
func TestAcceptBacksOff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		errs  []error
		waits []time.Duration
	}{
		{"BAD-4 each resource error", []error{acceptError(syscall.EMFILE), acceptError(syscall.ENFILE),
			acceptError(syscall.ENOBUFS), acceptError(syscall.ECONNABORTED)},
			[]time.Duration{5, 10, 20, 40}},
		{"BAD-4 delay caps at 1 s", slices.Repeat([]error{acceptError(syscall.EMFILE)}, 10),
			[]time.Duration{5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := newGuardedListener(listenScripted(t, tt.errs...), 10, slog.New(slog.DiscardHandler))
			var waits []time.Duration
			l.wait = func(d time.Duration) bool { waits = append(waits, d/time.Millisecond); return true }
			go dialAndClose(t, l.Addr().String())
			c, err := l.Accept()
			if err != nil {
				t.Fatalf("Accept: %v; want the connection after the errors", err)
			}
			c.Close()
			if !slices.Equal(waits, tt.waits) {
				t.Fatalf("waits (ms): got %v; want %v", waits, tt.waits)
			}
		})
	}
}

func dialAndClose(t *testing.T, addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Error(err)
		return
	}
	c.Close()
}

func TestAcceptReturnsOtherErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("listener broke")
	l := newGuardedListener(listenScripted(t, boom), 10, slog.New(slog.DiscardHandler))
	if _, err := l.Accept(); !errors.Is(err, boom) {
		t.Fatalf("Accept: got %v; want %v", err, boom)
	}
}

func TestCloseEndsTheBackoff(t *testing.T) {
	t.Parallel()
	l := newGuardedListener(listenScripted(t), 10, slog.New(slog.DiscardHandler))
	l.Close()
	if l.sleep(time.Hour) {
		t.Fatal("sleep after Close: got true; want false at once")
	}
	l = newGuardedListener(listenScripted(t, acceptError(syscall.EMFILE)), 10, slog.New(slog.DiscardHandler))
	l.wait = func(time.Duration) bool { return false }
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept closed while backing off: got %v; want net.ErrClosed", err)
	}
}

// TestServeOutlivesEMFILE: accept failing with EMFILE does not end Serve
// (fasthttp returns any such error from Serve, and start-api exits on it);
// the connection waiting in the backlog is served once accept succeeds.
func TestServeOutlivesEMFILE(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("GET", "/x", "", "Echo")})
	srv := NewServer(newTestGateway(t, tpl, map[string]*countingFunc{"Echo": echoFunc()}), Limits{})
	ln := listenScripted(t, acceptError(syscall.EMFILE), acceptError(syscall.EMFILE), acceptError(syscall.ENFILE))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown(t.Context()) })
	answered := make(chan error, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/x")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != 200 {
				err = fmt.Errorf("got %d; want 200", resp.StatusCode)
			}
		}
		answered <- err
	}()
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v after EMFILE; want it to keep accepting (BAD-4)", err)
	case err := <-answered:
		if err != nil {
			t.Fatalf("request after EMFILE: %v", err)
		}
	}
}

// TestConnectionCap: beyond MaxConnections a new connection is closed at
// once, the open ones keep being served, and a slot freed by a closing
// client is reused (BAD-4).
func TestConnectionCap(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("GET", "/x", "", "Echo")})
	gw := newTestGateway(t, tpl, map[string]*countingFunc{"Echo": echoFunc()})
	s := serveGateway(t, gw, func(srv *Server) { srv.lim.MaxConnections = 2 })
	addr := strings.TrimPrefix(s.url, "http://")
	a, b := keepAlive(t, addr), keepAlive(t, addr)
	for _, c := range []*clientConn{a, b} {
		if status, err := c.get(); err != nil || status != 200 {
			t.Fatalf("connection within the cap: got %d %v; want 200", status, err)
		}
	}
	if status, err := keepAlive(t, addr).get(); err == nil {
		t.Fatalf("third connection over a cap of 2: got %d; want it closed without an answer", status)
	}
	for _, c := range []*clientConn{a, b} {
		if status, err := c.get(); err != nil || status != 200 {
			t.Fatalf("open connection after one was refused: got %d %v; want 200", status, err)
		}
	}
	a.Close()
	// The slot is free once the server has seen a close; until then a new
	// connection is refused, so try until one is served.
	for {
		if status, err := keepAlive(t, addr).get(); err == nil {
			if status != 200 {
				t.Fatalf("connection after a slot freed: got %d; want 200", status)
			}
			return
		}
	}
}

// clientConn is one keep-alive client connection.
type clientConn struct {
	net.Conn
	br *bufio.Reader
}

func keepAlive(t *testing.T, addr string) *clientConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &clientConn{Conn: c, br: bufio.NewReader(c)}
}

// get sends GET /x and reads the answer; an error means the server closed
// the connection without one.
func (c *clientConn) get() (int, error) {
	if _, err := io.WriteString(c, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n"); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}
