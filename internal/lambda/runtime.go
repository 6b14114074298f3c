package lambda

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// launchSpec is how to start one function's process.
type launchSpec struct {
	path    string   // executable
	args    []string // after the executable
	dir     string   // working directory: the code folder, as LAMBDA_TASK_ROOT
	entry   string   // the file init errors name
	execEnv string   // AWS_EXECUTION_ENV, for managed runtimes
	debug   bool     // runs under a debugger: one process, no timeouts
	// readOnly: folders the process cannot change (readOnlyDirs), when its
	// sandbox has a mount namespace (Sandbox.readOnlyCode).
	readOnly []string
}

// Runtime families apigw runs.
const (
	runtimeNode   = "nodejs"
	runtimePython = "python3."
	runtimeGo     = "go1.x"
	bootstrapFile = "bootstrap"
)

var providedRuntimes = map[string]bool{"provided": true, "provided.al2": true, "provided.al2023": true}

// launch resolves fn's runtime into a launchSpec, doing every check that
// can fail now rather than on the first invocation.
func (t *toolset) launch(fn *api.Function) (launchSpec, error) {
	spec, err := t.resolve(fn)
	spec.readOnly = readOnlyDirs(fn)
	return spec, err
}

// readOnlyDirs are the folders fn's process cannot change, as on Lambda:
// its code and its layers. A folder holding the temporary folder (a code
// folder of "/") stays writable: functions write there.
func readOnlyDirs(fn *api.Function) []string {
	var dirs []string
	for _, dir := range append([]string{fn.CodeDir}, fn.Layers...) {
		abs, err := filepath.Abs(dir)
		if err == nil && !within(abs, os.TempDir()) {
			dirs = append(dirs, abs)
		}
	}
	return dirs
}

// within reports whether path is dir or under it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && filepath.IsLocal(rel)
}

// resolve picks the launchSpec of fn's runtime.
func (t *toolset) resolve(fn *api.Function) (launchSpec, error) {
	rt := fn.Runtime
	switch {
	case strings.HasPrefix(rt, runtimeNode):
		return t.script(fn, "node", nodeEntry(fn))
	case strings.HasPrefix(rt, runtimePython):
		return t.script(fn, "python3", pythonEntry(fn))
	case providedRuntimes[rt]:
		return t.binary(fn, filepath.Join(fn.CodeDir, bootstrapFile))
	case rt == runtimeGo:
		return t.binary(fn, filepath.Join(fn.CodeDir, fn.Handler))
	}
	return launchSpec{}, unsupportedError(fn, "Runtime", "runtime %q is not supported (apigw runs nodejs*, python3.*, provided, provided.al2, provided.al2023 and go1.x)", rt)
}

// script runs an embedded bootstrap with node or python3 from PATH.
func (t *toolset) script(fn *api.Function, tool, entry string) (launchSpec, error) {
	if err := checkCodeDir(fn); err != nil {
		return launchSpec{}, err
	}
	path, err := t.interpreter(fn, tool)
	if err != nil {
		return launchSpec{}, setupError(fn, "Runtime", "runtime %s needs %s in PATH: %v", fn.Runtime, tool, err)
	}
	boot, err := t.bootstrap(tool)
	if err != nil {
		return launchSpec{}, setupError(fn, "Runtime", "writing the %s bootstrap: %v", tool, err)
	}
	debug, err := t.debugArgs(fn, tool, path)
	if err != nil {
		return launchSpec{}, err
	}
	args := append(append(interpreterFlags(fn, tool), debug...), boot)
	return launchSpec{path: path, args: args, dir: fn.CodeDir, entry: entry, execEnv: "AWS_Lambda_" + fn.Runtime, debug: debug != nil}, nil
}

// interpreterFlags come before the debugger's and the bootstrap: node's
// as Lambda starts it (nodeFlags); python3 -B: Lambda's code folder is
// read-only, so it never gains a __pycache__; the user's must not either.
// -s: the user's site-packages stay out of the path (the bootstrap drops
// the host's other site-packages itself).
func interpreterFlags(fn *api.Function, tool string) []string {
	if tool == "node" {
		return nodeFlags(memoryMB(fn))
	}
	return []string{"-B", "-s"}
}

