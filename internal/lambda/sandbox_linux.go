package lambda

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
)

// Messages DetectSandbox returns when functions share more than they would
// on Lambda.
const (
	sharedNote  = "functions run as apigw's user in its pid namespace: one function can see, signal and read the environment of another's processes (each Runtime API still answers only its own function's processes)"
	notRootNote = "function isolation: not running as root: " + sharedNote
	// writableNote ends notRootNote when functions get no user namespace.
	writableNote = "; with no user namespace from this system, functions can also write to their code and layer folders, which are read-only on Lambda"
	noInitNote   = "function isolation: none: what a function starts outside its process group outlives it, and " + sharedNote
)

// DetectSandbox returns the Sandbox for init (the sandbox init's command
// line, see Sandbox.Init) and, when functions cannot be kept apart from
// each other, a sentence saying so for the caller to print once. It starts
// init to check it runs: in new namespaces as root; else in a user
// namespace (for read-only code), or plainly when the system refuses one.
func DetectSandbox(init []string) (Sandbox, string) {
	if len(init) == 0 {
		return Sandbox{}, noInitNote
	}
	plain, ns := Sandbox{Init: init}, Sandbox{Init: init, Namespaces: true}
	var nsErr error
	if os.Geteuid() == 0 {
		if nsErr = probe(ns); nsErr == nil {
			return ns, ""
		}
	}
	if err := probe(plain); err != nil {
		return Sandbox{}, fmt.Sprintf("%s (the sandbox init does not start: %v)", noInitNote, err)
	}
	if nsErr != nil {
		return plain, fmt.Sprintf("function isolation: cannot give functions their own pid and mount namespaces (%v): %s", nsErr, sharedNote)
	}
	if user := (Sandbox{Init: init, UserNamespace: true}); probe(user) == nil {
		return user, notRootNote
	}
	return plain, notRootNote + writableNote
}

// probeArg makes the init set up its sandbox and exit 0 at once.
const probeArg = "--probe"

// probe starts sb's init once; one with a mount namespace also makes a
// folder read-only there, as it will a function's code: apigw's working
// folder, where the template and usually the code are.
func probe(sb Sandbox) error {
	args := append([]string(nil), sb.Init[1:]...)
	if sb.readOnlyCode() {
		dir, err := os.Getwd()
		if err != nil {
			dir = os.TempDir()
		}
		args = append(args, readOnlyArg+dir)
	}
	cmd := exec.Command(sb.Init[0], append(args, probeArg)...)
	cmd.SysProcAttr = sysProcAttr(sb)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if msg := strings.TrimSpace(string(out)); msg != "" {
			return fmt.Errorf("%w: %s", err, msg)
		}
		return err
	}
	return nil
}

// sysProcAttr puts the process in its own group and stops it should apigw
// die first; under a sandbox init, in new namespaces when sb has them (a
// user namespace maps apigw's user and group to themselves: the function
// runs as that user, as before).
func sysProcAttr(sb Sandbox) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	switch {
	case sb.Namespaces:
		a.Cloneflags = syscall.CLONE_NEWPID | syscall.CLONE_NEWNS
	case len(sb.Init) > 0:
		a.Pdeathsig = syscall.SIGTERM // the init stops its whole tree
		if sb.UserNamespace {
			inUserNamespace(a)
		}
	}
	return a
}

// inUserNamespace starts the process in a new user namespace, apigw's
// user and group mapped to themselves, with a mount namespace of its own.
// Not root there, the init would lose at exec the capabilities a new
// namespace gives; it keeps the one to mount with (enterSubreaper gives
// it up before the function starts).
func inUserNamespace(a *syscall.SysProcAttr) {
	a.Cloneflags = syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS
	a.UidMappings = []syscall.SysProcIDMap{{ContainerID: os.Getuid(), HostID: os.Getuid(), Size: 1}}
	a.GidMappings = []syscall.SysProcIDMap{{ContainerID: os.Getgid(), HostID: os.Getgid(), Size: 1}}
	a.AmbientCaps = []uintptr{capSysAdmin}
}

// Exit statuses of the init when it could not run the function at all.
const (
	exitSandboxFailed = 125
	exitUsage         = 2
)

// statusFD is where apigw reads the init's report (see statusLine).
const statusFD = 3

