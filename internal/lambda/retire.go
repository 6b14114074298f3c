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
//
// A process reads the code when its runtime loads it, some time after it
// started: one started just before a save may run the saved code before
// the reload. Reload is what guarantees that none runs older code after.

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
	spec, err := r.tools.launch(p.fn)
	if err != nil {
		return 0, err
	}
	var warm *process
	if p.liveCount() > 0 && !spec.debug { // a debugged one's port is still taken
		warm = p.spawn(spec)
	}
	return p.retire(spec, warm), nil
}

// spawn starts a process of spec for retire to park; nil when it cannot
// start (the next invocation starts one and reports why).
func (p *Pool) spawn(spec launchSpec) *process {
	proc, err := startProcess(spec, p.env, p.opts.Sandbox, p.log, p.forget)
	if err != nil {
		return nil
	}
	return proc
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

// retire makes spec the pool's code and starts a new generation (a
// function that could not be built before can start now): idle
// processes stop now, busy ones when their invocation ends (giveBack);
// warm, when not nil, is the new generation's first process, parked as
// idle in the same step, so no invocation in between starts another. It
// returns how many processes of the retired generation were running. The
// entry named in init errors stays the one resolved first (a field read
// without the lock).
func (p *Pool) retire(spec launchSpec, warm *process) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.spec.path, p.spec.args = spec.path, spec.args
	if p.broken != nil {
		p.broken, p.spec.entry = nil, spec.entry
	}
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
	if warm != nil {
		p.park(warm)
	}
	return n
}

// park adds a new process of the current generation to idle; the caller
// holds mu.
func (p *Pool) park(proc *process) {
	proc.gen = p.gen
	if p.closed || !proc.alive() { // a dead one: forget already ran
		proc.kill()
		return
	}
	p.stats.coldStarts.Add(1)
	p.live[proc] = struct{}{}
	proc.idleSince = time.Now()
	p.idle = append(p.idle, proc)
	p.dispatch()
}