// nodeFlags are the flags Lambda's Node.js runtime bootstrap starts node
// with for a function of memoryMB: global.gc exposed, HTTP headers up to
// 80 KiB, and a heap sized from the memory: a tenth (rounded down) for
// the young generation, half of it per semi-space, the rest for the old
// generation. The user's NODE_OPTIONS still applies; node reads it itself.
func nodeFlags(memoryMB int) []string {
	young := memoryMB / 10
	return []string{"--expose-gc", "--max-http-header-size", "81920",
		"--max-semi-space-size=" + strconv.Itoa(young/2), "--max-old-space-size=" + strconv.Itoa(memoryMB-young)}
}

// binary execs a prebuilt executable, or builds it from Go source.
func (t *toolset) binary(fn *api.Function, path string) (launchSpec, error) {
	if err := checkCodeDir(fn); err != nil {
		return launchSpec{}, err
	}
	if _, err := t.debugArgs(fn, "", ""); err != nil {
		return launchSpec{}, err
	}
	if !isExecutable(path) {
		if !isGoSource(fn) {
			return launchSpec{}, unsupportedError(fn, "CodeUri", "runtime %s needs an executable %s (build it, or point CodeUri at Go source)", fn.Runtime, path)
		}
		built, err := t.goBuild(fn)
		if err != nil {
			return launchSpec{}, err
		}
		path = built
	}
	spec := launchSpec{path: path, dir: fn.CodeDir, entry: path}
	if fn.Runtime == runtimeGo {
		spec.execEnv = "AWS_Lambda_go1.x"
	}
	return spec, nil
}

func checkCodeDir(fn *api.Function) error {
	st, err := os.Stat(fn.CodeDir)
	if err != nil || !st.IsDir() {
		return setupError(fn, "CodeUri", "code folder %q is not a folder", fn.CodeDir)
	}
	return nil
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}

// nodeEntry names the module file a Node handler ("src/app.handler") loads.
func nodeEntry(fn *api.Function) string {
	mod := handlerModule(fn.Handler)
	for _, ext := range []string{".js", ".mjs", ".cjs"} {
		if p := filepath.Join(fn.CodeDir, mod+ext); fileExists(p) {
			return p
		}
	}
	return filepath.Join(fn.CodeDir, mod+".js")
}

// pythonEntry names the module file a Python handler ("pkg.app.handler")
// loads.
func pythonEntry(fn *api.Function) string {
	mod := strings.ReplaceAll(handlerModule(fn.Handler), ".", "/")
	return filepath.Join(fn.CodeDir, mod+".py")
}

// handlerModule is the handler string up to its last dot.
func handlerModule(handler string) string {
	if i := strings.LastIndex(handler, "."); i > 0 {
		return handler[:i]
	}
	return handler
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// setupError is a configuration error naming the function, its file and
// the field at fault; it is an *api.Error when the file is known.
func setupError(fn *api.Function, field, format string, args ...any) error {
	return kindError(api.KindInvalid, fn, field, format, args...)
}

// unsupportedError is a setupError of api.KindUnsupported: the function
// needs what apigw cannot run yet (its runtime, a binary it cannot build),
// so a caller may serve without it.
func unsupportedError(fn *api.Function, field, format string, args ...any) error {
	return kindError(api.KindUnsupported, fn, field, format, args...)
}

func kindError(kind api.Kind, fn *api.Function, field, format string, args ...any) error {
	loc := fn.Source
	if loc.LogicalID == "" {
		loc.LogicalID = fn.LogicalID
	}
	if loc.Field == "" {
		loc.Field = "Properties." + field
	}
	if loc.File == "" {
		return &filelessError{fmt.Sprintf("function %s: %s: %s", loc.LogicalID, loc.Field, fmt.Sprintf(format, args...)), kind}
	}
	return api.NewError(kind, loc, format, args...)
}

// filelessError is a setup error of a function loaded from no file: its
// text, and its kind for errors.Is.
type filelessError struct {
	msg  string
	kind api.Kind
}

func (e *filelessError) Error() string { return e.msg }

func (e *filelessError) Is(target error) bool { return target == error(e.kind) }
