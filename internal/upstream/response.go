package upstream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
)

// max1xx is how many informational responses may precede the final one.
// Go 1.26's Transport bounds only their bytes (with the final head's, by
// MaxResponseHeaderBytes); a count bound as well stops a backend from
// holding a request with an endless stream of small 1xx heads.
const max1xx = 5

var (
	errTooMany1xx     = errors.New("upstream: too many 1xx informational responses")
	errReadAfterClose = errors.New("upstream: read on closed response body")
)

// readResponse reads the final response head from cn, skipping up to
// max1xx informational responses (101 is final, as with Transport). All
// the heads together are bounded by maxHeader bytes, as with Transport. A
// failure before the first response byte is an exchangeError, so that the
// retry rule can see it.
func (c *Client) readResponse(cn *conn, req *http.Request) (*http.Response, error) {
	if err := c.awaitResponse(cn); err != nil {
		return nil, err
	}
	return c.readHeads(cn, req)
}

// awaitResponse sets the header bound and waits for the first response
// byte; a failure is an exchangeError, so that the retry rule can see it.
func (c *Client) awaitResponse(cn *conn) error {
	cn.limit = c.maxHeader
	if _, err := cn.br.Peek(1); err != nil {
		return &exchangeError{err: err, stage: stageNoResponse}
	}
	return nil
}

// readHeads is readResponse once a response byte is buffered, within
// what is left of the header bound.
func (c *Client) readHeads(cn *conn, req *http.Request) (*http.Response, error) {
	for n := 0; ; n++ {
		resp, err := http.ReadResponse(cn.br, req)
		if err != nil && cn.limit <= 0 {
			return nil, fmt.Errorf("%w (%d bytes): %w", errHeadersTooLarge, c.maxHeader, err)
		}
		if err != nil {
			return nil, err
		}
		if !interim(resp.StatusCode) {
			cn.unlimited()
			return resp, nil
		}
		if n == max1xx {
			return nil, errTooMany1xx
		}
	}
}

// interim reports whether code is an informational status to skip.
func interim(code int) bool {
	return code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols
}

// attachBody gives cn to resp's body. A body that is empty by framing
// (HEAD, 204, 304, Content-Length 0) releases cn at once. As with
// Transport, cn is kept only when neither side asked to close and the
// status is a final one (a 0xx is not).
func (c *Client) attachBody(ctx context.Context, cn *conn, req *http.Request, resp *http.Response) {
	keep := !resp.Close && !wantsClose(req) && resp.StatusCode >= http.StatusOK
	switch {
	case resp.StatusCode == http.StatusSwitchingProtocols:
		resp.Body = &switched{cn: cn}
	case resp.Body == http.NoBody:
		c.release(cn, keep)
	default:
		resp.Body = &body{rc: resp.Body, c: c, cn: cn, ctx: ctx, keep: keep}
	}
}

// States of a body.
const (
	bodyOpen int32 = iota
	bodyEOF
	bodyFailed
	bodyClosed
)

// body is a response body on a raw connection. Read to EOF, it gives the
// connection back to the pool when the response allows keep-alive;
// closed before EOF or failed, it closes the connection. Close may run
// concurrently with a Read and unblocks it.
type body struct {
	rc    io.ReadCloser // http.ReadResponse's body, reading cn.br
	c     *Client
	cn    *conn
	ctx   context.Context
	keep  bool
	err   error // the failure, once state is bodyFailed
	state atomic.Int32
}

func (b *body) Read(p []byte) (int, error) {
	switch b.state.Load() {
	case bodyEOF:
		return 0, io.EOF
	case bodyFailed:
		return 0, b.err
	case bodyClosed:
		return 0, errReadAfterClose
	}
	n, err := b.rc.Read(p)
	if err == io.EOF && b.state.CompareAndSwap(bodyOpen, bodyEOF) {
		b.c.release(b.cn, b.keep)
	}
	if err != nil && err != io.EOF {
		err = b.cn.failure(b.ctx, err)
		b.err = err
		if b.state.CompareAndSwap(bodyOpen, bodyFailed) {
			abandon(b.cn)
		}
	}
	return n, err
}

// Close closes the connection unless the body was read to its end.
func (b *body) Close() error {
	if b.state.CompareAndSwap(bodyOpen, bodyClosed) {
		abandon(b.cn)
	}
	return nil
}

// switched is the body of a 101 Switching Protocols response: the
// connection itself, never pooled, as Transport returns it.
type switched struct {
	cn *conn
}

func (s *switched) Read(p []byte) (int, error)  { return s.cn.br.Read(p) }
func (s *switched) Write(p []byte) (int, error) { return s.cn.nc.Write(p) }

func (s *switched) Close() error {
	s.cn.unwatch()
	s.cn.expiry.stop()
	return s.cn.nc.Close()
}
