package gateway

import (
	"context"
	"errors"
	"io"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
	"golang.org/x/sync/semaphore"
)

const (
	// unbudgetedBodyBytes is read without asking the budget: like the
	// 64 KB header buffer, it is bounded by the connection cap.
	unbudgetedBodyBytes = 64 << 10
	// chunkedReserve covers a chunked body of unknown length while it grows
	// by doubling up to just over the limit: old and new buffer together.
	chunkedReserve = 2 * (MaxBodyBytes + 1)
	// quietPeriod without large bodies ends a burst; freeAfterBytes admitted
	// during it make returning memory to the system worth a full collection.
	quietPeriod    = time.Second
	freeAfterBytes = 32 << 20
)

// bodyBudget bounds the bytes of large request bodies the front end holds
// at once (BAD-5). Each request owns the buffer its body is read into, so
// the gateway and integrations may keep it (an http_proxy transport can
// still be sending it after the response); the budget is given back when
// the handler returns, and the buffer is left to the garbage collector.
type bodyBudget struct {
	sem     *semaphore.Weighted
	size    int64
	held    atomic.Int64 // bytes admitted and not given back
	waiting atomic.Int64 // requests waiting for admission

	mu       sync.Mutex
	admitted int64 // bytes admitted since memory was last freed
	quiet    *time.Timer
	freeOS   func() // returns freed memory to the system after a burst
}

func newBodyBudget(size int64) *bodyBudget {
	return &bodyBudget{sem: semaphore.NewWeighted(size), size: size, freeOS: debug.FreeOSMemory}
}

// reservation is one request's share of the budget.
type reservation struct {
	b *bodyBudget
	n int64
}

// reserve admits n bytes (at most the whole budget), waiting up to
// patience; waited reports whether it had to wait.
func (b *bodyBudget) reserve(n int64, patience time.Duration) (r *reservation, waited bool, err error) {
	n = min(n, b.size)
	if !b.sem.TryAcquire(n) {
		waited = true
		if err := b.wait(n, patience); err != nil {
			return nil, true, err
		}
	}
	b.held.Add(n)
	b.mu.Lock()
	b.admitted += n
	b.mu.Unlock()
	return &reservation{b: b, n: n}, waited, nil
}

// wait blocks until n bytes are free, or patience (when positive) passed.
func (b *bodyBudget) wait(n int64, patience time.Duration) error {
	ctx := context.Background()
	if patience > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, patience)
		defer cancel()
	}
	b.waiting.Add(1)
	defer b.waiting.Add(-1)
	if b.sem.Acquire(ctx, n) != nil {
		return errThrottled
	}
	return nil
}

// shrink gives back what the reservation holds beyond keep bytes.
func (r *reservation) shrink(keep int64) {
	if r == nil || keep >= r.n {
		return
	}
	r.b.giveBack(r.n - keep)
	r.n = keep
}

// release gives the whole reservation back; nil is a no-op.
func (r *reservation) release() { r.shrink(0) }

func (b *bodyBudget) giveBack(n int64) {
	b.sem.Release(n)
	if b.held.Add(-n) == 0 {
		b.idle()
	}
}

// idle (re)starts the quiet timer: once no large body has been held for
// quietPeriod after a burst, the memory they took goes back to the system
// instead of staying in the process until the next collection.
func (b *bodyBudget) idle() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.quiet == nil {
		b.quiet = time.AfterFunc(quietPeriod, b.afterBurst)
		return
	}
	b.quiet.Reset(quietPeriod)
}

func (b *bodyBudget) afterBurst() {
	b.mu.Lock()
	free := b.held.Load() == 0 && b.admitted >= freeAfterBytes
	if free {
		b.admitted = 0
	}
	b.mu.Unlock()
	if free {
		b.freeOS()
	}
}

// expectOverLimit makes fasthttp ask expect before reading any of a body
// announced over the limit, as if the client had sent Expect:
// 100-continue: streaming, fasthttp would otherwise wait for the body's
// first 8 KB before the handler could refuse it.
func expectOverLimit(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	if h.ContentLength() > MaxBodyBytes {
		h.Set(fasthttp.HeaderExpect, "100-continue")
	}
	return fasthttp.RequestConfig{}
}

// expect answers Expect: 100-continue: 413 for a body over the limit, so
// the client need not send it.
func (s *Server) expect(fc *fasthttp.RequestCtx) int {
	if fc.Request.Header.ContentLength() > MaxBodyBytes {
		s.handleError(fc, fasthttp.ErrBodyTooLarge)
		return fasthttp.StatusRequestEntityTooLarge
	}
	return fasthttp.StatusContinue
}

// readBody reads the request body into a buffer the request owns: the only
// copy, since fasthttp streams it (holding at most its 8 KB prefetch). A
// body over unbudgetedBodyBytes is read only once the budget admits it;
// the caller releases the reservation when the request is answered.
func (s *Server) readBody(fc *fasthttp.RequestCtx) ([]byte, *reservation, error) {
	stream := fc.RequestBodyStream()
	n := fc.Request.Header.ContentLength()
	switch {
	case stream == nil || n == 0:
		return nil, nil, nil
	case n > MaxBodyBytes:
		return nil, nil, fasthttp.ErrBodyTooLarge
	case n > unbudgetedBodyBytes:
		return s.readLarge(fc, stream, int64(n), n)
	case n > 0:
		body := make([]byte, n)
		_, err := io.ReadFull(stream, body)
		return body, nil, err
	}
	return s.readChunked(fc, stream)
}

// readLarge reads a body of known length n once reserve bytes are admitted.
func (s *Server) readLarge(fc *fasthttp.RequestCtx, stream io.Reader, reserve int64, n int) ([]byte, *reservation, error) {
	r, err := s.admit(fc, reserve)
	if err != nil {
		return nil, nil, err
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(stream, body); err != nil {
		return nil, r, err
	}
	return body, r, nil
}

// readChunked reads a body of unknown length: its first
// unbudgetedBodyBytes freely, the rest once the worst case is admitted.
func (s *Server) readChunked(fc *fasthttp.RequestCtx, stream io.Reader) ([]byte, *reservation, error) {
	body, err := readUpTo(stream, make([]byte, 0, unbudgetedBodyBytes), unbudgetedBodyBytes)
	if err != nil || len(body) < unbudgetedBodyBytes {
		return body, nil, err
	}
	r, err := s.admit(fc, chunkedReserve)
	if err != nil {
		return nil, nil, err
	}
	if body, err = readUpTo(stream, body, MaxBodyBytes+1); err != nil {
		return nil, r, err
	}
	if len(body) > MaxBodyBytes {
		return nil, r, fasthttp.ErrBodyTooLarge
	}
	r.shrink(int64(cap(body)))
	return body, r, nil
}

// readUpTo appends from r to buf until EOF or limit bytes, doubling the
// buffer as it fills.
func readUpTo(r io.Reader, buf []byte, limit int) ([]byte, error) {
	for len(buf) < limit {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(max(cap(buf), 512), limit-len(buf)))
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), limit)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// admit waits, at most the read timeout, for the budget to take n bytes.
// Time spent waiting is the gateway's, not the client's: the client then
// gets a full read timeout for its body.
func (s *Server) admit(fc *fasthttp.RequestCtx, n int64) (*reservation, error) {
	r, waited, err := s.budget.reserve(n, s.srv.ReadTimeout)
	if err == nil && waited && s.srv.ReadTimeout > 0 {
		err = fc.SetReadDeadline(time.Now().Add(s.srv.ReadTimeout))
	}
	return r, err
}
