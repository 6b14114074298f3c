package upstream

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// replyOnce answers the first request on each connection with reply and
// closes the connection.
func replyOnce(reply string) func(int, net.Conn) {
	return func(_ int, c net.Conn) {
		if _, _, err := readRequest(bufio.NewReader(c)); err == nil {
			_, _ = io.WriteString(c, reply)
		}
	}
}

const (
	chunkedReply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\no\r\n1\r\nk\r\n0\r\n\r\n"
	continue100  = "HTTP/1.1 100 Continue\r\n\r\n"
)

// TestReuse sends sequential requests and counts the connections the
// backend accepted: one when the response's framing and headers allow
// keep-alive, one per request otherwise; http.Transport must count the
// same.
func TestReuse(t *testing.T) {
	t.Parallel()
	const n = 4
	cases := []struct {
		name     string
		method   string
		serve    func(int, net.Conn)
		close    bool // the request asks to close
		body     string
		accepted int
	}{
		{"Content-Length", "GET", replyAll(okReply), false, "ok", 1},
		{"chunked", "GET", replyAll(chunkedReply), false, "ok", 1},
		{"chunked with trailer", "GET", replyAll(strings.TrimSuffix(chunkedReply, "\r\n") + "X-T: v\r\n\r\n"), false, "ok", 1},
		{"Content-Length 0", "GET", replyAll("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), false, "", 1},
		{"204", "GET", replyAll("HTTP/1.1 204 No Content\r\n\r\n"), false, "", 1},
		{"304 with Content-Length", "GET", replyAll("HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n"), false, "", 1},
		{"HEAD with Content-Length", "HEAD", replyAll("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), false, "", 1},
		{"1xx then 200", "GET", replyAll(continue100 + "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + okReply), false, "ok", 1},
		{"five 1xx then 200", "GET", replyAll(strings.Repeat(continue100, max1xx) + okReply), false, "ok", 1},
		{"HTTP/1.0 keep-alive", "GET", replyAll("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok"), false, "ok", 1},
		{"server Connection: close", "GET", replyAll("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"), false, "ok", n},
		{"HTTP/1.0", "GET", replyAll("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"), false, "ok", n},
		{"body until close", "GET", replyOnce("HTTP/1.1 200 OK\r\n\r\nok"), false, "ok", n},
		{"request Close", "GET", replyAll(okReply), true, "ok", n},
		{"final status below 100", "GET", replyAll("HTTP/1.1 099 Odd\r\nContent-Length: 2\r\n\r\nok"), false, "ok", n},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, rt := range []http.RoundTripper{newTestClient(t), newFallback()} {
				srv := newRawServer(t, tc.serve)
				for range n {
					req := newReq(tc.method, srv.url("/"), nil)
					req.Close = tc.close
					if code, body := roundTrip(t, rt, req); code >= 400 || body != tc.body {
						t.Fatalf("%T: got %d %q; want a success with %q", rt, code, body, tc.body)
					}
				}
				if got := srv.accepted.Load(); got != int64(tc.accepted) {
					t.Errorf("%T: %d requests used %d connections; want %d", rt, n, got, tc.accepted)
				}
			}
		})
	}
}

func roundTrip(t *testing.T, rt http.RoundTripper, req *http.Request) (int, string) {
	t.Helper()
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatalf("%T: %v", rt, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%T: body: %v", rt, err)
	}
	return resp.StatusCode, string(b)
}

// TestBadResponses: replies that are not a well-framed HTTP/1.1 response
// are an error, from RoundTrip or from the body, as with Transport (but
// for the 1xx count, which only Client bounds), and the connection is
// never pooled.
func TestBadResponses(t *testing.T) {
	t.Parallel()
	big := "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", 4096) + "\r\nContent-Length: 2\r\n\r\nok"
	cases := []struct {
		name       string
		reply      string
		maxHeader  int64
		clientOnly bool
	}{
		{"malformed status line", "HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\nok", 0, false},
		{"not HTTP", "hello there\r\n\r\n", 0, false},
		{"malformed header line", "HTTP/1.1 200 OK\r\nNo colon here\r\nContent-Length: 2\r\n\r\nok", 0, false},
		{"conflicting Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", 0, false},
		{"too many 1xx", strings.Repeat(continue100, max1xx+1) + okReply, 0, true},
		{"1xx heads together over the limit", strings.Repeat("HTTP/1.1 103 Early Hints\r\nX: "+strings.Repeat("a", 300)+"\r\n\r\n", 4) + okReply, 1024, false},
		{"headers over the limit", big, 1024, false},
		{"1xx headers over the limit", "HTTP/1.1 103 Early Hints\r\nX-Big: " + strings.Repeat("a", 4096) + "\r\n\r\n" + okReply, 1024, false},
		{"truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok", 0, false},
		{"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n", 0, false},
		{"no response", "", 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fb := newFallback()
			fb.MaxResponseHeaderBytes = tc.maxHeader
			c := New(fb)
			t.Cleanup(c.CloseIdleConnections)
			rts := []http.RoundTripper{c, exchanger{c: c}, fb}
			if tc.clientOnly {
				rts = rts[:2]
			}
			for _, rt := range rts {
				srv := newRawServer(t, replyOnce(tc.reply))
				if _, _, err := do(t, rt, http.MethodGet, srv.url("/"), nil); err == nil {
					t.Errorf("%T: no error; want one", rt)
				}
			}
			if n := c.pool.idleTotal(); n != 0 {
				t.Errorf("%d connections pooled after a bad response; want 0", n)
			}
		})
	}
}

// idleTotal is the number of idle raw connections.
func (p *pool) idleTotal() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, conns := range p.idle {
		n += len(conns)
	}
	return n
}

// TestSwitchingProtocols: a 101 is returned to the caller, as Transport
// returns it (integration turns it into 502, BAD-1), with the connection
// as a writable body, never pooled.
func TestSwitchingProtocols(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	srv := newRawServer(t, replyOnce("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\nraw"))
	resp, err := c.RoundTrip(newReq(http.MethodGet, srv.url("/"), nil))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Errorf("status %d; want 101", resp.StatusCode)
	}
	if _, ok := resp.Body.(io.ReadWriteCloser); !ok {
		t.Errorf("101 body %T is not an io.ReadWriteCloser", resp.Body)
	}
	if b, err := io.ReadAll(resp.Body); err != nil || string(b) != "raw" {
		t.Errorf("101 body: %q, %v; want the connection's bytes %q", b, err, "raw")
	}
	resp.Body.Close()
	if n := c.pool.idleTotal(); n != 0 {
		t.Errorf("%d connections pooled after a 101; want 0", n)
	}
}

