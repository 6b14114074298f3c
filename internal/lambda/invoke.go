package lambda

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/record"
	"github.com/apigw/apigw/internal/runtimeapi"
)

// outcome is how one invocation on one process ended.
type outcome struct {
	payload  []byte
	err      error
	reusable bool // the process may serve the next invocation
	// undelivered: a warm process died before it took the event.
	undelivered bool
}

// run performs one invocation on proc.
func (p *Pool) run(b bound, proc *process, payload []byte) outcome {
	proc.awaitReport()
	limit := p.deliveryLimit(proc)
	w := proc.watch
	now := time.Now()
	p.limiter.add(w, now.Add(limit))
	defer p.limiter.remove(w)
	b = p.bind(b, proc)
	defer p.release(b)
	id := requestID()
	call, err := p.submit(proc, id, payload, now)
	if err != nil {
		return p.failedBeforeDelivery(proc, id, err)
	}
	cold := proc.cold
	await := p.awaitWarm
	if cold {
		await = p.awaitFirst
	}
	o, delivered := await(b, proc, call, limit)
	if !delivered {
		return o
	}
	record.ReportInvocation(b.ctx, id, cold)
	p.report(proc, call, cold)
	return o
}

// submit hands the invocation to proc's Runtime API; its trace id has the
// time now.
func (p *Pool) submit(proc *process, id string, payload []byte, now time.Time) (*runtimeapi.Call, error) {
	w := proc.watch
	w.submitting.Store(true)
	defer w.submitting.Store(false)
	call, err := proc.srv.Submit(runtimeapi.Invocation{
		RequestID: id, Payload: payload, FunctionARN: p.arn,
		TraceID: traceID(now), Timeout: p.timeout,
		// Before the handler can print: its lines follow START and carry
		// its id, while init output stays untagged. The watch moves to
		// the runtime's deadline.
		Delivering: func(deadline time.Time) {
			proc.requestID.Store(&id)
			p.limiter.extend(w, deadline)
			p.log.start(id)
		},
	})
	return call, err
}

// awaitFirst waits for a new process to take its first invocation, then
// for the outcome; the pool may grow again once init ended. It reports
// whether the event was delivered.
func (p *Pool) awaitFirst(b bound, proc *process, call *runtimeapi.Call, limit time.Duration) (outcome, bool) {
	o, ok := p.awaitDelivery(b, proc, call, limit)
	p.settled(proc, ok)
	if !ok {
		return o, false
	}
	proc.cold = false
	return p.awaitResult(b, proc, call), true
}

// awaitWarm waits for a warm process's outcome without waking when the
// event is delivered (one hand-off fewer): only when something other than
// the outcome ends the wait does it ask whether the process took the event.
func (p *Pool) awaitWarm(b bound, proc *process, call *runtimeapi.Call, limit time.Duration) (outcome, bool) {
	select {
	case <-call.Done():
	case <-proc.watch.expired:
	case <-b.passed():
	case <-b.done():
	}
	if o, ok := p.undelivered(b, proc, call, limit); !ok {
		return o, false
	}
	return p.awaitResult(b, proc, call), true
}

// deliveryLimit is how long proc may take to poll: InitTimeout for a new
// process, the function's Timeout for a warm one.
func (p *Pool) deliveryLimit(proc *process) time.Duration {
	if proc.cold {
		return p.limits.initTimeout
	}
	return p.timeout
}

// awaitDelivery waits for the process to poll the invocation, until
// limit (the watch expires).
func (p *Pool) awaitDelivery(b bound, proc *process, call *runtimeapi.Call, limit time.Duration) (outcome, bool) {
	select {
	case <-call.Delivered():
		p.rearm(proc.watch, call)
		return outcome{}, true
	case <-call.Done():
	case <-proc.watch.expired:
	case <-b.passed():
	case <-b.done():
	}
	return p.undelivered(b, proc, call, limit)
}

