package lambda

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/api"
)

// goBuildTimeout bounds one go build.
const goBuildTimeout = 5 * time.Minute

// isGoSource reports whether fn's code folder is Go to build: the template
// says so (Metadata.BuildMethod go1.x), or the folder holds go.mod or .go
// files.
func isGoSource(fn *api.Function) bool {
	if fn.BuildMethod == "go1.x" || fileExists(filepath.Join(fn.CodeDir, "go.mod")) {
		return true
	}
	m, _ := filepath.Glob(filepath.Join(fn.CodeDir, "*.go"))
	return len(m) > 0
}

// goBuild builds fn's Go source into the cache, once per distinct source:
// the binary's folder is named by a hash of every Go file of the module,
// so changed sources build again and unchanged ones never do.
func (t *toolset) goBuild(fn *api.Function) (string, error) {
	goTool, err := t.lookPath("go")
	if err != nil {
		return "", setupError(fn, "CodeUri", "%s holds Go source without a binary, and go is not in PATH: %v", fn.CodeDir, err)
	}
	var key string
	t.slow("reading the Go sources of function "+fn.LogicalID+" (go list)", func() { key, err = sourceHash(fn.CodeDir, goTool) })
	if err != nil {
		return "", buildError(fn, "reading Go source: %v", err)
	}
	if p, ok := t.builds[key]; ok {
		return p, nil
	}
	out := filepath.Join(t.cacheDir, "go", key, bootstrapFile)
	if !isExecutable(out) {
		if err := t.runGoBuild(fn, goTool, out); err != nil {
			return "", err
		}
	}
	t.builds[key] = out
	return out, nil
}

func (t *toolset) runGoBuild(fn *api.Function, goTool, out string) error {
	t.progress("building function %s: go build in %s", fn.LogicalID, fn.CodeDir)
	start := time.Now()
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return setupError(fn, "CodeUri", "go build: %v", err)
	}
	tmp := out + "." + strconv.Itoa(os.Getpid()) + ".tmp"
	var b []byte
	var err error
	t.slow("still building function "+fn.LogicalID, func() { b, err = runGo(fn.CodeDir, goTool, "build", "-o", tmp, ".") })
	if err != nil {
		os.Remove(tmp)
		return buildError(fn, "go build in %s failed: %v\n%s", fn.CodeDir, err, strings.TrimSpace(string(b)))
	}
	if err := os.Rename(tmp, out); err != nil {
		return setupError(fn, "CodeUri", "go build: %v", err)
	}
	t.progress("built function %s in %.1fs", fn.LogicalID, time.Since(start).Seconds())
	return nil
}

// ErrBuildFailed: a function's Go source does not build. NewRunner does
// not fail for it: that function's invocations fail with its init error
// (the compiler's message), as a function that cannot init does on
// Lambda, and the others serve.
var ErrBuildFailed = errors.New("lambda: go build failed")

// buildError is a setupError that also matches ErrBuildFailed.
func buildError(fn *api.Function, format string, args ...any) error {
	return buildFailure{setupError(fn, "CodeUri", format, args...)}
}

type buildFailure struct{ error }

func (b buildFailure) Unwrap() error { return b.error }

func (buildFailure) Is(target error) bool { return target == ErrBuildFailed }

// runGo runs the go tool in dir, without cgo, and returns its output.
func runGo(dir, goTool string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), goBuildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	return cmd.CombinedOutput()
}

// listTemplate makes go list print, for each package of the main module
// the build needs, its folder and source files, tab-separated.
const listTemplate = `{{if and .Module .Module.Main}}{{.Dir}}{{range .GoFiles}}{{"\t"}}{{.}}{{end}}` +
	`{{range .CgoFiles}}{{"\t"}}{{.}}{{end}}{{range .EmbedFiles}}{{"\t"}}{{.}}{{end}}{{end}}`

// sourceHash hashes the Go toolchain, the target platform, the folder to
// build, its module's go.mod, go.sum and go.work, and every file of the
// module's packages the build uses (dependencies from the module cache are
// pinned by go.sum).
func sourceHash(dir, goTool string) (string, error) {
	cmd := exec.Command(goTool, "list", "-deps", "-f", listTemplate, ".")
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list in %s: %v\n%s", dir, err, strings.TrimSpace(stderr.String()))
	}
	h := sha256.New()
	io.WriteString(h, goTool+"\x00"+runtime.GOOS+"/"+runtime.GOARCH+"\x00"+dir+"\x00") //nolint:errcheck // hash writes never fail
	root := moduleRoot(dir)
	for _, name := range []string{"go.mod", "go.sum", "go.work"} {
		if err := hashFile(h, filepath.Join(root, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if err := hashPackage(h, line); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// hashPackage hashes one go list line: a folder and its files.
func hashPackage(h io.Writer, line string) error {
	f := strings.Split(line, "\t")
	for _, name := range f[1:] {
		if err := hashFile(h, filepath.Join(f[0], name)); err != nil {
			return err
		}
	}
	return nil
}

func hashFile(h io.Writer, p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	io.WriteString(h, p+"\x00") //nolint:errcheck // as above
	_, err = io.Copy(h, f)
	return err
}

// moduleRoot is the nearest folder at or above dir holding go.mod, or dir.
func moduleRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if fileExists(filepath.Join(d, "go.mod")) {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}
