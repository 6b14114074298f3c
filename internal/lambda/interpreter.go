package lambda

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/apigw/apigw/internal/api"
)

// Interpreters as Lambda's runtimes would pick them: a python3.13 function
// runs on python3.13 when PATH has it, else on python3 with a warning
// naming the version used; a nodejs20.x function warns when node is not
// Node 20. Each interpreter is asked once for its real path and version,
// so a version manager's shim (pyenv's costs about a second a start) is
// run once at start and never per process.

// probeTimeout bounds one interpreter's answer.
const probeTimeout = 30 * time.Second

// interpreter is a resolved interpreter: its real executable and version
// ("3.11", "20.20.2"); err when it does not run.
type interpreter struct {
	path, version string
	err           error
}

// probes ask each tool for its real executable and version.
var probes = map[string][]string{
	"python3": {"-c", "import sys; print(sys.executable); print('%d.%d' % sys.version_info[:2])"},
	"node":    {"-e", "console.log(process.execPath); console.log(process.versions.node)"},
}

// interpreter returns the executable to run fn's script runtime (tool is
// node or python3), warning once per runtime when its version is not the
// one declared.
func (t *toolset) interpreter(fn *api.Function, tool string) (string, error) {
	want, names := wantedVersion(fn.Runtime, tool)
	var tried []string
	for _, name := range names {
		in := t.probe(name, tool)
		if in.err != nil {
			tried = append(tried, in.err.Error())
			continue
		}
		if !sameVersion(in.version, want) {
			t.warnOnce(fn.Runtime, "functions with Runtime %s run on %s %s (%s)%s", fn.Runtime, name, in.version, in.path, because(tried))
		}
		return in.path, nil
	}
	return "", fmt.Errorf("%s", strings.Join(tried, "; "))
}

// wantedVersion is the version fn's runtime declares ("3.13", "20") and the
// names to try, best first.
func wantedVersion(runtime, tool string) (string, []string) {
	if tool == "node" {
		return strings.TrimSuffix(strings.TrimPrefix(runtime, runtimeNode), ".x"), []string{"node"}
	}
	v := strings.TrimPrefix(runtime, "python")
	return v, []string{"python" + v, "python3"}
}

// sameVersion: got "3.11" is want "3.11"; got "20.20.2" is want "20".
func sameVersion(got, want string) bool {
	return got == want || strings.HasPrefix(got, want+".")
}

func because(tried []string) string {
	if len(tried) == 0 {
		return ""
	}
	return ": " + strings.Join(tried, "; ")
}

// probed holds every interpreter's answer by its path in PATH, for the
// life of apigw: a reload's new Runner does not ask again.
var probed struct {
	sync.Mutex
	m map[string]interpreter
}

// probe runs name (found in PATH) once and remembers its answer.
func (t *toolset) probe(name, tool string) interpreter {
	path, err := exec.LookPath(name)
	if err != nil {
		return interpreter{err: fmt.Errorf("%s is not in PATH", name)}
	}
	probed.Lock()
	defer probed.Unlock()
	if in, ok := probed.m[path]; ok {
		return in
	}
	var in interpreter
	t.slow("checking "+name+" ("+path+")", func() { in = runProbe(name, path, tool) })
	if probed.m == nil {
		probed.m = map[string]interpreter{}
	}
	probed.m[path] = in
	return in
}

func runProbe(name, path, tool string) interpreter {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, probes[tool]...).CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err != nil || len(lines) != 2 || !filepath.IsAbs(lines[0]) {
		return interpreter{err: fmt.Errorf("%s in PATH (%s) does not run: %v: %s", name, path, err, firstLine(out))}
	}
	return interpreter{path: lines[0], version: lines[1]}
}

// warnOnce writes a warning once per key.
func (t *toolset) warnOnce(key, format string, args ...any) {
	if t.warned[key] {
		return
	}
	t.warned[key] = true
	t.log.printf("apigw: warning: %s", fmt.Sprintf(format, args...))
}