// undelivered settles a wait that ended: the call is withdrawn if the
// process never polled for it (false, and the outcome), failed if it
// finished before delivery, or else it was delivered (true).
// A delivered call is no longer pending, so it is not withdrawn (nor
// the Runtime API's lock taken) on the common path.
func (p *Pool) undelivered(b bound, proc *process, call *runtimeapi.Call, limit time.Duration) (outcome, bool) {
	if p.wasDelivered(proc, call) {
		return outcome{}, true
	}
	if call.Withdraw() {
		return p.neverPolled(b, proc, call, limit), false
	}
	if p.wasDelivered(proc, call) {
		return outcome{}, true
	}
	// finished before delivery: init error or exit
	return p.failedBeforeDelivery(proc, call.RequestID(), call.Result().Err), false
}

// wasDelivered reports whether the runtime took call, and then rearms
// its watch if need be.
func (p *Pool) wasDelivered(proc *process, call *runtimeapi.Call) bool {
	select {
	case <-call.Delivered():
		p.rearm(proc.watch, call)
		return true
	default:
		return false
	}
}

// rearm watches a delivered call again when its watch expired while it
// was being delivered: its own deadline is later.
func (p *Pool) rearm(w *watch, call *runtimeapi.Call) {
	if w.fired.Load() && time.Now().Before(call.Deadline()) {
		p.limiter.add(w, call.Deadline())
	}
}

// neverPolled handles a withdrawn call: the caller gave up, or the process
// did not poll in time.
func (p *Pool) neverPolled(b bound, proc *process, call *runtimeapi.Call, limit time.Duration) outcome {
	if err := b.err(); err != nil {
		// The process is unharmed: it will poll, and serve the next caller.
		return outcome{err: fmt.Errorf("function %s: %w", p.name, err), reusable: true}
	}
	proc.kill()
	id := call.RequestID()
	if proc.cold {
		p.log.initReport(time.Since(proc.startedAt), "timeout", ErrorTypeTimeout)
	}
	p.log.line("%s did not poll %s within %v", p.spec.entry, runtimeapi.PathNext, limit)
	fe := timeoutError(id, limit)
	return outcome{err: fmt.Errorf("function %s: %s never polled for the invocation: %w", p.name, p.spec.entry, fe)}
}

// failedBeforeDelivery turns an init error or an early exit into the
// invocation's error; the process is not reused.
func (p *Pool) failedBeforeDelivery(proc *process, id string, err error) outcome {
	proc.kill()
	fe := p.functionError(id, err)
	if !proc.cold { // a warm process that died while idle
		return outcome{err: fmt.Errorf("function %s: %w", p.name, fe), undelivered: true}
	}
	p.log.initReport(time.Since(proc.startedAt), "error", fe.Type)
	p.log.line("init failed (%s): %s", p.spec.entry, fe.Error())
	return outcome{err: fmt.Errorf("function %s: init failed (%s): %w", p.name, p.spec.entry, fe)}
}

// awaitResult waits for the posted outcome until the invocation's deadline
// (the watch expires).
func (p *Pool) awaitResult(b bound, proc *process, call *runtimeapi.Call) outcome {
	select {
	case <-call.Done():
		return p.finished(proc, call)
	case <-proc.watch.expired:
	case <-b.passed():
	case <-b.done():
	}
	select {
	case <-call.Done(): // both ready: the outcome wins
		return p.finished(proc, call)
	default:
	}
	if !p.log.discards() {
		proc.readMaxMemory() // while it still runs
	}
	proc.kill()
	if err := b.err(); err != nil {
		return outcome{err: fmt.Errorf("function %s: %w", p.name, err)}
	}
	return p.timedOut(call)
}

func (p *Pool) timedOut(call *runtimeapi.Call) outcome {
	id := call.RequestID()
	p.log.line("%s %s %s", time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), id, timeoutText(p.timeout))
	return outcome{err: p.wrap(call, timeoutError(id, p.timeout))}
}

