package runtimeapi

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

// FuzzHandlers drives one Server with a random sequence of pool calls
// (Submit, Withdraw, Abort) and runtime requests (any method, path and
// body). It must never panic, and after every step the state must agree
// with the calls it holds.
func FuzzHandlers(f *testing.F) {
	f.Add([]byte{0, 1, 2, 0, 1, 3, 4})
	f.Add([]byte{0, 4, 1, 2, 2, 'a', 'b'})
	f.Add([]byte{0, 1, 2, 0, 1, 2, 9, 0x13})
	f.Add([]byte{6, 'G', 'E', 'T', ' ', '/', 5, 0, 1, 7, 1})
	f.Add([]byte("\x00\x01\x03{\"errorType\":\"x\"}\x00\x01\x02"))
	f.Fuzz(func(t *testing.T, ops []byte) {
		fz := &fuzzer{t: t, s: New(), ops: ops}
		for len(fz.ops) > 0 {
			fz.step()
			fz.check()
		}
	})
}

type fuzzer struct {
	t     *testing.T
	s     *Server
	ops   []byte
	calls []*Call
	n     int
}

func (fz *fuzzer) take() byte {
	if len(fz.ops) == 0 {
		return 0
	}
	b := fz.ops[0]
	fz.ops = fz.ops[1:]
	return b
}

// chunk takes a length byte and then up to that many bytes.
func (fz *fuzzer) chunk() []byte {
	n := min(int(fz.take()%32), len(fz.ops))
	b := fz.ops[:n]
	fz.ops = fz.ops[n:]
	return b
}

func (fz *fuzzer) step() {
	switch fz.take() % 8 {
	case 0:
		fz.submit()
	case 1:
		fz.request("GET", PathNext, nil)
	case 2:
		fz.request("POST", "/"+Version+"/runtime/invocation/"+fz.id()+"/response", fz.chunk())
	case 3:
		fz.request("POST", "/"+Version+"/runtime/invocation/"+fz.id()+"/error", fz.chunk())
	case 4:
		fz.request("POST", PathInitError, fz.chunk())
	case 5:
		if len(fz.calls) > 0 {
			fz.calls[len(fz.calls)-1].Withdraw()
		}
	case 6:
		fz.request(string(fz.chunk()), "/"+string(fz.chunk()), fz.chunk())
	case 7:
		if fz.take()%4 == 0 {
			fz.s.Abort(errors.New("exited"))
		}
	}
}

func (fz *fuzzer) submit() {
	fz.n++
	c, err := fz.s.Submit(Invocation{RequestID: string(rune('a' + fz.n%3)), Payload: []byte("{}")})
	if err == nil {
		fz.calls = append(fz.calls, c)
	}
}

// id is the running id, another known id, or fuzz bytes.
func (fz *fuzzer) id() string {
	switch fz.take() % 3 {
	case 0:
		if c := fz.s.current; c != nil {
			return c.inv.RequestID
		}
		return "a"
	case 1:
		return string(rune('a' + fz.n%3))
	}
	return string(fz.chunk())
}

// request sends one request with an already cancelled context, so a poll
// that finds nothing returns at once as a vanished runtime would.
func (fz *fuzzer) request(method, path string, body []byte) {
	req, err := http.NewRequest(method, "http://x"+path, bytes.NewReader(body))
	if err != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	fz.s.Handler().ServeHTTP(rec, req.WithContext(ctx))
	if rec.Code >= 500 && fz.s.aborted == nil {
		fz.t.Fatalf("%s %q: status %d before any Abort", method, path, rec.Code)
	}
}

func (fz *fuzzer) check() {
	s := fz.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := transitions[s.state]; !ok && s.state != StateInitFailed && s.state != StateClosed {
		fz.t.Fatalf("unknown state %v", s.state)
	}
	if s.state == StatePolling {
		fz.t.Fatalf("state Polling with no poller")
	}
	if (s.state == StateRunning) != (s.current != nil) {
		fz.t.Fatalf("state %v with current %v", s.state, s.current)
	}
	if (s.state == StateClosed) != (s.aborted != nil) {
		fz.t.Fatalf("state %v with abort cause %v", s.state, s.aborted)
	}
	if (s.state == StateInitFailed || s.state == StateClosed) && (s.pending != nil || s.current != nil) {
		fz.t.Fatalf("state %v / aborted %v still holds calls", s.state, s.aborted)
	}
	if s.pending != nil && s.current != nil {
		fz.t.Fatalf("a pending and a running call at once")
	}
	for _, c := range fz.calls {
		fz.checkCall(c)
	}
}

func (fz *fuzzer) checkCall(c *Call) {
	if !c.finished {
		return
	}
	if (c.result.Err == nil) == (c.result.Payload == nil) {
		fz.t.Fatalf("call %s finished with payload %q and error %v", c.inv.RequestID, c.result.Payload, c.result.Err)
	}
	if c == fz.s.current || c == fz.s.pending {
		fz.t.Fatalf("finished call %s still held", c.inv.RequestID)
	}
}

// FuzzConn feeds arbitrary bytes to the connection loop as one runtime's
// connection. It must never panic and always end: a parked poll is let go
// by Abort, as a process exit would.
func FuzzConn(f *testing.F) {
	f.Add([]byte("GET " + PathNext + " HTTP/1.1\r\nHost: a\r\n\r\n"))
	f.Add([]byte("POST /" + Version + "/runtime/invocation/a/response HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX: y\r\n\r\n"))
	f.Add([]byte("POST " + PathInitError + " HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}GET " + PathNext + " HTTP/1.0\r\n\r\n"))
	f.Add([]byte("HEAD /x HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nabc"))
	f.Fuzz(func(t *testing.T, in []byte) {
		s := New()
		if len(in) > 0 && in[0]%2 == 0 {
			s.Submit(Invocation{RequestID: "a", Payload: []byte("{}"), Timeout: time.Minute}) //nolint:errcheck // may be refused
		}
		c := s.newConn(&fakeConn{r: bytes.NewReader(in)})
		done := make(chan struct{})
		go func() {
			defer close(done)
			c.serve()
		}()
		for {
			select {
			case <-done:
				return
			default:
			}
			if s.State() == StatePolling {
				s.Abort(errors.New("exited"))
			}
			runtime.Gosched()
		}
	})
}

// fakeConn reads r, then reports EOF; writes go nowhere.
type fakeConn struct {
	r *bytes.Reader
}

func (c *fakeConn) Read(p []byte) (int, error)       { return c.r.Read(p) }
func (c *fakeConn) Write(p []byte) (int, error)      { return len(p), nil }
func (c *fakeConn) Close() error                     { return nil }
func (c *fakeConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *fakeConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c *fakeConn) SetDeadline(time.Time) error      { return nil }
func (c *fakeConn) SetReadDeadline(time.Time) error  { return nil }
func (c *fakeConn) SetWriteDeadline(time.Time) error { return nil }
