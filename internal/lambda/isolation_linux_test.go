package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/runtimeapi"
)

// sandboxes are the ways a function can run on Linux: as root in its own
// namespaces (testSandbox, when the tests run as root), under the
// subreaper init (apigw not root), and without an init.
func sandboxes() []struct {
	name string
	sb   Sandbox
} {
	return []struct {
		name string
		sb   Sandbox
	}{{"detected", testSandbox}, {"subreaper", subreaper}, {"no init", Sandbox{}}}
}

// onlyProcess returns the pool's one live process.
func onlyProcess(t *testing.T, p *Pool) *process {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.live) != 1 {
		t.Fatalf("got %d live processes; want 1", len(p.live))
	}
	for proc := range p.live {
		return proc
	}
	return nil
}

// pendingVictim starts a function whose runtime never polls and leaves an
// invocation waiting for it; it returns that process's Runtime API URL for
// GET /next and the function's log. The invocation is withdrawn when the
// test ends.
func pendingVictim(t *testing.T, sb Sandbox) (string, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	_, p := runnerIn(t, providedFn("Victim", "nopoll", nil), Options{Sandbox: sb, InitTimeout: waitLimit, Log: log})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Invoke(ctx, []byte(`{"token":"victim-secret"}`)) //nolint:errcheck // cancelled below
	}()
	t.Cleanup(func() { cancel(); <-done })
	eventually(t, "the victim's process starts", func() bool { return p.liveCount() == 1 })
	return "http://" + onlyProcess(t, p).srv.Addr() + runtimeapi.PathNext, log
}

