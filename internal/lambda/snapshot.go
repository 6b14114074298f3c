package lambda

import (
	"errors"
	"sync/atomic"

	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/record"
)

// poolStats are a pool's counters since it started.
type poolStats struct {
	coldStarts, invocations, errors atomic.Uint64
}

// count counts err when the function caused it (function error, timeout,
// crash, init failure, output that is not JSON).
func (s *poolStats) count(err error) {
	if err == nil {
		return
	}
	if errors.As(err, new(*event.FunctionError)) || errors.Is(err, ErrInvalidResponse) {
		s.errors.Add(1)
	}
}

// Snapshot returns the pool's processes and counters now; the caller owns
// the value.
func (p *Pool) Snapshot() record.Pool {
	p.mu.Lock()
	defer p.mu.Unlock()
	inInit := p.warming - p.starting // in live, first invocation not delivered
	return record.Pool{
		Function: p.fn.LogicalID, Runtime: p.fn.Runtime,
		Processes:  len(p.live) + p.starting,
		Warm:       len(p.idle),
		Busy:       max(len(p.live)-len(p.idle)-inInit, 0),
		Starting:   p.warming,
		Queued:     len(p.queue),
		ColdStarts: p.stats.coldStarts.Load(), Invocations: p.stats.invocations.Load(),
		Errors:         p.stats.errors.Load(),
		MaxConcurrency: p.limits.maxConcurrency,
	}
}

// Pools returns a snapshot of every function's pool, by logical id; the
// caller owns the slice.
func (r *Runner) Pools() []record.Pool {
	out := make([]record.Pool, 0, len(r.pools))
	for _, id := range sortedKeys(r.pools) {
		out = append(out, r.pools[id].Snapshot())
	}
	return out
}