// TestNotReusedAfter: a connection whose response was cut short by the
// caller, or followed by bytes nobody asked for, is not used again.
func TestNotReusedAfter(t *testing.T) {
	t.Parallel()
	long := "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + strings.Repeat("x", 100000)
	cases := []struct {
		name  string
		reply string
		read  int // bytes read before Close; -1 reads to EOF
	}{
		{"body closed early", long, 10},
		{"body closed unread", long, 0},
		{"unsolicited bytes after the response", okReply + "HTTP/1.1 200 OK\r\n\r\n", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t)
			srv := newRawServer(t, replyAll(tc.reply))
			resp, err := c.RoundTrip(newReq(http.MethodGet, srv.url("/"), nil))
			if err != nil {
				t.Fatal(err)
			}
			if tc.read < 0 {
				_, _ = io.Copy(io.Discard, resp.Body)
			} else {
				_, _ = io.ReadFull(resp.Body, make([]byte, tc.read))
			}
			resp.Body.Close()
			_, _ = mustDo(t, c, http.MethodGet, srv.url("/"), "")
			if got := srv.accepted.Load(); got != 2 {
				t.Errorf("second request used %d connections in all; want 2 (a new one)", got)
			}
		})
	}
}

// TestRetryRule: the backend reads a second request on a kept connection
// and closes it without answering (its keep-alive timeout raced the
// request). Like Transport, the client sends it again on a new connection
// only when it is replayable.
func TestRetryRule(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		method  string
		body    string
		header  string
		retried bool
	}{
		{"GET", http.MethodGet, "", "", true},
		{"HEAD", http.MethodHead, "", "", true},
		{"OPTIONS", http.MethodOptions, "", "", true},
		{"POST", http.MethodPost, "x", "", false},
		{"PUT without body", http.MethodPut, "", "", false},
		{"DELETE", http.MethodDelete, "", "", false},
		{"POST with Idempotency-Key", http.MethodPost, "x", "Idempotency-Key", true},
		{"POST with X-Idempotency-Key", http.MethodPost, "x", "X-Idempotency-Key", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, rt := range []http.RoundTripper{newTestClient(t), exchanger{c: newTestClient(t)}, newFallback()} {
				srv := newRawServer(t, dropSecondOnFirstConn)
				_, _ = mustDo(t, rt, http.MethodGet, srv.url("/"), "")
				req := newReq(tc.method, srv.url("/"), strings.NewReader(tc.body))
				if tc.header != "" {
					req.Header.Set(tc.header, "k1")
				}
				resp, err := rt.RoundTrip(req)
				if err == nil {
					resp.Body.Close()
				}
				if retried := err == nil; retried != tc.retried {
					t.Errorf("%T: error %v; want retried=%v", rt, err, tc.retried)
				}
			}
		})
	}
}

// dropSecondOnFirstConn answers the first connection's first request,
// reads its second and closes; other connections are answered.
func dropSecondOnFirstConn(n int, c net.Conn) {
	if n > 0 {
		replyAll(okReply)(n, c)
		return
	}
	br := bufio.NewReader(c)
	if _, _, err := readRequest(br); err != nil {
		return
	}
	_, _ = io.WriteString(c, okReply)
	_, _, _ = readRequest(br)
}