// SandboxInit is the first process of a function's sandbox; args are the
// function's command line, after any readOnlyArg. In a new pid namespace
// (it is pid 1) it mounts a fresh /proc, makes the readOnlyArg folders
// read-only and drops the capabilities a function could use against
// others; otherwise it becomes the child subreaper of the function's
// tree. It starts the function, reaps whatever is orphaned, and when the
// function exits (or on SIGTERM, which kills it) ends every process left
// in the sandbox, reports the function's exit on fd 3 and exits 0. It
// returns the exit status for main.
func SandboxInit(args []string) int {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	readOnly, args := splitReadOnly(args)
	if err := enterSandbox(readOnly); err != nil {
		fmt.Fprintln(os.Stderr, "apigw sandbox:", err)
		return exitSandboxFailed
	}
	if len(args) == 1 && args[0] == probeArg {
		return 0
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "apigw sandbox: no command")
		return exitUsage
	}
	syscall.CloseOnExec(statusFD)
	status := os.NewFile(statusFD, "status")
	pid, err := syscall.ForkExec(args[0], args, &syscall.ProcAttr{
		Env: os.Environ(), Files: []uintptr{0, 1, 2}, Sys: &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL},
	})
	if err != nil {
		writeReport(status, startFailed+args[0]+": "+err.Error())
		return 0
	}
	go func() {
		<-term
		syscall.Kill(pid, syscall.SIGKILL) //nolint:errcheck // gone already is fine
	}()
	ws := reapUntil(pid)
	endTree()
	writeReport(status, exited+statusLine(ws))
	return 0
}

// Prefixes of the init's report: how the function exited, or why it could
// not be started.
const (
	exited      = "exit: "
	startFailed = "start: "
)

func writeReport(f *os.File, line string) {
	if f != nil {
		f.WriteString(line) //nolint:errcheck // apigw falls back to the init's own status
		f.Close()
	}
}

// statusLine describes a wait status as os.ProcessState does ("" for a
// clean exit, "exit status 2", "signal: killed").
func statusLine(ws syscall.WaitStatus) string {
	var s string
	switch {
	case ws.Exited() && ws.ExitStatus() == 0:
		return ""
	case ws.Exited():
		s = fmt.Sprintf("exit status %d", ws.ExitStatus())
	case ws.Signaled():
		s = "signal: " + ws.Signal().String()
	}
	if ws.CoreDump() {
		s += " (core dumped)"
	}
	return s
}

// reapUntil reaps children (orphans are reparented to the init) until pid
// exits, and returns pid's status.
func reapUntil(pid int) syscall.WaitStatus {
	for {
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(-1, &ws, 0, nil)
		switch {
		case errors.Is(err, syscall.EINTR):
		case err != nil:
			return ws
		case got == pid:
			return ws
		}
	}
}

// endTree kills every process left under the init and reaps them. Each
// orphan is reparented to the init (pid 1 or the subreaper), so once the
// init has no children, nothing it started is left. As pid 1 it need not:
// the kernel kills the namespace when it exits.
func endTree() {
	if os.Getpid() == 1 {
		return
	}
	for {
		for _, pid := range descendants(os.Getpid()) {
			syscall.Kill(pid, syscall.SIGKILL) //nolint:errcheck // gone already is fine
		}
		var ws syscall.WaitStatus
		if _, err := syscall.Wait4(-1, &ws, 0, nil); errors.Is(err, syscall.ECHILD) {
			return
		}
	}
}

// prctl options (linux/prctl.h) and a capability (linux/capability.h).
const (
	prCapBsetDrop        = 24
	prSetChildSubreaper  = 36
	prCapAmbient         = 47
	prCapAmbientClearAll = 4
	lastCapabilityProbed = 63
	capSysAdmin          = 21
)

func prctl(option, arg uintptr) error {
	if _, _, e := syscall.RawSyscall6(syscall.SYS_PRCTL, option, arg, 0, 0, 0, 0); e != 0 {
		return e
	}
	return nil
}

// enterSandbox isolates a pid-1 init; any other becomes a subreaper. Both
// make readOnly read-only to themselves and their function (given only
// to an init with a mount namespace of its own).
func enterSandbox(readOnly []string) error {
	if os.Getpid() != 1 {
		return enterSubreaper(readOnly)
	}
	if err := freshProc(); err != nil {
		return err
	}
	if err := makeReadOnly(readOnly); err != nil {
		return err
	}
	return dropCapabilities()
}

// enterSubreaper makes the init the subreaper of the function's tree; in
// its own user namespace (Sandbox.UserNamespace) it also makes readOnly
// read-only, then gives up the capability it mounted with, so the
// function starts without any.
func enterSubreaper(readOnly []string) error {
	if err := prctl(prSetChildSubreaper, 1); err != nil || len(readOnly) == 0 {
		return err
	}
	if err := privateMounts(); err != nil {
		return err
	}
	if err := makeReadOnly(readOnly); err != nil {
		return err
	}
	return prctl(prCapAmbient, prCapAmbientClearAll)
}

