package lambda

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Scheduling (issue 12, cold bursts). Lambda gives every concurrent
// request its own sandbox, but here every process shares the machine's
// cores: ten simultaneous cold starts of a Python function slow each other
// past the init limit. So a pool grows only as warm processes prove too
// few:
//   - a caller that finds no process at all starts one; while any process
//     is in init, others queue behind it rather than start more;
//   - with every process busy, a queued caller starts one more once it
//     has waited as long as the last init took: by then a new process
//     would have served it, while a queue that drains faster than an init
//     never pays for one (a burst of quick requests is served by the
//     first warm process). One process is in init at a time;
//   - a process that comes free goes to the first caller waiting.

// unknownInitWait is how often a queued caller looks again while no init
// has finished yet (the pool cannot grow then anyway).
const unknownInitWait = 10 * time.Millisecond

// waiter is a caller in the queue; it receives one grant.
type waiter struct{ ch chan grant }

// grant is what a waiting caller gets: a process, or the right to start one
// (already reserved).
type grant struct {
	proc  *process
	start bool
}

// size is the number of processes running or being started; the caller
// holds mu.
func (p *Pool) size() int { return len(p.live) + p.starting }

// mayStart reports whether a caller may start a process now without
// waiting: there is none at all; the caller holds mu.
func (p *Pool) mayStart() bool {
	return p.size() == 0 && p.limits.maxConcurrency > 0
}

// mayGrow reports whether a caller that has waited long enough may start
// a process; the caller holds mu.
func (p *Pool) mayGrow() bool {
	return p.size() < p.limits.maxConcurrency && p.warming == 0
}

// reserve books a process start for a caller; the caller holds mu.
func (p *Pool) reserve() {
	p.starting++
	p.warming++
	p.busy++
}

func (p *Pool) enqueue() *waiter {
	w := &waiter{ch: make(chan grant, 1)}
	p.queue = append(p.queue, w)
	return w
}

// dequeue removes w from the queue and reports whether it was there (it
// was not once it got a grant); the caller holds mu.
func (p *Pool) dequeue(w *waiter) bool {
	i := slices.Index(p.queue, w)
	if i < 0 {
		return false
	}
	p.queue = slices.Delete(p.queue, i, i+1)
	return true
}

// dispatch gives the first waiting callers the idle processes, then the
// right to start one when the pool may grow; the caller holds mu.
func (p *Pool) dispatch() {
	for len(p.queue) > 0 && !p.closed {
		var g grant
		if proc := p.popIdle(false); proc != nil {
			g.proc = proc
			p.busy++
		} else if p.mayStart() {
			g.start = true
			p.reserve()
		} else {
			return
		}
		w := p.queue[0]
		p.queue = slices.Delete(p.queue, 0, 1)
		w.ch <- g
	}
}

// await waits in the queue for a grant, starting a process itself once it
// has waited long enough and the pool may grow, at most QueueTimeout and
// until the caller's deadline (b's, when it has one). One timer serves
// every limit.
func (p *Pool) await(b bound, w *waiter) (*process, error) {
	deadline := time.Now().Add(p.limits.queueTimeout)
	t := time.NewTimer(b.within(time.Now(), min(p.scaleWait(), p.limits.queueTimeout)))
	defer t.Stop()
	for {
		select {
		case g := <-w.ch:
			return p.claim(g)
		case now := <-t.C:
			if err := p.waitedEnough(b, now, deadline); err != nil {
				return p.abandon(w, err)
			}
			if p.growFor(w) {
				return p.start()
			}
			t.Reset(b.within(now, min(p.scaleWait(), deadline.Sub(now))))
		case <-p.closing:
			return p.abandon(w, fmt.Errorf("function %s: %w", p.name, ErrClosed))
		case <-b.done():
			return p.abandon(w, p.waitError(context.Cause(b.ctx)))
		}
	}
}

// waitedEnough is the error that ends a queue wait at now: the caller's
// deadline passed, or QueueTimeout (at deadline); nil while it may wait.
func (p *Pool) waitedEnough(b bound, now, deadline time.Time) error {
	if !b.deadline.IsZero() && !now.Before(b.deadline) {
		return p.waitError(b.cause)
	}
	if !now.Before(deadline) {
		return fmt.Errorf("function %s: %d processes busy, waited %v: %w", p.name, p.limits.maxConcurrency, p.limits.queueTimeout, ErrQueueTimeout)
	}
	return nil
}

// waitError is a queue wait the caller ended (cause).
func (p *Pool) waitError(cause error) error {
	return fmt.Errorf("function %s: waiting for a free process: %w", p.name, cause)
}

func (p *Pool) claim(g grant) (*process, error) {
	if g.start {
		return p.start()
	}
	return g.proc, nil
}

// scaleWait is how long a caller waits before it may start a process of
// its own: as long as the last init took.
func (p *Pool) scaleWait() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lastInit == 0 {
		return unknownInitWait
	}
	return p.lastInit
}

// growFor takes w out of the queue and reserves a start for it when the
// pool may grow.
func (p *Pool) growFor(w *waiter) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.mayGrow() || !p.dequeue(w) {
		return false
	}
	p.reserve()
	return true
}

// abandon takes w out of the queue and returns err; a grant that raced
// with it goes back to the pool.
func (p *Pool) abandon(w *waiter, err error) (*process, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dequeue(w) {
		return nil, err
	}
	g := <-w.ch
	p.busy--
	if g.start {
		p.starting--
		p.warming--
	} else if !p.closed {
		p.idle = append(p.idle, g.proc)
	} else {
		g.proc.kill()
	}
	p.dispatch()
	return nil, err
}