// pollFromTest polls url from the test process, outside every function.
func pollFromTest(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// pollFromFunction has another function's process poll url.
func pollFromFunction(t *testing.T, sb Sandbox, url string) (int, string) {
	t.Helper()
	_, p := runnerIn(t, goFn("Attacker"), Options{Sandbox: sb})
	r := mustInvoke(t, p, map[string]any{"action": "poll", "url": url})
	return r.Status, r.Body
}

// A function's Runtime API answers its own process tree only: neither
// another function nor any other local process can take its pending
// invocation (runtime_hijack: a compromised function answered the
// authorizer's invocations with Allow and stole every token).
func TestRuntimeAPIRefusesOtherProcesses(t *testing.T) {
	t.Parallel()
	pollers := []struct {
		name string
		poll func(*testing.T, Sandbox, string) (int, string)
	}{
		{"another function", pollFromFunction},
		{"a local process", func(t *testing.T, _ Sandbox, url string) (int, string) { return pollFromTest(t, url) }},
	}
	for _, s := range sandboxes() {
		for _, pl := range pollers {
			t.Run(s.name+"/"+pl.name, func(t *testing.T) {
				t.Parallel()
				url, log := pendingVictim(t, s.sb)
				status, body := pl.poll(t, s.sb, url)
				if status != http.StatusForbidden || !strings.Contains(body, runtimeapi.ErrorTypeAccessDenied) || strings.Contains(body, "victim-secret") {
					t.Fatalf("got %d %s; want 403 AccessDenied and never the victim's event", status, body)
				}
				if !strings.Contains(log.String(), "[Victim] refused a Runtime API connection from 127.0.0.1:") {
					t.Fatalf("no log line for the refused connection:\n%s", log.String())
				}
			})
		}
	}
}

// As root each function has its own pid namespace: it cannot see another
// function's processes (nor read their environment) or signal them.
func TestFunctionsCannotSeeEachOther(t *testing.T) {
	t.Parallel()
	if !testSandbox.Namespaces && os.Geteuid() == 0 {
		t.Fatal("running as root, yet no pid namespaces: functions would share apigw's")
	}
	if !testSandbox.Namespaces {
		t.Skip("no pid namespaces here (not root): functions share apigw's; the README says so")
	}
	_, victim := newRunner(t, goFn("Hidden"), Options{})
	mustInvoke(t, victim, map[string]any{"action": "pid"})
	victimPID := onlyProcess(t, victim).pid
	_, p := newRunner(t, goFn("Peeker"), Options{})
	if own := mustInvoke(t, p, map[string]any{"action": "scan", "message": "Peeker"}); own.Seen == 0 {
		t.Fatalf("the scan does not even see its own function's processes: %+v", own)
	}
	if r := mustInvoke(t, p, map[string]any{"action": "scan", "message": "Hidden"}); r.Seen != 0 {
		t.Fatalf("a function sees %d processes of another", r.Seen)
	}
	if r := mustInvoke(t, p, map[string]any{"action": "signal", "pid": victimPID}); r.Signal != syscall.ESRCH.Error() {
		t.Fatalf("kill(%d, 0) from another function: got %q; want %q", victimPID, r.Signal, syscall.ESRCH.Error())
	}
}

// What a function starts in its own session (setsid, Node's detached:
// true) still ends with it: on a timeout, and when the runner closes.
func TestDetachedChildrenEndWithTheFunction(t *testing.T) {
	t.Parallel()
	for _, s := range sandboxes()[:2] { // without an init they escape: see TestReapedProcessPipesClose
		t.Run(s.name+"/timeout", func(t *testing.T) {
			t.Parallel()
			fn := goFn("Detacher")
			fn.Timeout = 1
			_, p := runnerIn(t, fn, Options{Sandbox: s.sb})
			stream := mustInvoke(t, p, map[string]any{"action": "pid"}).Stream
			if _, err := invoke(t, p, map[string]any{"action": "spawn", "detach": true, "hang": true}); err == nil {
				t.Fatal("the hanging invocation did not time out")
			}
			eventually(t, "the timed-out function and its detached child are gone", func() bool { return allGone(stream) })
		})
		t.Run(s.name+"/close", func(t *testing.T) {
			t.Parallel()
			r, p := runnerIn(t, goFn("Detacher"), Options{Sandbox: s.sb})
			stream := mustInvoke(t, p, map[string]any{"action": "spawn", "detach": true}).Stream
			if len(running(stream)) < 2 {
				t.Fatalf("the detached child does not run: %v", running(stream))
			}
			if err := r.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			if left := running(stream); len(left) > 0 {
				t.Fatalf("processes %v outlive Close", left)
			}
		})
	}
}

// Without a sandbox init a detached child outlives its function and holds
// its stdout and stderr; apigw still closes its ends of those pipes, and
// their reader goroutines end, once the function is reaped.
func TestReapedProcessPipesClose(t *testing.T) {
	t.Parallel()
	fn := goFn("Leaky")
	fn.Timeout = 1
	_, p := runnerIn(t, fn, Options{})
	stream := mustInvoke(t, p, map[string]any{"action": "pid"}).Stream
	proc := onlyProcess(t, p)
	t.Cleanup(func() {
		for _, pid := range running(stream) {
			syscall.Kill(pid, syscall.SIGKILL) //nolint:errcheck // the escaped child, in this pid namespace
		}
	})
	if _, err := invoke(t, p, map[string]any{"action": "spawn", "detach": true, "hang": true}); err == nil {
		t.Fatal("the hanging invocation did not time out")
	}
	<-proc.exited
	for i, o := range proc.out {
		eventually(t, "output reader "+[]string{"stdout", "stderr"}[i]+" ends", func() bool {
			select {
			case <-o.done:
				return true
			default:
				return false
			}
		})
	}
}

// A runtime the init cannot start fails as Lambda says, whichever way the
// process is started.
func TestUnstartableRuntimeIsInvalidEntrypoint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bootstrap"), []byte("not a program\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range sandboxes() {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			fn := providedFn("Unstartable", "echo", nil)
			fn.CodeDir = dir
			_, p := runnerIn(t, fn, Options{Sandbox: s.sb})
			_, err := invoke(t, p, map[string]any{})
			var fe *event.FunctionError
			if !errors.As(err, &fe) || fe.Type != ErrorTypeInvalidEntrypoint || !strings.Contains(err.Error(), "exec format error") {
				t.Fatalf("got %v; want %s naming the exec format error", err, ErrorTypeInvalidEntrypoint)
			}
		})
	}
}