// splitReadOnly takes the leading readOnlyArg arguments off args.
func splitReadOnly(args []string) (dirs, rest []string) {
	for len(args) > 0 {
		dir, ok := strings.CutPrefix(args[0], readOnlyArg)
		if !ok {
			break
		}
		dirs, args = append(dirs, dir), args[1:]
	}
	return dirs, args
}

// makeReadOnly binds each folder onto itself read-only in the init's
// mount namespace (made private first, privateMounts: the host's view and
// apigw's writes are untouched), then enters the working folder again so
// that it too is seen through the read-only mount, as the function
// inherits it.
func makeReadOnly(dirs []string) error {
	for _, dir := range dirs {
		if err := bindReadOnly(dir); err != nil {
			return fmt.Errorf("making %s read-only: %w", dir, err)
		}
	}
	if len(dirs) == 0 {
		return nil
	}
	wd, err := os.Getwd()
	if err == nil {
		err = os.Chdir(wd)
	}
	if err != nil {
		return fmt.Errorf("entering the working folder again: %w", err)
	}
	return nil
}

// bindReadOnly mounts dir on itself read-only, keeping its mount's other
// flags (mountFlags): in a user namespace the kernel refuses to change
// them.
func bindReadOnly(dir string) error {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return err
	}
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
		return err
	}
	return syscall.Mount("", dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY|mountFlags(int64(st.Flags)), "")
}

// Statfs flags (statvfs(3)'s ST_ values) whose mount flags bindReadOnly
// keeps; the first five have the MS_ values.
const (
	stKept     = syscall.MS_NOSUID | syscall.MS_NODEV | syscall.MS_NOEXEC | syscall.MS_NOATIME | syscall.MS_NODIRATIME
	stRelatime = 0x1000
)

// mountFlags are the mount flags of a statfs f_flags value that a read-only
// bind keeps.
func mountFlags(st int64) uintptr {
	flags := uintptr(st) & stKept
	if st&stRelatime != 0 {
		flags |= syscall.MS_RELATIME
	}
	return flags
}

// privateMounts stops mounts made in this mount namespace from reaching
// the one it was copied from, and the reverse.
func privateMounts() error {
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making mounts private: %w", err)
	}
	return nil
}

// freshProc replaces /proc with one of the new pid namespace. The old one
// is detached first, so unmounting the new one reveals nothing.
func freshProc() error {
	if err := privateMounts(); err != nil {
		return err
	}
	if err := syscall.Unmount("/proc", syscall.MNT_DETACH); err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("detaching /proc: %w", err)
	}
	if err := syscall.Mount("proc", "/proc", "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("mounting /proc: %w", err)
	}
	return nil
}

// keptCapabilities are what a root function keeps (container runtimes'
// usual set, without CAP_NET_RAW, with which a function could read other
// functions' events on the loopback, and CAP_MKNOD). Without CAP_SYS_ADMIN
// it cannot unmount its /proc or enter other namespaces; without
// CAP_SYS_PTRACE, CAP_NET_ADMIN, CAP_SYS_MODULE and the rest it cannot
// reach past them.
var keptCapabilities = map[uintptr]bool{
	0: true, 1: true, 3: true, 4: true, 5: true, 6: true, 7: true, 8: true, // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP
	10: true, 18: true, 29: true, 31: true, // NET_BIND_SERVICE SYS_CHROOT AUDIT_WRITE SETFCAP
}

// dropCapabilities removes every other capability from the bounding set,
// so no process the init starts can hold it.
func dropCapabilities() error {
	for c := uintptr(0); c <= lastCapabilityProbed; c++ {
		if keptCapabilities[c] {
			continue
		}
		err := prctl(prCapBsetDrop, c)
		if errors.Is(err, syscall.EINVAL) { // past the kernel's last capability
			return nil
		}
		if err != nil {
			return fmt.Errorf("dropping capability %d: %w", c, err)
		}
	}
	return nil
}

// readStatus reads the init's report: the function's exit as statusLine
// wrote it, or why it could not start; ok is false when the init was
// killed before it reported.
func readStatus(f *os.File) (status, startErr string, ok bool) {
	var buf bytes.Buffer
	buf.ReadFrom(f) //nolint:errcheck // a short read is no report
	f.Close()
	if rest, found := strings.CutPrefix(buf.String(), startFailed); found {
		return "", rest, true
	}
	status, ok = strings.CutPrefix(buf.String(), exited)
	return status, "", ok
}
