package lambda

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/apigw/apigw/internal/runtimeapi"
)

// process is one running function process and its Runtime API.
type process struct {
	cmd       *exec.Cmd
	srv       *runtimeapi.Server
	sandbox   Sandbox
	pid       int          // the sandbox init's, when there is one
	status    *os.File     // the init's report (readStatus); nil without one
	runtime   atomic.Int64 // the process that polls, once it did (memory is read from it)
	startedAt time.Time
	exited    chan struct{} // closed after the process was reaped
	requestID atomic.Pointer[string]
	gen       uint64    // the pool's generation it was started in
	cold      bool      // no invocation delivered yet; owned by the invoker
	idleSince time.Time // guarded by the pool's mu
	// initPending: started, first invocation not delivered yet; guarded
	// by the pool's mu.
	initPending bool
	maxUsedMB   int       // last Max Memory Used read; owned by the invoker
	memReadAt   time.Time // when maxUsedMB was read; owned by the invoker
	out         [2]*outputPipe
	reported    chan struct{} // closed when the last invocation's REPORT is out; owned by the invoker
	watch       *watch        // the running invocation's limit (watch.go)
	// caller: the running invocation's caller's deadline (InvokeUntil,
	// bound.go); its expiry kills nothing.
	caller *watch
}

// awaitReport waits for the previous invocation's END and REPORT lines.
func (p *process) awaitReport() {
	if p.reported != nil {
		<-p.reported
		p.reported = nil
	}
}

// startProcess starts spec with env under sb, in its own process group,
// serving the Runtime API on a fresh port to that process's tree only.
// onExit runs once after the process is reaped.
func startProcess(spec launchSpec, env []string, sb Sandbox, log fnLog, onExit func(*process)) (*process, error) {
	srv := runtimeapi.New()
	addr, err := srv.Bind()
	if err != nil {
		return nil, err
	}
	p := &process{srv: srv, sandbox: sb, exited: make(chan struct{}), cold: true}
	p.watch, p.caller = newWatch(p), newWatch(p)
	if err := p.start(spec, processEnv(env, addr, time.Now()), log); err != nil {
		srv.Close()
		return nil, err
	}
	srv.Serve(p.gate(log))
	go p.wait(onExit)
	return p, nil
}

func (p *process) start(spec launchSpec, env []string, log fnLog) error {
	cmd := p.command(spec)
	cmd.Dir, cmd.Env = spec.dir, env
	// Own group, so a timeout kills whatever the function spawned; and die
	// with apigw should it be killed itself.
	cmd.SysProcAttr = sysProcAttr(p.sandbox)
	n := 2 // stdout, stderr
	if len(p.sandbox.Init) > 0 {
		n++ // the init's report, its fd 3
	}
	pipes, err := newPipes(n)
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr, cmd.ExtraFiles = pipes.w[0], pipes.w[1], pipes.w[2:]
	p.startedAt = time.Now()
	err = cmd.Start()
	closeAll(pipes.w...) // the child holds its own copies
	if err != nil {
		closeAll(pipes.r...)
		return err
	}
	p.cmd, p.pid = cmd, cmd.Process.Pid
	p.out = [2]*outputPipe{newOutputPipe(pipes.r[0]), newOutputPipe(pipes.r[1])}
	if len(pipes.r) > 2 {
		p.status = pipes.r[2]
	}
	for _, o := range p.out {
		go o.copy(log, p.currentRequest)
	}
	return nil
}

// command runs spec, through the sandbox init when there is one; an init
// with its own mount namespace makes spec's read-only folders so.
func (p *process) command(spec launchSpec) *exec.Cmd {
	if len(p.sandbox.Init) == 0 {
		return exec.Command(spec.path, spec.args...)
	}
	args := append([]string(nil), p.sandbox.Init[1:]...)
	if p.sandbox.readOnlyCode() {
		for _, dir := range spec.readOnly {
			args = append(args, readOnlyArg+dir)
		}
	}
	args = append(append(args, spec.path), spec.args...)
	return exec.Command(p.sandbox.Init[0], args...)
}

// pipes are a process's pipes: stdout, stderr and, under an init, its
// report.
type pipes struct{ r, w []*os.File }

