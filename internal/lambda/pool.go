package lambda

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/runtimeapi"
)

// Pool runs one function: warm processes, at most MaxConcurrency. While
// a process is in init, callers queue behind it; one more process starts
// (one at a time) when a caller has waited as long as the last init took
// (scheduling: queue.go).
type Pool struct {
	fn      *api.Function
	name    string // the function's name in Lambda
	arn     string
	spec    launchSpec
	env     []string
	timeout time.Duration // the function's Timeout (limits.go for debugging)
	limits  limits
	opts    Options
	log     fnLog
	stats   poolStats
	reports sync.WaitGroup // REPORT lines still being written
	limiter watchdog       // every invocation's deadline (watch.go)
	// broken: the function cannot start at all (its Go build failed);
	// every invocation fails with it as an init error.
	broken error

	mu       sync.Mutex
	gen      uint64     // the code's generation: bumped by retire (retire.go)
	idle     []*process // most recently used last
	live     map[*process]struct{}
	starting int       // processes being started, not yet in live
	warming  int       // processes starting or in init (their first invocation not delivered)
	busy     int       // callers holding a process or starting one
	queue    []*waiter // callers waiting, first come first
	lastInit time.Duration
	closed   bool
	closing  chan struct{} // closed by close
	drained  chan struct{} // closed when closed and live is empty
}

func newPool(fn *api.Function, spec launchSpec, o Options, l *logger) *Pool {
	name := functionName(fn)
	p := &Pool{
		fn: fn, name: name, spec: spec, opts: o,
		arn:     fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", o.Region, o.AccountID, name),
		env:     baseEnv(fn, name, o.Env[fn.LogicalID], o, spec.execEnv),
		timeout: timeout(fn),
		limits:  limitsOf(o),
		log:     fnLog{logger: l, name: name},
		live:    map[*process]struct{}{},
		closing: make(chan struct{}),
		drained: make(chan struct{}),
	}
	if spec.debug {
		p.timeout, p.limits = debugLimits()
	}
	return p
}

// Name returns the function's name (FunctionName, else the logical id).
func (p *Pool) Name() string { return p.name }

// Invoke runs the function once with payload and returns its response.
// Errors the function caused unwrap to *event.FunctionError.
func (p *Pool) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	return p.invokeWithin(bound{ctx: ctx}, payload)
}

// InvokeUntil is Invoke bounded by deadline as well: once it passes the
// call ends as it would under a context with that deadline and cause (the
// error wraps cause; a process running the event is stopped), without a
// derived context and its timer per call on a warm process (the pool's
// watchdog holds the deadline; bound.go).
func (p *Pool) InvokeUntil(ctx context.Context, payload []byte, deadline time.Time, cause error) ([]byte, error) {
	return p.invokeWithin(bound{ctx: ctx, deadline: deadline, cause: cause}, payload)
}

func (p *Pool) invokeWithin(b bound, payload []byte) ([]byte, error) {
	if len(payload) > MaxRequestSize {
		return nil, fmt.Errorf("function %s: %d bytes: %w", p.name, len(payload), ErrRequestTooLarge)
	}
	p.stats.invocations.Add(1)
	if p.spec.debug {
		// Paused in a debugger is not a client gone: the process lives on.
		b = bound{ctx: context.WithoutCancel(b.ctx)}
	}
	out, err := p.invoke(b, payload)
	p.stats.count(err)
	return out, err
}

func (p *Pool) invoke(b bound, payload []byte) ([]byte, error) {
	if err := p.brokenError(); err != nil {
		return nil, err
	}
	pollingOnly := false
	for attempt := 0; ; attempt++ {
		proc, err := p.obtain(b, pollingOnly)
		if err != nil {
			return nil, err
		}
		o := p.run(b, proc, payload)
		p.giveBack(proc, o.reusable)
		// A warm process that died before it polled never saw the event;
		// Lambda hands events only to a runtime waiting in /next, so the
		// pool tries again with one that is, or with a fresh process
		// (which cannot be undelivered: it fails init instead). Each
		// retry used up a dead process, so the bound is only a guard.
		if !o.undelivered || attempt > p.limits.maxConcurrency {
			return o.payload, o.err
		}
		pollingOnly = true
	}
}

// obtain returns an idle process (see popIdle), or a new one when the
// pool may grow, or waits in the queue for either.
func (p *Pool) obtain(b bound, pollingOnly bool) (*process, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, fmt.Errorf("function %s: %w", p.name, ErrClosed)
	}
	if proc := p.popIdle(pollingOnly); proc != nil {
		p.busy++
		p.mu.Unlock()
		return proc, nil
	}
	if p.mayStart() || (pollingOnly && p.size() < p.limits.maxConcurrency) {
		p.reserve()
		p.mu.Unlock()
		return p.start()
	}
	w := p.enqueue()
	p.mu.Unlock()
	return p.await(b, w)
}

