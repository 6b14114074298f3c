package upstream

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// readerPool holds the bufio.Readers responses are read with. A reader
// belongs to one exchange from checkout until its body is read to EOF on
// a connection that is kept; a reader whose body was abandoned or failed
// is left to the GC, since the caller may still be inside a Read on it.
var readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// conn is one backend connection. While idle it is owned by the pool;
// while checked out, by the one exchange using it.
type conn struct {
	nc  net.Conn
	raw syscall.RawConn // nil when nc has no file descriptor
	key string          // host:port of the pool it belongs to

	idleAt time.Duration // when it last went idle (monoNow)
	br     *bufio.Reader // from readerPool while checked out, else nil
	// limit is how many more bytes Read may return: the header bound while
	// a response head is read, unlimited for bodies.
	limit int64
	// pending is a read error the fast head reader took from br, handed
	// back by the next Read so that http.ReadResponse sees it too.
	pending error

	interrupt func() // method value of interruptIO, made once
	peekFn    func(fd uintptr) bool
	peekErr   error
	peekBuf   [1]byte

	// The current exchange's watch (watch, unwatch): stopCtx ends the
	// interrupt's registration on the request's context (nil: none);
	// expiry calls expire at deadline (zero: none watched), which sets
	// expired; cause is the deadline's.
	stopCtx  func() bool
	expiry   expiry
	deadline time.Time
	expired  atomic.Bool
	cause    error
}

// errHeadersTooLarge is a response head over the header bound.
var errHeadersTooLarge = errors.New("upstream: server response headers exceeded the limit")

func newConn(nc net.Conn, key string) *conn {
	cn := &conn{nc: nc, key: key}
	if sc, ok := nc.(syscall.Conn); ok {
		cn.raw, _ = sc.SyscallConn()
	}
	cn.interrupt = cn.interruptIO
	cn.peekFn = cn.peek
	cn.expiry.fire = cn.expire
	return cn
}

// Read reads from the connection within limit; bufio reads through it.
func (cn *conn) Read(p []byte) (int, error) {
	if err := cn.pending; err != nil {
		cn.pending = nil
		return 0, err
	}
	if cn.limit <= 0 {
		return 0, errHeadersTooLarge
	}
	if int64(len(p)) > cn.limit {
		p = p[:cn.limit]
	}
	n, err := cn.nc.Read(p)
	cn.limit -= int64(n)
	return n, err
}

// write starts an exchange on cn: the watch set within ctx and lim, a
// reader checked out, w written. A failed write is an exchangeError and
// cn is then closed.
func (cn *conn) write(ctx context.Context, w wire, lim limit) error {
	cn.watch(ctx, lim)
	cn.checkout()
	if n, err := cn.nc.Write(w.bytes()); err != nil {
		abandon(cn)
		return &exchangeError{err: err, stage: stageOf(n)}
	}
	return nil
}

// checkout gives cn a reader from the pool.
func (cn *conn) checkout() {
	cn.br = readerPool.Get().(*bufio.Reader)
	cn.br.Reset(cn)
	cn.pending = nil
}

// watch bounds cn's I/O by ctx and by lim's deadline: when ctx is done
// (cancelled, or at its deadline, through ctx's own timer) or lim's
// deadline passes (through cn's timer) the interrupt unblocks any Read or
// Write. No deadline is set on the connection per request: arming a
// socket deadline is a runtime timer, and on an idle machine a wake-up of
// the network poller per request. unwatch ends the watch.
func (cn *conn) watch(ctx context.Context, lim limit) {
	cn.stopCtx, cn.deadline, cn.cause = nil, lim.deadline, lim.cause
	cn.expired.Store(false)
	if ctx.Done() != nil {
		cn.stopCtx = context.AfterFunc(ctx, cn.interrupt)
	}
	if !lim.deadline.IsZero() {
		cn.expiry.set(lim.due(), lim.clock())
	}
}

// unwatch ends watch's watch. It reports false when the interrupt has run
// or is running (or the watch was already ended), and the connection
// must then not be reused. A second call (a 101's body closed twice) may
// run concurrently with the first: it reports false.
func (cn *conn) unwatch() bool {
	ok := cn.stopCtx == nil || cn.stopCtx()
	if !cn.deadline.IsZero() && !cn.expiry.end() {
		ok = false
	}
	return ok
}