func newPipes(n int) (pipes, error) {
	var ps pipes
	for range n {
		r, w, err := os.Pipe()
		if err != nil {
			closeAll(append(ps.r, ps.w...)...)
			return pipes{}, err
		}
		ps.r, ps.w = append(ps.r, r), append(ps.w, w)
	}
	return ps, nil
}

// outputDrained reports whether every complete line the process wrote so
// far is logged.
func (p *process) outputDrained() bool { return p.out[0].drained() && p.out[1].drained() }

// flushOutput waits, at most limit, until every complete line the process
// wrote so far is logged, so its lines precede the END line and carry the
// request id they belong to.
func (p *process) flushOutput(limit time.Duration) {
	deadline := time.Now().Add(limit)
	for !p.outputDrained() {
		if time.Now().After(deadline) {
			return
		}
		time.Sleep(50 * time.Microsecond)
	}
}

// closeOutput gives the output readers of a reaped process up to grace
// to reach the end of its pipes, then closes them: a process it started
// that escaped being killed (without a sandbox init) must not keep their
// descriptors and reader goroutines alive.
func (p *process) closeOutput(grace time.Duration) {
	t := time.NewTimer(grace)
	defer t.Stop()
	for _, o := range p.out {
		select {
		case <-o.done:
		case <-t.C:
			closeAll(p.out[0].f, p.out[1].f)
			return
		}
	}
}

func (p *process) currentRequest() string {
	if id := p.requestID.Load(); id != nil {
		return *id
	}
	return ""
}

// wait reaps the process, fails whatever it was doing, and stops its
// Runtime API. Whatever the function started dies with it, as its sandbox
// does on Lambda: the group is killed while the exited leader is not yet
// reaped, so its id cannot have been reused.
func (p *process) wait(onExit func(*process)) {
	awaitExit(p.pid) //nolint:errcheck // on error, Wait below still reaps
	killGroup(p.pid)
	cause := p.exitCause(p.cmd.Wait())
	p.srv.Abort(cause)
	p.srv.Close()
	close(p.exited)
	onExit(p)
	p.closeOutput(outputGrace)
}

// exitCause is how the process ended: the init's report on the function
// when there is one, else the process's own status.
func (p *process) exitCause(waitErr error) *processExit {
	if p.status != nil {
		if status, startErr, ok := readStatus(p.status); ok {
			return &processExit{status: status, startErr: startErr}
		}
	}
	cause := &processExit{}
	var ee *exec.ExitError
	if errors.As(waitErr, &ee) {
		cause.status = ee.ProcessState.String()
	}
	return cause
}

// kill stops the process and everything it started.
func (p *process) kill() { p.sandbox.kill(p.pid) }

func (p *process) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// memoryReadEvery bounds how often a REPORT line's Max Memory Used is read
// from /proc: read per invocation it cost 12.6% of apigw's CPU on a warm
// Node path. It is a high-water mark, so a later read only catches up.
const memoryReadEvery = 100 * time.Millisecond

// memoryFresh reports whether maxUsedMB was read less than
// memoryReadEvery before now.
func (p *process) memoryFresh(now time.Time) bool {
	return p.maxUsedMB > 0 && now.Sub(p.memReadAt) < memoryReadEvery
}

// reportMaxMemory reads maxUsedMB for a REPORT line, at most every
// memoryReadEvery (always the first time).
func (p *process) reportMaxMemory(now time.Time) {
	if p.memoryFresh(now) {
		return
	}
	p.memReadAt = now
	p.readMaxMemory()
}

// readMaxMemory updates maxUsedMB from the peak resident size of the
// runtime: the process that polls, or the one apigw started.
func (p *process) readMaxMemory() {
	pid := int(p.runtime.Load())
	if pid == 0 {
		pid = p.pid
	}
	if kb, ok := peakMemoryKB(pid); ok {
		p.maxUsedMB = int((kb + 1023) / 1024)
	}
}

// statusField reads a "Name:   123 kB" line of /proc/<pid>/status.
func statusField(status []byte, name string) (int64, bool) {
	i := bytes.Index(status, []byte(name))
	if i < 0 {
		return 0, false
	}
	rest := status[i+len(name):]
	if j := bytes.IndexByte(rest, '\n'); j >= 0 {
		rest = rest[:j]
	}
	f := bytes.Fields(rest)
	if len(f) == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(string(f[0]), 10, 64)
	return n, err == nil
}

func closeAll(fs ...*os.File) {
	for _, f := range fs {
		f.Close()
	}
}