// Under an init, REPORT's memory is the runtime's, not the init's: the
// process that polled is remembered.
func TestMemoryIsReadFromTheRuntime(t *testing.T) {
	t.Parallel()
	for _, s := range sandboxes()[:2] {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			_, p := runnerIn(t, goFn("Measured"), Options{Sandbox: s.sb})
			mustInvoke(t, p, map[string]any{"action": "pid"})
			proc := onlyProcess(t, p)
			rt := int(proc.runtime.Load())
			exe, err := os.Readlink("/proc/" + itoa(rt) + "/exe")
			if rt == 0 || rt == proc.pid || err != nil || filepath.Base(exe) != "gofn" {
				t.Fatalf("runtime pid %d (init %d) runs %q, %v; want the gofn process", rt, proc.pid, exe, err)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// DetectSandbox gives as much isolation as it checked works, and says what
// is missing.
func TestDetectSandbox(t *testing.T) {
	t.Parallel()
	sb, note := DetectSandbox([]string{"/nonexistent/apigw", "__sandbox-init"})
	if sb.Init != nil || sb.Namespaces || !strings.Contains(note, "does not start") {
		t.Errorf("an init that does not run: got %+v, %q; want no init and a note saying so", sb, note)
	}
	sb, note = DetectSandbox(subreaper.Init)
	switch root := os.Geteuid() == 0; {
	case root && (!sb.Namespaces || note != ""):
		t.Errorf("as root: got %+v, %q; want namespaces and no note", sb, note)
	case !root && (sb.Namespaces || sb.Init == nil || note != notRootNote && note != notRootNote+writableNote):
		t.Errorf("not root: got %+v, %q; want the subreaper init and %q", sb, note, notRootNote)
	case !root && sb.UserNamespace == (note != notRootNote):
		t.Errorf("not root: got %+v, %q; want a user namespace, or a note that functions can write their code", sb, note)
	}
}

// A function cannot change its code or its layers, as on Lambda
// (/var/task and /opt are read-only) and under SAM CLI (the code is
// mounted read-only): writing there fails with EROFS, through a relative
// path too. /tmp stays writable, and apigw's own view of those folders
// is untouched. As root (the detected sandbox) and, for apigw not run as
// root, in a user namespace.
func TestCodeAndLayersAreReadOnly(t *testing.T) {
	t.Parallel()
	for name, sb := range map[string]Sandbox{"detected": testSandbox, "user namespace": {Init: subreaper.Init, UserNamespace: true}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := probe(sb); !sb.readOnlyCode() || err != nil {
				t.Skipf("no mount namespace for functions here (%+v, %v): they can change their code folder; apigw says so at start", sb, err)
			}
			layer := t.TempDir()
			fn := goFn("ReadOnly")
			fn.Layers = []string{layer}
			_, p := newRunner(t, fn, Options{Sandbox: sb})
			scratch := filepath.Join(t.TempDir(), "scratch.txt")
			names := []string{"relative.txt", filepath.Join(goBinDir, "absolute.txt"), filepath.Join(layer, "layer.txt"), scratch}
			got := mustInvoke(t, p, map[string]any{"action": "write", "names": names, "text": "x"}).Writes
			rofs := syscall.EROFS.Error()
			want := map[string]string{names[0]: rofs, names[1]: rofs, names[2]: rofs, scratch: "ok"}
			if !maps.Equal(got, want) {
				t.Fatalf("writes from the function: got %v; want %v", got, want)
			}
			if err := os.WriteFile(filepath.Join(layer, "host.txt"), []byte("x"), 0o600); err != nil {
				t.Fatalf("apigw's own view of the layer turned read-only: %v", err)
			}
		})
	}
}

// Keeping a folder's mount flags, statfs's relatime becomes the mount
// flag of another value; the others keep theirs, and read-only is not
// carried (the remount adds it).
func TestMountFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		st   int64
		want uintptr
	}{
		{"none", 0, 0},
		{"relatime", 0x1000, syscall.MS_RELATIME},
		{"nosuid nodev relatime", 0x2 | 0x4 | 0x1000, syscall.MS_NOSUID | syscall.MS_NODEV | syscall.MS_RELATIME},
		{"noexec noatime nodiratime", 0x8 | 0x400 | 0x800, syscall.MS_NOEXEC | syscall.MS_NOATIME | syscall.MS_NODIRATIME},
		{"read-only and mandatory locks dropped", 0x1 | 0x40, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := mountFlags(tt.st); got != tt.want {
				t.Fatalf("mountFlags(%#x) = %#x; want %#x", tt.st, got, tt.want)
			}
		})
	}
}