// expire ends the exchange at its deadline: expired is set before the
// interrupted I/O can return.
func (cn *conn) expire() {
	cn.expired.Store(true)
	cn.interruptIO()
}

// failure is err from cn's exchange under ctx: a deadlineError when the
// exchange's deadline interrupted it, else ctxErr's.
func (cn *conn) failure(ctx context.Context, err error) error {
	if cn.expired.Load() {
		return &deadlineError{cause: cn.cause, err: err}
	}
	return ctxErr(ctx, err)
}

// interruptIO unblocks any Read or Write on cn.
func (cn *conn) interruptIO() {
	_ = cn.nc.SetDeadline(time.Unix(1, 0))
}

// idle readies cn for the pool: its reader returned. It reports
// false when cn cannot be reused (bytes beyond the response are buffered).
func (cn *conn) idle(now time.Duration) bool {
	if cn.br.Buffered() > 0 {
		return false
	}
	cn.br.Reset(nil)
	readerPool.Put(cn.br)
	cn.br = nil
	cn.idleAt = now
	return true // no deadline to clear: only an interrupt sets one, and it is never reused after
}

func (cn *conn) close() {
	cn.expiry.stop()
	_ = cn.nc.Close()
}

// unlimited lifts the header bound once a response head has been read.
func (cn *conn) unlimited() { cn.limit = math.MaxInt64 }

// ctxErr is err from I/O bounded by ctx. A connection times out only
// through the interrupt, once ctx is done; a dial takes ctx's deadline,
// and its timer may fire a little before ctx's own for the same instant
// (each converts the deadline to its clock). On a timeout at ctx's
// deadline ctxErr therefore waits for ctx to be done,
// so a caller that asks ctx why (as the gateway does to tell a timeout
// from a failure) gets the answer. Once ctx is done the error wraps
// ctx.Err() too.
func ctxErr(ctx context.Context, err error) error {
	if atDeadline(ctx, err) {
		<-ctx.Done()
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}

// deadlineSkew is how far before ctx's deadline a dial's timeout still
// counts as that deadline: timers converted to different clocks fire
// microseconds apart.
const deadlineSkew = 5 * time.Millisecond

// atDeadline reports whether err is a timeout at (or just before) ctx's
// deadline.
func atDeadline(ctx context.Context, err error) bool {
	d, ok := ctx.Deadline()
	return ok && timedOut(err) && time.Until(d) < deadlineSkew
}

// timedOut reports whether err is an I/O or dial timeout.
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// limit is an exchange's own deadline (RoundTripWithin) and its cause;
// the zero limit has none. now, when not 0, is monoNow read just before
// the exchange, for clock.
type limit struct {
	deadline time.Time
	cause    error
	now      time.Duration
}

// due is the deadline on monoNow's clock.
func (lim limit) due() time.Duration { return lim.deadline.Sub(monoBase) }

// clock is monoNow: now, or read now.
func (lim limit) clock() time.Duration {
	if lim.now == 0 {
		return monoNow()
	}
	return lim.now
}

// dialErr is err from a dial under ctx, which has lim's deadline: a
// deadlineError when ctx ran out at that deadline, else ctxErr's.
func (lim limit) dialErr(ctx context.Context, err error) error {
	err2 := ctxErr(ctx, err) // at the deadline, waits for ctx to be done
	if errors.Is(context.Cause(ctx), lim.cause) && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &deadlineError{cause: lim.cause, err: err}
	}
	return err2
}

// deadlineError is an exchange ended by its own deadline: it is
// context.DeadlineExceeded, the deadline's cause and the I/O error, and
// reads as ctxErr's error at a context's deadline does.
type deadlineError struct{ cause, err error }

func (e *deadlineError) Error() string {
	return context.DeadlineExceeded.Error() + ": " + e.err.Error()
}

func (e *deadlineError) Unwrap() []error {
	return []error{context.DeadlineExceeded, e.cause, e.err}
}
