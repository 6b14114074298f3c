package runtimeapi

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// The Runtime API's own HTTP/1.1 connection loop. net/http's server cost a
// goroutine and four read-deadline changes per request (a background read
// that watches for the client going away, its abort, the header timeout),
// each a possible thread wake-up; this loop reads a runtime's plain
// requests itself and calls their handlers directly (head.go, route.go),
// reads any other request with http.ReadRequest for ServeMux, and writes
// small responses itself. A GET /next with nothing to hand out parks
// (handoff.go): the loop goes back to reading the connection, which is
// how it learns that the runtime went away, while Submit writes the event.

const (
	// maxHeaderBytes bounds a request's header, as net/http's default.
	maxHeaderBytes = 1<<20 + 4096
	// firstHeaderTimeout bounds the wait for a connection's first request
	// (later ones come from a process the gate admitted).
	firstHeaderTimeout = 10 * time.Second
	// discardLimit is how much of an unread request body is skipped to keep
	// the connection; beyond it the connection is closed.
	discardLimit = 256 << 10
)

// conn is one runtime connection.
type conn struct {
	srv  *Server
	nc   net.Conn
	lr   headerLimit
	br   *bufio.Reader
	bw   *bufio.Writer
	res  response // reused: one request at a time
	req  request  // the fast path's request (head.go), reused
	body body     // req's body
	// judged: the gate ruled on the connection (peer.go); verdict is
	// its ruling, nil when admitted.
	judged  bool
	verdict error
	// unread: the last request's body was left unread; the runtime may
	// still be sending it when the connection closes.
	unread bool
}

// lingerLimit bounds how long a connection closed with a body unread
// takes in what the runtime still sends, so that the runtime reads the
// answer before a reset.
const lingerLimit = 500 * time.Millisecond

// headerLimit reads from the connection, at most n bytes while a header
// is read. A replay error is what the next Read returns, once.
type headerLimit struct {
	r      io.Reader
	n      int64
	replay error
}

var errHeaderTooLarge = errors.New("runtimeapi: request header too large")

