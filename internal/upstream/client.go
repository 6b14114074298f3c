package upstream

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// defaultMaxHeaderBytes bounds a response head, as Transport does when
// MaxResponseHeaderBytes is 0.
const defaultMaxHeaderBytes = 10 << 20

// Client is an http.RoundTripper for HTTP-proxy backends: plain http://
// requests on the caller's goroutine over its own connection pool,
// everything else through the fallback Transport (see the package doc).
// It is safe for concurrent use.
type Client struct {
	fallback  *http.Transport
	dial      func(ctx context.Context, network, addr string) (net.Conn, error)
	raw       bool // the raw path is on: the fallback neither compresses nor closes
	maxHeader int64
	pool      pool

	// routes are Exchange's pool keys and proxy answers by host (route);
	// the map is replaced whole under routesMu.
	routes   atomic.Pointer[map[string]hostRoute]
	routesMu sync.Mutex
}

// New returns a Client that sends through fallback what it does not
// handle itself. It takes its settings from fallback: DialContext (the
// zero net.Dialer when nil), MaxIdleConnsPerHost, IdleConnTimeout and
// MaxResponseHeaderBytes. The raw path is used only when fallback has
// DisableCompression set (Transport would otherwise add Accept-Encoding and
// decompress), keep-alives enabled and no deprecated Dial.
func New(fallback *http.Transport) *Client {
	c := &Client{
		fallback:  fallback,
		dial:      fallback.DialContext,
		raw:       fallback.DisableCompression && !fallback.DisableKeepAlives && fallback.Dial == nil,
		maxHeader: fallback.MaxResponseHeaderBytes,
		pool: pool{
			idle:    make(map[string][]*conn),
			perHost: fallback.MaxIdleConnsPerHost,
			ttl:     fallback.IdleConnTimeout,
		},
	}
	c.routes.Store(&map[string]hostRoute{})
	if c.dial == nil {
		c.dial = (&net.Dialer{}).DialContext
	}
	if c.maxHeader <= 0 {
		c.maxHeader = defaultMaxHeaderBytes
	}
	if c.pool.perHost <= 0 {
		c.pool.perHost = http.DefaultMaxIdleConnsPerHost
	}
	return c
}

// RoundTrip sends req and returns the backend's response; see
// http.RoundTripper. The caller must read the body to EOF or close it.
func (c *Client) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.roundTrip(req, limit{})
	if errors.Is(err, ErrNotRaw) {
		return c.fallback.RoundTrip(req)
	}
	return resp, err
}

// RoundTripWithin is RoundTrip bounded, beside req's context, by an
// exchange deadline of its own, for a caller that would otherwise derive
// a context with that deadline per request: a timer made once per
// connection interrupts the exchange's I/O at deadline, including the
// body's. An error at the deadline, from RoundTripWithin or from reading
// the body, is context.DeadlineExceeded and cause, its text that of
// context.DeadlineExceeded wrapping the I/O error. RoundTripWithin sends
// only what the raw path takes: for anything else it returns ErrNotRaw
// with req untouched, and the caller sends req with RoundTrip under a
// context with the deadline.
func (c *Client) RoundTripWithin(req *http.Request, deadline time.Time, cause error) (*http.Response, error) {
	return c.roundTrip(req, limit{deadline: deadline, cause: cause})
}

// ErrNotRaw is RoundTripWithin's answer to a request the raw path does
// not take (see the package doc).
var ErrNotRaw = errors.New("upstream: request left to the fallback transport")

// roundTrip sends req on the raw path within lim, or returns ErrNotRaw
// with req untouched.
func (c *Client) roundTrip(req *http.Request, lim limit) (*http.Response, error) {
	if !c.useRaw(req) {
		return nil, ErrNotRaw
	}
	w, err := build(req)
	if err != nil {
		return nil, err
	}
	defer w.free()
	return c.send(req, w, lim)
}

// CloseIdleConnections closes the idle connections of the raw pool and of
// the fallback. Connections in use are not affected.
func (c *Client) CloseIdleConnections() {
	c.pool.closeIdle()
	c.fallback.CloseIdleConnections()
}

// useRaw reports whether req takes the raw path: one it writes as
// Transport would, to an http:// URL no proxy serves.
func (c *Client) useRaw(req *http.Request) bool {
	if !c.raw || !rawOK(req) {
		return false
	}
	if c.fallback.Proxy == nil {
		return true
	}
	proxy, err := c.fallback.Proxy(req)
	return err == nil && proxy == nil
}

