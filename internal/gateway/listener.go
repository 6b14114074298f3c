package gateway

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Accept's backoff after a resource error, as net/http's.
const (
	firstAcceptDelay = 5 * time.Millisecond
	maxAcceptDelay   = time.Second
	// acceptLogEvery rate-limits the log lines of a flood.
	acceptLogEvery = 10 * time.Second
)

// guardedListener keeps a flood of connections from stopping the server
// (BAD-4). Accept never returns a resource error (EMFILE, ENFILE, ENOBUFS,
// ECONNABORTED): it logs it, waits with backoff and accepts again, while
// the connections already open keep being served. A connection beyond
// maxConns is closed as soon as it is accepted. Accept is called from one
// goroutine, the server's accept loop.
type guardedListener struct {
	net.Listener
	maxConns int64
	open     atomic.Int64
	log      *slog.Logger
	// wait sleeps d and reports false if the listener closed meanwhile.
	wait func(d time.Duration) bool

	closeOnce sync.Once
	closed    chan struct{}
	lastLog   map[string]time.Time // by message: rate limiting
}

func newGuardedListener(ln net.Listener, maxConns int, log *slog.Logger) *guardedListener {
	l := &guardedListener{Listener: ln, maxConns: int64(maxConns), log: log,
		closed: make(chan struct{}), lastLog: map[string]time.Time{}}
	l.wait = l.sleep
	return l
}

// Accept returns the next connection within the cap.
func (l *guardedListener) Accept() (net.Conn, error) {
	var delay time.Duration
	for {
		c, err := l.Listener.Accept()
		if err != nil && isResourceError(err) {
			delay = min(max(2*delay, firstAcceptDelay), maxAcceptDelay)
			l.warn("accept failed: retrying with backoff", slog.Any("error", err), slog.Duration("delay", delay))
			if !l.wait(delay) {
				return nil, net.ErrClosed
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		delay = 0
		if conn := l.admit(c); conn != nil {
			return conn, nil
		}
	}
}

// admit counts c in, or closes it when the cap is reached.
func (l *guardedListener) admit(c net.Conn) net.Conn {
	if l.open.Add(1) > l.maxConns {
		l.open.Add(-1)
		_ = c.Close()
		l.warn("connection limit reached: closing new connections", slog.Int64("maxConnections", l.maxConns))
		return nil
	}
	cc := &countedConn{Conn: c, l: l}
	cc.rd.conn = c
	return cc
}

// Close stops Accept, also while it waits.
func (l *guardedListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

func (l *guardedListener) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-l.closed:
		return false
	}
}

// warn logs msg at most once per acceptLogEvery.
func (l *guardedListener) warn(msg string, attrs ...slog.Attr) {
	now := time.Now()
	if last, ok := l.lastLog[msg]; ok && now.Sub(last) < acceptLogEvery {
		return
	}
	l.lastLog[msg] = now
	l.log.LogAttrs(context.Background(), slog.LevelWarn, msg, attrs...)
}

// isResourceError reports an accept error that passes: the process or the
// system is out of descriptors or buffers, or a client gave up first.
func isResourceError(err error) bool {
	for _, e := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ECONNABORTED} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// countedConn gives its slot back when closed. Its read deadline is kept
// by readDeadline.
type countedConn struct {
	net.Conn
	l    *guardedListener
	once sync.Once
	rd   readDeadline
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.l.open.Add(-1) })
	c.rd.stop()
	return c.Conn.Close()
}

func (c *countedConn) SetReadDeadline(t time.Time) error { return c.rd.set(t) }

func (c *countedConn) SetDeadline(t time.Time) error {
	if err := c.rd.set(t); err != nil {
		return err
	}
	return c.Conn.SetWriteDeadline(t)
}