func (l *headerLimit) Read(p []byte) (int, error) {
	if err := l.replay; err != nil {
		l.replay = nil
		return 0, err
	}
	if l.n <= 0 {
		return 0, errHeaderTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// accept serves every connection ln accepts until it is closed. A failed
// accept that is not the listener closing (EMFILE) is retried after a
// pause, as net/http does.
func (s *Server) accept(ln net.Listener) {
	var pause time.Duration
	for {
		nc, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			pause = min(max(2*pause, 5*time.Millisecond), time.Second)
			time.Sleep(pause)
			continue
		}
		pause = 0
		c := s.newConn(nc)
		if !s.conns.add(c) {
			nc.Close()
			return
		}
		go c.serve()
	}
}

func (s *Server) newConn(nc net.Conn) *conn {
	c := &conn{srv: s, nc: nc}
	c.lr.r = nc
	c.br = bufio.NewReader(&c.lr)
	c.bw = bufio.NewWriter(nc)
	return c
}

// serve reads and answers requests until either side closes. A handler
// that panics closes the connection, as with net/http, not the process.
func (c *conn) serve() {
	defer c.srv.conns.remove(c)
	defer c.close()
	defer func() {
		if v := recover(); v != nil {
			c.unread = false
			log.Printf("runtimeapi: panic serving %s: %v\n%s", c.nc.RemoteAddr(), v, debug.Stack())
		}
	}()
	for first := true; ; first = false {
		req, err := c.readRequest(first)
		if err != nil {
			c.refuse(err)
			return
		}
		if !c.answer(req) {
			return
		}
	}
}

// readRequest reads one request's header, limited in size and, for the
// first one, in time: a nil request and error mean c.req holds it.
func (c *conn) readRequest(first bool) (*http.Request, error) {
	if first {
		c.nc.SetReadDeadline(time.Now().Add(firstHeaderTimeout)) //nolint:errcheck // a failure shows on the read
	}
	c.lr.n = maxHeaderBytes
	req, err := c.read()
	c.lr.n = math.MaxInt64
	if first {
		c.nc.SetReadDeadline(time.Time{}) //nolint:errcheck // as above
	}
	return req, err // errHeaderTooLarge when the limit ran out
}

// read reads a plain request into c.req (nil, nil), or any other with
// http.ReadRequest, which then also gets any read error readHead met.
func (c *conn) read() (*http.Request, error) {
	if !c.srv.slowHeads {
		ok, err := readHead(c.br, &c.req)
		if ok {
			c.body.reset(c.br, &c.req)
			c.req.body = &c.body
			return nil, nil
		}
		c.lr.replay = err
	}
	return http.ReadRequest(c.br)
}

// refuse answers a request that could not be read, unless the runtime
// just closed the connection or went quiet.
func (c *conn) refuse(err error) {
	var ne net.Error
	switch {
	case errors.Is(err, errHeaderTooLarge):
		c.plain(http.StatusRequestHeaderFieldsTooLarge)
	case errors.Is(err, io.EOF), errors.As(err, &ne):
	default:
		c.plain(http.StatusBadRequest)
	}
}

// plain writes status as a short text answer; the connection closes
// after it, with the rest of the request unread.
func (c *conn) plain(status int) {
	c.unread = true
	text := http.StatusText(status)
	io.WriteString(c.bw, "HTTP/1.1 "+itoa(status)+" "+text+"\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: "+itoa(len(text))+"\r\n\r\n"+text) //nolint:errcheck // closing anyway
	c.bw.Flush()                                                                                                                                                                   //nolint:errcheck // as above
}

// answer runs the handler for req (nil: c.req) and finishes its response;
// it reports whether the connection stays open.
func (c *conn) answer(req *http.Request) bool {
	if req == nil {
		return c.conclude(c.answerPlain())
	}
	w := c.res.reset(c, req.Method == http.MethodHead, req.Close)
	c.dispatch(w, req)
	return c.conclude(w, c.verdict == nil && c.discard(req)) // a refused peer is not read
}

// answerPlain runs c.req's handler, unless the gate refuses the
// connection; it reports whether the body was read to its end.
func (c *conn) answerPlain() (*response, bool) {
	w := c.res.reset(c, false, c.req.close)
	if !c.refused(w) {
		c.srv.serve(w, &c.req)
	}
	return w, c.verdict == nil && drain(&c.body)
}

// conclude finishes w, whose request's body was read to its end (kept)
// or not; it reports whether the connection stays open.
func (c *conn) conclude(w *response, kept bool) bool {
	c.unread = !kept
	if w.parked != nil {
		return c.awaitParked(w.parked, kept)
	}
	w.closeAfter = w.closeAfter || !kept
	w.finish()
	if !w.closeAfter && c.nextIsGet() {
		return true // its answer goes out in the same write
	}
	return c.bw.Flush() == nil && !w.closeAfter
}

// nextIsGet reports whether a whole GET request is already buffered (a
// runtime that pipelines /next behind its result): the answer just written
// may wait for that one's. Only a GET, which has no body to wait for; one
// that parks flushes first (takeOrFlush).
func (c *conn) nextIsGet() bool {
	b, _ := c.br.Peek(c.br.Buffered())
	return bytes.HasPrefix(b, []byte("GET ")) && bytes.Contains(b, []byte("\r\n\r\n"))
}

// dispatch runs the handler for req, unless the gate refuses the
// connection (403 AccessDenied, and the connection closes) or the request
// expects what the server does not do.
func (c *conn) dispatch(w *response, req *http.Request) {
	if c.refused(w) {
		return
	}
	if !c.expect(req) {
		w.closeAfter = true
		w.WriteHeader(http.StatusExpectationFailed)
		return
	}
	c.srv.mux.ServeHTTP(w, req)
}

// refused answers 403 AccessDenied, and closes the connection after it,
// when the gate refused the connection.
func (c *conn) refused(w *response) bool {
	err := c.admit()
	if err != nil {
		w.closeAfter = true
		renderError(w, err)
	}
	return err != nil
}

// expect handles Expect: 100-continue (the interim answer goes out when
// the handler first reads the body) and refuses any other expectation.
func (c *conn) expect(req *http.Request) bool {
	e := req.Header.Get("Expect")
	if e == "" {
		return true
	}
	if !strings.EqualFold(e, "100-continue") {
		return false
	}
	if req.ProtoAtLeast(1, 1) && req.ContentLength != 0 {
		req.Body = &continueReader{c: c, body: req.Body}
	}
	return true
}

// discard reads what the handler left of the body, up to discardLimit;
// it reports whether the body ended there. A body whose 100 Continue was
// never sent is not waited for.
func (c *conn) discard(req *http.Request) bool {
	if cr, ok := req.Body.(*continueReader); ok && !cr.sent {
		return false
	}
	if req.Body == http.NoBody {
		return true
	}
	return drain(req.Body)
}

// drain reads what is left of body, up to discardLimit; it reports
// whether the body ended there.
func drain(body io.Reader) bool {
	if _, err := body.Read(nil); errors.Is(err, io.EOF) {
		return true // read to its end already (no copy to allocate)
	}
	n, err := io.CopyN(io.Discard, body, discardLimit+1)
	return n <= discardLimit && (err == nil || errors.Is(err, io.EOF))
}

// awaitParked waits for a parked GET /next to be answered by Submit,
// reading the connection meanwhile: an error there means the runtime
// went away (as does a request body too large to skip, !kept). It
// reports whether the connection stays open.
func (c *conn) awaitParked(pl *poller, kept bool) bool {
	err := errGone
	if kept {
		_, err = c.br.Peek(1)
	}
	if err != nil {
		c.srv.leaveOrWait(pl)
		return false
	}
	// The runtime sent more (its next request) while it waits, or the
	// event is on its way.
	return c.srv.await(context.Background(), pl) == nil
}

// close closes the connection; after a body left unread it first stops
// writing and reads what still comes, until the runtime closes its side
// or lingerLimit passes.
func (c *conn) close() {
	c.bw.Flush() //nolint:errcheck // closing anyway
	if tc, ok := c.nc.(*net.TCPConn); ok && c.unread {
		tc.CloseWrite()                                 //nolint:errcheck // closing anyway
		tc.SetReadDeadline(time.Now().Add(lingerLimit)) //nolint:errcheck // as above
		io.Copy(io.Discard, tc)                         //nolint:errcheck // as above
	}
	c.nc.Close()
}

// continueReader sends 100 Continue before the first read of the body.
type continueReader struct {
	c    *conn
	body io.ReadCloser
	sent bool
}

func (r *continueReader) Read(p []byte) (int, error) {
	if !r.sent {
		r.sent = true
		io.WriteString(r.c.bw, "HTTP/1.1 100 Continue\r\n\r\n") //nolint:errcheck // the read below fails too
		if err := r.c.bw.Flush(); err != nil {
			return 0, err
		}
	}
	return r.body.Read(p)
}

func (r *continueReader) Close() error { return r.body.Close() }

// connSet is a server's open connections, closed together by Close.
type connSet struct {
	mu     sync.Mutex
	m      map[*conn]struct{}
	closed bool
}

func (s *connSet) add(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	if s.m == nil {
		s.m = map[*conn]struct{}{}
	}
	s.m[c] = struct{}{}
	return true
}

func (s *connSet) remove(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, c)
}

// closeAll closes every connection and refuses new ones.
func (s *connSet) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.m {
		c.nc.Close()
	}
}
