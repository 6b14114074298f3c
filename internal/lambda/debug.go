package lambda

import (
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// Debug names the function to run under its runtime's debugger
// (--debug-port, --debug-function): Node's inspector, or Python's debugpy
// waiting for a client. That function runs one process, and nothing times
// it out (its Timeout, the init and queue limits, a caller giving up).
type Debug struct {
	Port     int    // 0: no debugging
	Function string // logical id; may be empty when there is one function
}

// ErrDebug: the debugging flags cannot be honoured.
var ErrDebug = errors.New("cannot debug")

// resolve returns d with Function set to the function to debug, checked
// against fns.
func (d Debug) resolve(fns map[string]*api.Function) (Debug, error) {
	switch {
	case d.Port == 0 && d.Function == "":
		return d, nil
	case d.Port == 0:
		return d, fmt.Errorf("%w: --debug-function %s needs --debug-port", ErrDebug, d.Function)
	case d.Port < 1 || d.Port > 65535:
		return d, fmt.Errorf("%w: --debug-port %d is not a port", ErrDebug, d.Port)
	case d.Function == "" && len(fns) == 1:
		d.Function = sortedKeys(fns)[0]
		return d, nil
	case d.Function == "":
		return d, fmt.Errorf("%w: --debug-port: the template has %d functions (%s): name one with --debug-function", ErrDebug, len(fns), strings.Join(sortedKeys(fns), ", "))
	case fns[d.Function] == nil:
		return d, fmt.Errorf("%w: --debug-function %s: no such function (the template has %s)", ErrDebug, d.Function, strings.Join(sortedKeys(fns), ", "))
	}
	return d, nil
}

// debugArgs are the flags, before the bootstrap, that start tool's
// debugger for fn when fn is the one debugged.
func (t *toolset) debugArgs(fn *api.Function, tool, path string) ([]string, error) {
	if t.debug.Port == 0 || fn.LogicalID != t.debug.Function {
		return nil, nil
	}
	addr := "127.0.0.1:" + strconv.Itoa(t.debug.Port)
	switch tool {
	case "node":
		t.log.printf("[%s] debugging: Node's inspector on %s (chrome://inspect, or attach VS Code); one process, no timeouts", fn.LogicalID, addr)
		return []string{"--inspect=" + addr}, nil
	case "python3":
		if out, err := exec.Command(path, "-s", "-c", "import debugpy").CombinedOutput(); err != nil {
			return nil, setupError(fn, "Runtime", "--debug-port: debugging a Python function needs debugpy, which %s cannot import (pip install debugpy for that interpreter): %v %s",
				path, err, lastLine(out))
		}
		t.log.printf("[%s] debugging: debugpy listens on %s and each process waits for a client before its init; one process, no timeouts", fn.LogicalID, addr)
		// frozen_modules=off: debugpy cannot set breakpoints in frozen
		// standard modules (3.11 and later; older ones ignore it).
		return []string{"-Xfrozen_modules=off", "-m", "debugpy", "--listen", addr, "--wait-for-client"}, nil
	}
	return nil, setupError(fn, "Runtime", "--debug-port: runtime %s: apigw starts debuggers for nodejs and python functions only (attach dlv to a Go function's process yourself)", fn.Runtime)
}

func lastLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	return s[strings.LastIndexByte(s, '\n')+1:]
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}
