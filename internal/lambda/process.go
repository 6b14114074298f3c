package lambda

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/apigw/apigw/internal/runtimeapi"
)

// process is one running function process and its Runtime API.
type process struct {
	cmd       *exec.Cmd
	srv       *runtimeapi.Server
	pid       int
	startedAt time.Time
	exited    chan struct{} // closed after the process was reaped
	requestID atomic.Pointer[string]
	cold      bool      // no invocation delivered yet; owned by the invoker
	idleSince time.Time // guarded by the pool's mu
	maxUsedMB int       // last Max Memory Used read; owned by the invoker
	out       [2]*outputPipe
	reported  chan struct{} // closed when the last invocation's REPORT is out; owned by the invoker
}

// awaitReport waits for the previous invocation's END and REPORT lines.
func (p *process) awaitReport() {
	if p.reported != nil {
		<-p.reported
		p.reported = nil
	}
}

// startProcess starts spec with env in its own process group, serving the
// Runtime API on a fresh port. onExit runs once after the process is reaped.
func startProcess(spec launchSpec, env []string, log fnLog, onExit func(*process)) (*process, error) {
	srv := runtimeapi.New()
	addr, err := srv.Listen()
	if err != nil {
		return nil, err
	}
	p := &process{srv: srv, exited: make(chan struct{}), cold: true}
	if err := p.start(spec, processEnv(env, addr, time.Now()), log); err != nil {
		srv.Close()
		return nil, err
	}
	go p.wait(onExit)
	return p, nil
}

func (p *process) start(spec launchSpec, env []string, log fnLog) error {
	cmd := exec.Command(spec.path, spec.args...)
	cmd.Dir, cmd.Env = spec.dir, env
	// Own group, so a timeout kills whatever the function spawned; and die
	// with apigw should it be killed itself.
	cmd.SysProcAttr = sysProcAttr()
	outR, outW, err := os.Pipe()
	if err != nil {
		return err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		closeAll(outR, outW)
		return err
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	p.startedAt = time.Now()
	err = cmd.Start()
	closeAll(outW, errW) // the child holds its own copies
	if err != nil {
		closeAll(outR, errR)
		return err
	}
	p.cmd, p.pid = cmd, cmd.Process.Pid
	p.out = [2]*outputPipe{{f: outR}, {f: errR}}
	for _, o := range p.out {
		go o.copy(log, p.currentRequest)
	}
	return nil
}

// flushOutput waits, at most limit, until every complete line the process
// wrote so far is logged, so its lines precede the END line and carry the
// request id they belong to.
func (p *process) flushOutput(limit time.Duration) {
	deadline := time.Now().Add(limit)
	for !p.out[0].drained() || !p.out[1].drained() {
		if time.Now().After(deadline) {
			return
		}
		time.Sleep(50 * time.Microsecond)
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
	p.kill()
	err := p.cmd.Wait()
	cause := &processExit{}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		cause.status = ee.ProcessState.String()
	}
	p.srv.Abort(cause)
	p.srv.Close()
	close(p.exited)
	onExit(p)
}

// kill stops the whole process group.
func (p *process) kill() {
	syscall.Kill(-p.pid, syscall.SIGKILL) //nolint:errcheck // already gone is fine
}

func (p *process) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// readMaxMemory updates maxUsedMB from the process's peak resident size.
func (p *process) readMaxMemory() {
	if kb, ok := peakMemoryKB(p.pid); ok {
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