// TestIdlePoolLimits: connections idle longer than the idle timeout are
// not reused, and no more than MaxIdleConnsPerHost are kept.
func TestIdlePoolLimits(t *testing.T) {
	t.Parallel()
	t.Run("idle timeout", func(t *testing.T) {
		t.Parallel()
		c := newTestClient(t)
		srv := newRawServer(t, replyAll(okReply))
		_, _ = mustDo(t, c, http.MethodGet, srv.url("/"), "")
		c.pool.mu.Lock()
		for _, conns := range c.pool.idle {
			conns[0].idleAt = monoNow() - c.pool.ttl - time.Second
		}
		c.pool.mu.Unlock()
		_, _ = mustDo(t, c, http.MethodGet, srv.url("/"), "")
		if got := srv.accepted.Load(); got != 2 {
			t.Errorf("expired connection reused: %d connections; want 2", got)
		}
	})
	t.Run("other hosts swept once per idle timeout", func(t *testing.T) {
		t.Parallel()
		c := newTestClient(t)
		a := newRawServer(t, replyAll(okReply))
		b := newRawServer(t, replyAll(okReply))
		_, _ = mustDo(t, c, http.MethodGet, a.url("/"), "")
		c.pool.mu.Lock()
		c.pool.idle[addr(mustURL(a.url("/")))][0].idleAt = monoNow() - c.pool.ttl - time.Second
		c.pool.sweepAt = monoNow() // due

		c.pool.mu.Unlock()
		_, _ = mustDo(t, c, http.MethodGet, b.url("/"), "")
		c.pool.mu.Lock()
		_, kept := c.pool.idle[addr(mustURL(a.url("/")))]
		c.pool.mu.Unlock()
		if kept {
			t.Error("an expired host's connections survived a checkout for another host after the idle timeout")
		}
	})
	t.Run("per host", func(t *testing.T) {
		t.Parallel()
		fb := newFallback()
		fb.MaxIdleConnsPerHost = 2
		c := New(fb)
		t.Cleanup(c.CloseIdleConnections)
		srv := newRawServer(t, replyAll(okReply))
		var open []*http.Response
		for range 3 {
			resp, err := c.RoundTrip(newReq(http.MethodGet, srv.url("/"), nil))
			if err != nil {
				t.Fatal(err)
			}
			open = append(open, resp)
		}
		for _, resp := range open {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if n := c.idleCount(srv.url("/")); n != 2 {
			t.Errorf("%d idle connections; want MaxIdleConnsPerHost=2", n)
		}
	})
}

// TestDeadline: a backend that stops answering gives, once the request's
// deadline passes, an error that is context.DeadlineExceeded, and only
// when the context is done (integration's classify asks the context).
func TestDeadline(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		reply string // sent, then the backend stalls
	}{
		{"no response head", ""},
		{"partial head", "HTTP/1.1 200 OK\r\n"},
		{"body stalls", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t)
			srv := newRawServer(t, stallAfter(tc.reply))
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			err := fetch(ctx, c, srv.url("/"))
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v; want context.DeadlineExceeded", err)
			}
			if ctx.Err() == nil {
				t.Error("error returned before the context was done")
			}
		})
	}
}

// stallAfter writes reply and then waits for the client to go away.
func stallAfter(reply string) func(int, net.Conn) {
	return func(_ int, c net.Conn) {
		br := bufio.NewReader(c)
		if _, _, err := readRequest(br); err != nil {
			return
		}
		_, _ = io.WriteString(c, reply)
		_, _ = io.Copy(io.Discard, br)
	}
}

// fetch is a GET bounded by ctx, body read; its error, from RoundTrip or
// the body.
func fetch(ctx context.Context, rt http.RoundTripper, url string) error {
	req := newReq(http.MethodGet, url, nil).WithContext(ctx)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return err
}

// TestCancel: cancelling the context unblocks a request waiting for its
// response, with context.Canceled.
func TestCancel(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	received := make(chan struct{})
	srv := newRawServer(t, func(_ int, conn net.Conn) {
		br := bufio.NewReader(conn)
		if _, _, err := readRequest(br); err == nil {
			close(received)
		}
		_, _ = io.Copy(io.Discard, br)
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-received
		cancel()
	}()
	if err := fetch(ctx, c, srv.url("/")); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v; want context.Canceled", err)
	}
	if n := c.pool.idleTotal(); n != 0 {
		t.Errorf("%d connections pooled after a cancelled request; want 0", n)
	}
}

// TestRefused: nothing listening is a dial error, not a timeout.
func TestRefused(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/"
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = fetch(ctx, newTestClient(t), url)
	if !errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v; want ECONNREFUSED and no deadline", err)
	}
}
