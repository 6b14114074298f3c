package lambda

// Hot reload: a function's code changed while apigw serves. Reload
// resolves again how to start the function (a Go function is built again)
// and retires its processes by bumping the pool's generation: an
// invocation that holds a process finishes on the old code, every
// invocation that takes a process after Reload returns gets one of the new
// generation, and old processes stop once idle.

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
	return p.retire(spec), nil
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
// returns how many processes were running. The entry named in init errors
// stays the one resolved first (a field read without the lock).
func (p *Pool) retire(spec launchSpec) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.spec.path, p.spec.args = spec.path, spec.args
	p.gen++
	for _, proc := range p.idle {
		proc.kill()
	}
	p.idle = nil
	return len(p.live)
}