// send runs the exchange on an idle connection or a new one, within lim.
func (c *Client) send(req *http.Request, w wire, lim limit) (*http.Response, error) {
	ctx := req.Context()
	var resp *http.Response
	err := c.sendTo(ctx, addr(req.URL), lim, replayable(req), func(cn *conn, lim limit) (err error) {
		resp, err = c.exchange(ctx, cn, req, w, lim)
		return err
	})
	return resp, err
}

// sendTo runs try, one exchange, on an idle connection to key or a new
// one, within lim. A reused connection that fails before any response
// byte is read is replaced once, when retry allows (replay: the request
// may be sent again though it may have reached the backend). The clock
// read for the pool serves an idle connection's exchange too (lim.now);
// after a dial or a failure try gets none, and reads it again.
func (c *Client) sendTo(ctx context.Context, key string, lim limit, replay bool, try func(*conn, limit) error) error {
	lim.now = monoNow()
	cn := c.pool.get(key, lim.now)
	reused := cn != nil
	for {
		if cn == nil {
			lim.now = 0
			nc, err := c.dialWithin(ctx, key, lim)
			if err != nil {
				return err
			}
			cn = newConn(nc, key)
		}
		err := try(cn, lim)
		if err == nil {
			return nil
		}
		if !reused || cn.expired.Load() || ctx.Err() != nil || atDeadline(ctx, err) || !retry(replay, err) {
			return cn.failure(ctx, err)
		}
		cn, reused = nil, false
	}
}

// dialWithin dials key bounded by ctx and lim's deadline.
func (c *Client) dialWithin(ctx context.Context, key string, lim limit) (net.Conn, error) {
	if lim.deadline.IsZero() {
		nc, err := c.dial(ctx, "tcp", key)
		if err != nil {
			return nil, ctxErr(ctx, err)
		}
		return nc, nil
	}
	ctx, cancel := context.WithDeadlineCause(ctx, lim.deadline, lim.cause)
	defer cancel()
	nc, err := c.dial(ctx, "tcp", key)
	if err != nil {
		return nil, lim.dialErr(ctx, err)
	}
	return nc, nil
}

// exchange writes the request on cn and reads the response head. On
// success cn belongs to the response's body; on failure it is closed.
func (c *Client) exchange(ctx context.Context, cn *conn, req *http.Request, w wire, lim limit) (*http.Response, error) {
	if err := cn.write(ctx, w, lim); err != nil {
		return nil, err
	}
	resp, err := c.readResponse(cn, req)
	if err != nil {
		abandon(cn)
		return nil, err
	}
	c.attachBody(ctx, cn, req, resp)
	return resp, nil
}

// release ends an exchange whose response was fully read: cn goes back to
// the pool when keep allows and nothing interrupted it.
func (c *Client) release(cn *conn, keep bool) {
	if cn.unwatch() && keep {
		c.pool.put(cn)
		return
	}
	cn.close()
}

// abandon ends an exchange that failed or was cut short: cn is closed.
func abandon(cn *conn) {
	cn.unwatch()
	cn.close()
}

// addr is the host:port to dial for u, port 80 when u has none; it is
// also the pool key.
func addr(u *url.URL) string { return hostAddr(u.Host) }

// hostAddr is the host:port to dial for the URL host h (host[:port]),
// port 80 when h has none, as u.Hostname() and u.Port() read h.
func hostAddr(h string) string {
	if i := strings.LastIndexByte(h, ':'); i > strings.LastIndexByte(h, ']') && i < len(h)-1 {
		return h
	}
	h = strings.TrimSuffix(h, ":") // an empty port
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	return net.JoinHostPort(h, "80")
}

// Stages an exchange can fail at, for the retry rule.
const (
	stageNothingWritten = iota // the write failed before any byte went out
	stageNoResponse            // written (maybe partly), no response byte read
)

func stageOf(written int) int {
	if written == 0 {
		return stageNothingWritten
	}
	return stageNoResponse
}

// exchangeError is an exchange that failed before any response byte was
// read, with how far it got.
type exchangeError struct {
	err   error
	stage int
}

func (e *exchangeError) Error() string { return e.err.Error() }
func (e *exchangeError) Unwrap() error { return e.err }

// retry is Transport's rule for sending again, on a new connection, a
// request whose reused connection failed: always when nothing was
// written (the body is in memory), when the request is replayable if no
// response byte was read, never once a response started (err is then not
// an exchangeError).
func retry(replay bool, err error) bool {
	var e *exchangeError
	if !errors.As(err, &e) {
		return false
	}
	return e.stage == stageNothingWritten || replay
}
