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

// Pool runs one function: warm processes, at most Options.MaxConcurrency.
type Pool struct {
	fn      *api.Function
	name    string // the function's name in Lambda
	arn     string
	spec    launchSpec
	env     []string
	timeout time.Duration
	opts    Options
	log     fnLog
	slots   chan struct{}  // one token per invocation in progress
	reports sync.WaitGroup // REPORT lines still being written

	mu      sync.Mutex
	gen     uint64     // the code's generation: bumped by retire (retire.go)
	idle    []*process // most recently used last
	live    map[*process]struct{}
	closed  bool
	closing chan struct{} // closed by close
	drained chan struct{} // closed when closed and live is empty
}

func newPool(fn *api.Function, spec launchSpec, o Options, l *logger) *Pool {
	name := functionName(fn)
	return &Pool{
		fn: fn, name: name, spec: spec, opts: o,
		arn:     fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", o.Region, o.AccountID, name),
		env:     baseEnv(fn, name, o.Env[fn.LogicalID], o, spec.execEnv),
		timeout: timeout(fn),
		log:     fnLog{logger: l, name: name},
		slots:   make(chan struct{}, o.MaxConcurrency),
		live:    map[*process]struct{}{},
		closing: make(chan struct{}),
		drained: make(chan struct{}),
	}
}

// Name returns the function's name (FunctionName, else the logical id).
func (p *Pool) Name() string { return p.name }

// Invoke runs the function once with payload and returns its response.
// Errors the function caused unwrap to *event.FunctionError.
func (p *Pool) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	if len(payload) > MaxRequestSize {
		return nil, fmt.Errorf("function %s: %d bytes: %w", p.name, len(payload), ErrRequestTooLarge)
	}
	if err := p.acquire(ctx); err != nil {
		return nil, err
	}
	defer func() { <-p.slots }()
	pollingOnly := false
	for attempt := 0; ; attempt++ {
		proc, err := p.take(pollingOnly)
		if err != nil {
			return nil, p.startFailed(err)
		}
		o := p.run(ctx, proc, payload)
		p.giveBack(proc, o.reusable)
		// A warm process that died before it polled never saw the event;
		// Lambda hands events only to a runtime waiting in /next, so the
		// pool tries again with one that is, or with a fresh process
		// (which cannot be undelivered: it fails init instead). Each
		// retry used up a dead process, so the bound is only a guard.
		if !o.undelivered || attempt > p.opts.MaxConcurrency {
			return o.payload, o.err
		}
		pollingOnly = true
	}
}

// acquire waits for a free slot, at most QueueTimeout.
func (p *Pool) acquire(ctx context.Context) error {
	select {
	case p.slots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(p.opts.QueueTimeout)
	defer t.Stop()
	select {
	case p.slots <- struct{}{}:
		return nil
	case <-t.C:
		return fmt.Errorf("function %s: %d invocations running, waited %v: %w", p.name, p.opts.MaxConcurrency, p.opts.QueueTimeout, ErrQueueTimeout)
	case <-p.closing:
		return fmt.Errorf("function %s: %w", p.name, ErrClosed)
	case <-ctx.Done():
		return fmt.Errorf("function %s: waiting for a free process: %w", p.name, context.Cause(ctx))
	}
}

// take returns an idle process (see popIdle), or starts one.
func (p *Pool) take(pollingOnly bool) (*process, error) {
	if proc, err := p.popIdle(pollingOnly); proc != nil || err != nil {
		return proc, err
	}
	spec, gen := p.launchState()
	proc, err := startProcess(spec, p.env, p.opts.Sandbox, p.log, p.forget)
	if err != nil {
		return nil, err
	}
	proc.gen = gen
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		proc.kill()
		return nil, ErrClosed
	}
	if proc.alive() { // else forget already ran; run reports the exit
		p.live[proc] = struct{}{}
	}
	return proc, nil
}

// popIdle takes the most recently used idle process that waits in /next.
// Without one it takes the most recently used live one (it has answered
// and is about to poll again), unless pollingOnly and a fresh process may
// still start. Dead ones are dropped.
func (p *Pool) popIdle(pollingOnly bool) (*process, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, fmt.Errorf("function %s: %w", p.name, ErrClosed)
	}
	p.dropDead()
	pick := -1
	for i := len(p.idle) - 1; i >= 0 && pick < 0; i-- {
		if p.idle[i].srv.State() == runtimeapi.StatePolling {
			pick = i
		}
	}
	if pick < 0 && (!pollingOnly || len(p.live) >= p.opts.MaxConcurrency) {
		pick = len(p.idle) - 1
	}
	if pick < 0 {
		return nil, nil
	}
	proc := p.idle[pick]
	p.idle = slices.Delete(p.idle, pick, pick+1)
	return proc, nil
}

// dropDead removes exited processes from idle; the caller holds mu.
func (p *Pool) dropDead() {
	p.idle = slices.DeleteFunc(p.idle, func(proc *process) bool { return !proc.alive() })
}

// giveBack parks a healthy process as idle and kills any other.
func (p *Pool) giveBack(proc *process, reusable bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !reusable || p.closed || !proc.alive() || proc.gen != p.gen {
		proc.kill()
		return
	}
	proc.idleSince = time.Now()
	p.idle = append(p.idle, proc)
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
}

// reap kills processes idle since before cutoff.
func (p *Pool) reap(cutoff time.Time) {
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