// finished interprets a call that has its result. A process the watchdog
// killed while its event was being written (it never read it) ended
// because its time ran out, whatever its exit says: that is a timeout.
func (p *Pool) finished(proc *process, call *runtimeapi.Call) outcome {
	if proc.watch.killed.Load() {
		return p.timedOut(call)
	}
	return p.result(proc, call)
}

// result interprets a finished call.
func (p *Pool) result(proc *process, call *runtimeapi.Call) outcome {
	r := call.Result()
	if r.Err == nil {
		return p.response(r.Payload)
	}
	fe := p.functionError(call.RequestID(), r.Err)
	var pe *processExit
	reusable := !errors.As(r.Err, &pe)
	return outcome{err: p.wrap(call, fe), reusable: reusable}
}

func (p *Pool) response(b []byte) outcome {
	if !json.Valid(b) {
		return outcome{err: fmt.Errorf("function %s: %d bytes starting %q: %w", p.name, len(b), prefix(b, 40), ErrInvalidResponse), reusable: true}
	}
	return outcome{payload: b, reusable: true}
}

// functionError maps a call's error to the function error Lambda reports.
func (p *Pool) functionError(id string, err error) *event.FunctionError {
	var fe *event.FunctionError
	var pe *processExit
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.As(err, &pe):
		return processError(id, pe)
	}
	return &event.FunctionError{Type: runtimeapi.ErrorTypeUnknown, Message: err.Error()}
}

// wrap names the function, and the runtime's last protocol mistake if any.
func (p *Pool) wrap(call *runtimeapi.Call, fe *event.FunctionError) error {
	if v := call.Violation(); v != nil {
		p.log.line("%s runtime API misuse: %v", call.RequestID(), v)
		return fmt.Errorf("function %s: %w (runtime API misuse: %w)", p.name, fe, v)
	}
	return fmt.Errorf("function %s: %w", p.name, fe)
}

// report logs END and REPORT for a delivered invocation. When the
// process's output is all logged and its memory was read less than
// memoryReadEvery ago, it logs them at once. Otherwise it logs them on a
// goroutine after the caller has its result (waiting for output, reading
// the process's memory cost tens of microseconds); the process's next
// invocation waits for them (awaitReport), so lines stay in order.
func (p *Pool) report(proc *process, call *runtimeapi.Call, cold bool) {
	if p.log.discards() {
		return
	}
	now := time.Now()
	r := report{requestID: call.RequestID(), duration: now.Sub(call.DeliveredAt()), memoryMB: memoryMB(p.fn)}
	if cold {
		r.init = call.DeliveredAt().Sub(proc.startedAt)
	}
	if proc.memoryFresh(now) && proc.outputDrained() {
		r.maxUsedMB = proc.maxUsedMB
		p.log.end(r)
		return
	}
	p.reportLater(proc, r)
}

// reportLater logs END and REPORT on a goroutine once proc's output is
// logged and its memory read; proc's next invocation waits for them.
// (Apart from report, r stays on report's stack when it logs at once.)
func (p *Pool) reportLater(proc *process, r report) {
	done := make(chan struct{})
	proc.reported = done
	p.reports.Add(1)
	go func() {
		defer p.reports.Done()
		defer close(done)
		proc.flushOutput(p.opts.OutputFlush)
		proc.reportMaxMemory(time.Now())
		r.maxUsedMB = proc.maxUsedMB
		p.log.end(r)
	}()
}

// startFailed reports a process that could not be started at all.
func (p *Pool) startFailed(err error) error {
	if errors.Is(err, ErrClosed) {
		return err
	}
	fe := entrypointError(requestID(), err)
	p.log.line("init failed (%s): %v", p.spec.entry, err)
	return fmt.Errorf("function %s: init failed (%s): %w", p.name, p.spec.entry, fe)
}

func prefix(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}
