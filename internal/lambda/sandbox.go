package lambda

import "syscall"

// readOnlyArg, "--read-only=DIR", comes before the function's command
// line, once per folder the function must not change: its code and its
// layers, read-only on Lambda (/var/task, /opt) and under SAM CLI (which
// mounts the code read-only). Only an init with a mount namespace of its
// own (Sandbox.readOnlyCode) is given any.
const readOnlyArg = "--read-only="

// Sandbox is how function processes start (DESIGN section 1, "Function
// isolation"). DetectSandbox picks the most this machine allows.
type Sandbox struct {
	// Init is the command line of the sandbox init (SandboxInit): apigw
	// itself with the hidden command cli registers. apigw starts it with the
	// function's command line appended; it starts the function and, when
	// the function ends or is stopped, everything the function started,
	// detached or not. Empty: each function process is apigw's own child
	// and what it starts outside its process group outlives it.
	Init []string
	// Namespaces gives each init its own pid and mount namespace with a
	// fresh /proc (root only): functions cannot see, signal or read the
	// environment of one another, and the namespace dies with its init.
	Namespaces bool
	// UserNamespace, without Namespaces (not root), gives each init a user
	// namespace (apigw's user mapped to itself) with its own mount
	// namespace, only so that the function's code and layers are read-only
	// to it; it still shares apigw's pid namespace.
	UserNamespace bool
}

// readOnlyCode reports whether sb's init has a mount namespace in which
// to make the function's code read-only.
func (sb Sandbox) readOnlyCode() bool { return sb.Namespaces || sb.UserNamespace }

// kill stops the process pid started under sb, and what it started.
func (sb Sandbox) kill(pid int) {
	switch {
	case sb.Namespaces: // the kernel kills the whole pid namespace with its init
		syscall.Kill(pid, syscall.SIGKILL) //nolint:errcheck // already gone is fine
	case len(sb.Init) > 0: // the init kills its tree, then exits
		syscall.Kill(pid, syscall.SIGTERM) //nolint:errcheck // as above
	default:
		killGroup(pid)
	}
}

// killGroup stops the process group pid leads.
func killGroup(pid int) {
	syscall.Kill(-pid, syscall.SIGKILL) //nolint:errcheck // already gone is fine
}