// start starts a process for a caller that reserved it.
func (p *Pool) start() (*process, error) {
	spec, gen := p.launchState()
	proc, err := startProcess(spec, p.env, p.opts.Sandbox, p.log, p.forget)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.starting--
	if err == nil && p.closed {
		proc.kill()
		err = ErrClosed
	}
	if err != nil {
		p.warming--
		p.busy--
		p.dispatch()
		return nil, p.startFailed(err)
	}
	p.stats.coldStarts.Add(1)
	proc.initPending = true
	proc.gen = gen
	if proc.alive() { // else forget already ran; run reports the exit
		p.live[proc] = struct{}{}
	}
	return proc, nil
}

// settled records that proc's init ended (its first invocation was
// delivered, or it failed before): the pool may grow again.
func (p *Pool) settled(proc *process, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !proc.initPending {
		return
	}
	proc.initPending = false
	p.warming--
	if ok {
		p.lastInit = time.Since(proc.startedAt)
	}
	p.dispatch()
}

// popIdle takes the most recently used idle process that waits in /next.
// Without one it takes the most recently used live one (it has answered
// and is about to poll again), unless pollingOnly. Dead ones are dropped.
// The caller holds mu.
func (p *Pool) popIdle(pollingOnly bool) *process {
	p.dropDead()
	pick := -1
	for i := len(p.idle) - 1; i >= 0 && pick < 0; i-- {
		if p.idle[i].srv.State() == runtimeapi.StatePolling {
			pick = i
		}
	}
	if pick < 0 && (!pollingOnly || p.size() >= p.limits.maxConcurrency) {
		pick = len(p.idle) - 1
	}
	if pick < 0 {
		return nil
	}
	proc := p.idle[pick]
	p.idle = slices.Delete(p.idle, pick, pick+1)
	return proc
}

// dropDead removes exited processes from idle; the caller holds mu.
func (p *Pool) dropDead() {
	p.idle = slices.DeleteFunc(p.idle, func(proc *process) bool { return !proc.alive() })
}

// giveBack parks a healthy process as idle, or hands it to the first
// caller waiting, and kills any other.
func (p *Pool) giveBack(proc *process, reusable bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.busy--
	if !reusable || p.closed || !proc.alive() || proc.gen != p.gen {
		proc.kill()
	} else {
		proc.idleSince = time.Now()
		p.idle = append(p.idle, proc)
	}
	p.dispatch()
}

// forget drops a process that exited; it runs on the process's wait
// goroutine.
func (p *Pool) forget(proc *process) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.live, proc)
	for i, q := range p.idle {
		if q == proc {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			break
		}
	}
	if p.closed && len(p.live) == 0 {
		closeOnce(p.drained)
	}
	p.dispatch()
}

// reap kills processes idle since before cutoff, except the one being
// debugged (a debugger stays attached to it between requests).
func (p *Pool) reap(cutoff time.Time) {
	if p.spec.debug {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	keep := p.idle[:0]
	for _, proc := range p.idle {
		if proc.idleSince.Before(cutoff) {
			proc.kill()
			continue
		}
		keep = append(keep, proc)
	}
	clear(p.idle[len(keep):])
	p.idle = keep
}

// close refuses new work and kills idle processes; busy ones finish (or
// are killed by stop).
func (p *Pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	close(p.closing)
	for _, proc := range p.idle {
		proc.kill()
	}
	p.idle = nil
	if len(p.live) == 0 {
		closeOnce(p.drained)
	}
}

// drain waits until every process is gone or ctx ends.
func (p *Pool) drain(ctx context.Context) error {
	select {
	case <-p.drained:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("function %s: %d processes still running: %w", p.name, p.liveCount(), context.Cause(ctx))
	}
}

// awaitReports waits, at most until ctx ends, for pending REPORT lines.
func (p *Pool) awaitReports(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		p.reports.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// killAll kills every live process, busy or not.
func (p *Pool) killAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for proc := range p.live {
		proc.kill()
	}
}

func closeOnce(ch chan struct{}) {
	select {
	case <-ch:
	default:
		close(ch)
	}
}

// liveCount returns how many processes run now (tests).
func (p *Pool) liveCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.live)
}

// busyCount returns how many callers hold a process or start one (tests).
func (p *Pool) busyCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.busy
}

// brokenBy makes p a function that cannot start because of err, said
// once now and again on each invocation.
func (p *Pool) brokenBy(err error) {
	p.broken = err
	p.spec.entry = "go build"
	p.log.line("cannot start: its requests fail (502) until it builds: %v", err)
}

// brokenError is the init error of a function that cannot start; nil
// when it can (a reload may have built it since: retire.go).
func (p *Pool) brokenError() error {
	p.mu.Lock()
	err := p.broken
	p.mu.Unlock()
	if err == nil {
		return nil
	}
	return p.startFailed(err)
}
