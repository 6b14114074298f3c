package lambda

import (
	"context"
	"time"
)

// bound is what may end an invocation before its outcome besides the
// function's own limits: the caller's context and, when the caller gave
// one (InvokeUntil), its deadline with the cause to report. On a warm
// process the pool's watchdog holds that deadline (the process's caller
// watch) instead of a context with a timer of its own per invocation; a
// queue wait ends at it on the queue's own timer; on a cold start it
// becomes a derived context with the same deadline and cause.
type bound struct {
	ctx      context.Context
	deadline time.Time // zero: ctx carries every limit
	cause    error
	watch    *watch             // the caller watch while the watchdog holds deadline
	cancel   context.CancelFunc // a derived context's (derived)
}

// done is closed when the caller's context ends.
func (b bound) done() <-chan struct{} { return b.ctx.Done() }

// passed is closed when the watchdog saw the caller's deadline pass; nil
// (never ready) when the watchdog does not hold it.
func (b bound) passed() <-chan struct{} {
	if b.watch == nil {
		return nil
	}
	return b.watch.expired
}

// err is why the caller stopped waiting, as context.Cause would say it
// for a context with the deadline; nil while it waits.
func (b bound) err() error {
	if b.ctx.Err() != nil {
		return context.Cause(b.ctx)
	}
	if b.watch != nil && b.watch.fired.Load() {
		return b.cause
	}
	return nil
}

// within shortens a wait of d from now so that it ends by the caller's
// deadline, if it has one.
func (b bound) within(now time.Time, d time.Duration) time.Duration {
	if b.deadline.IsZero() {
		return d
	}
	return min(d, b.deadline.Sub(now))
}

// derived moves the deadline into a context derived from the caller's;
// release cancels it.
func (b bound) derived() bound {
	ctx, cancel := context.WithDeadlineCause(b.ctx, b.deadline, b.cause)
	return bound{ctx: ctx, cancel: cancel}
}

// bind readies b for an invocation on proc: a warm process's caller watch
// holds the deadline, for a cold one it moves into a derived context.
// release undoes it.
func (p *Pool) bind(b bound, proc *process) bound {
	switch {
	case b.deadline.IsZero():
		return b
	case proc.cold:
		return b.derived()
	}
	p.limiter.add(proc.caller, b.deadline)
	b.watch = proc.caller
	return b
}

// release takes the deadline back from the watchdog, or cancels the
// derived context.
func (p *Pool) release(b bound) {
	if b.watch != nil {
		p.limiter.remove(b.watch)
	}
	if b.cancel != nil {
		b.cancel()
	}
}
