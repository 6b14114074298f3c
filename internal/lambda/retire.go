package lambda

import (
	"time"

	"github.com/apigw/apigw/internal/api"
)

// Hot reload: a function's code changed while apigw serves. Reload
// resolves again how to start the function (a Go function is built again)
// and retires its processes by bumping the pool's generation: an
// invocation that holds a process finishes on the old code, every
// invocation that takes a process after Reload returns gets one of the new
// generation, and old processes stop once idle. A function that was
// running gets one process of the new code started at once (as SAM CLI's
// --warm-containers EAGER starts them), so the next request does not wait
// for all of its init.

// Reload re-reads how to start the function logicalID (a Go function's
// source is built again; an unchanged one comes from the cache) and
// retires its processes; it returns how many were running. On an error
// (the new source does not build) nothing changes: the old code keeps
// serving.
func (r *Runner) Reload(logicalID string) (retired int, err error) {
	p, err := r.Function(logicalID)
	if err != nil {
		return 0, err
	}
	spec, err := newToolset(r.opts.CacheDir, p.log.logger).launch(p.fn)
	if err != nil {
		return 0, err
	}
	n := p.retire(spec)
	if n > 0 {
		p.prewarm()
	}
	return n, nil
}

// CodeDirs are the folders whose files make up fn's code, for a watcher:
// its code folder and, for Go source apigw builds, the root of the module
// the build reads (go.mod, go.sum and packages outside the folder).
func CodeDirs(fn *api.Function) []string {
	dirs := []string{fn.CodeDir}
	if root := moduleRoot(fn.CodeDir); isGoSource(fn) && root != fn.CodeDir {
		dirs = append(dirs, root)
	}
	return dirs
}

// Processes returns how many function processes run now, in every pool.
func (r *Runner) Processes() int {
	n := 0
	for _, p := range r.pools {
		n += p.liveCount()
	}
	return n
}

// launchState is how to start a process now, and the generation it
// belongs to.
func (p *Pool) launchState() (launchSpec, uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.spec, p.gen
}

// retire makes spec the pool's code and starts a new generation: idle
// processes stop now, busy ones when their invocation ends (giveBack). It
// returns how many processes of the retired generation were running. The entry named in init errors
// stays the one resolved first (a field read without the lock).
func (p *Pool) retire(spec launchSpec) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.spec.path, p.spec.args = spec.path, spec.args
	for _, proc := range p.idle {
		proc.kill()
	}
	p.idle = nil
	n := 0
	for proc := range p.live {
		if proc.gen == p.gen { // older ones were retired before
			n++
		}
	}
	p.gen++
	return n
}

// prewarm starts one process of the current generation and parks it as
// idle: the next invocation takes it and waits for its first poll, as for
// any process. A process that cannot start is left to that invocation to
// start and report.
func (p *Pool) prewarm() {
	spec, gen := p.launchState()
	proc, err := startProcess(spec, p.env, p.opts.Sandbox, p.log, p.forget)
	if err != nil {
		return
	}
	proc.gen = gen
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || gen != p.gen {
		proc.kill()
		return
	}
	if proc.alive() {
		p.live[proc] = struct{}{}
		proc.idleSince = time.Now()
		p.idle = append(p.idle, proc)
	}
}
