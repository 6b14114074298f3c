package lambda

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/apigw/apigw/internal/api"
)

// closeGrace bounds the wait for killed processes to be reaped on Close.
const closeGrace = 5 * time.Second

// Runner holds one Pool per function, by logical id.
type Runner struct {
	pools    map[string]*Pool
	opts     Options
	tools    *toolset // kept for Reload (retire.go)
	stopReap chan struct{}
	reaped   chan struct{}
}

// NewRunner checks every function and prepares what it needs to run
// (node/python3 in PATH, bootstrap files, Go builds); any problem is an
// error naming the function. No process starts until the first Invoke.
func NewRunner(fns map[string]*api.Function, opts Options) (*Runner, error) {
	o := opts.withDefaults()
	l := &logger{w: o.Log}
	debug, err := o.Debug.resolve(fns)
	if err != nil {
		return nil, err
	}
	tools := newToolset(o.CacheDir, l, debug)
	r := &Runner{pools: map[string]*Pool{}, opts: o, tools: tools, stopReap: make(chan struct{}), reaped: make(chan struct{})}
	var errs []error
	for _, id := range sortedKeys(fns) {
		fn := *fns[id] // a copy: the caller's model stays untouched
		if fn.LogicalID == "" {
			fn.LogicalID = id
		}
		spec, err := tools.launch(&fn)
		if err != nil && !errors.Is(err, ErrBuildFailed) {
			errs = append(errs, err)
			continue
		}
		r.pools[id] = newPool(&fn, spec, o, l)
		if err != nil {
			r.pools[id].brokenBy(err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	go r.reapLoop()
	return r, nil
}

// Function returns the pool of the function with that logical id.
func (r *Runner) Function(logicalID string) (*Pool, error) {
	p, ok := r.pools[logicalID]
	if !ok {
		return nil, fmt.Errorf("function %q: %w", logicalID, ErrUnknownFunction)
	}
	return p, nil
}

// Close refuses new invocations, lets running ones finish until ctx ends,
// then kills every process group and waits for them to be reaped.
func (r *Runner) Close(ctx context.Context) error {
	select {
	case <-r.stopReap:
	default:
		close(r.stopReap)
	}
	for _, p := range r.pools {
		p.close()
	}
	var errs []error
	for _, p := range r.pools {
		if p.drain(ctx) != nil {
			p.killAll()
		}
	}
	grace, cancel := context.WithTimeout(context.Background(), closeGrace)
	defer cancel()
	for _, p := range r.pools {
		errs = append(errs, p.drain(grace))
		p.awaitReports(grace)
	}
	<-r.reaped
	return errors.Join(errs...)
}

// reapLoop stops idle processes, checking a few times per IdleTimeout.
func (r *Runner) reapLoop() {
	defer close(r.reaped)
	t := time.NewTicker(max(r.opts.IdleTimeout/4, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-r.stopReap:
			return
		case now := <-t.C:
			for _, p := range r.pools {
				p.reap(now.Add(-r.opts.IdleTimeout))
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
