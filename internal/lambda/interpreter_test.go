package lambda

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// fakeInterpreter writes an executable name into dir that answers the
// probe with its own path and version; with version "" it fails as a
// pyenv shim for a version not selected does. It has no debugpy.
func fakeInterpreter(t *testing.T, dir, name, version string) string {
	t.Helper()
	script := "#!/bin/sh\ncase \"$*\" in *'import debugpy'*) echo \"ModuleNotFoundError: No module named 'debugpy'\" >&2; exit 1;; esac\n" +
		"echo \"$0\"\necho " + version + "\n"
	if version == "" {
		script = "#!/bin/sh\necho \"pyenv: " + name + ": command not found\" >&2\nexit 127\n"
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// runnerWithPath starts a runner for fns with PATH set to dir only and
// returns it and its log.
func runnerWithPath(t *testing.T, dir string, o Options, fns map[string]*api.Function) (*Runner, *syncBuffer, error) {
	t.Helper()
	t.Setenv("PATH", dir)
	log := &syncBuffer{}
	o.Log, o.CacheDir = log, testCacheDir
	r, err := NewRunner(fns, o)
	if err == nil {
		t.Cleanup(func() { r.Close(t.Context()) }) //nolint:errcheck // no process ran
	}
	return r, log, err
}

// Not parallel: each case sets PATH for the process.
func TestInterpreterForTheDeclaredVersion(t *testing.T) {
	tests := []struct {
		name, runtime string
		fakes         map[string]string // name -> version ("" fails)
		want          string            // the fake the function runs on
		warning       string            // "" for none
	}{
		{"python3.13 in PATH", "python3.13", map[string]string{"python3.13": "3.13", "python3": "3.11"}, "python3.13", ""},
		{"python3.13 missing", "python3.13", map[string]string{"python3": "3.11"}, "python3", "Runtime python3.13 run on python3 3.11"},
		{"python3.13 a shim that fails", "python3.13", map[string]string{"python3.13": "", "python3": "3.11"}, "python3", "python3.13: command not found"},
		{"python3 is the version", "python3.11", map[string]string{"python3": "3.11"}, "python3", ""},
		{"node major matches", "nodejs20.x", map[string]string{"node": "20.11.1"}, "node", ""},
		{"node major differs", "nodejs22.x", map[string]string{"node": "20.11.1"}, "node", "Runtime nodejs22.x run on node 20.11.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, v := range tt.fakes {
				fakeInterpreter(t, dir, name, v)
			}
			fn := &api.Function{LogicalID: "Fn", Runtime: tt.runtime, Handler: "app.handler", CodeDir: t.TempDir()}
			r, log, err := runnerWithPath(t, dir, Options{}, map[string]*api.Function{"Fn": fn})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := r.pools["Fn"].spec.path, filepath.Join(dir, tt.want); got != want {
				t.Errorf("runs on %s; want %s", got, want)
			}
			if warned := strings.Contains(log.String(), "warning:"); warned != (tt.warning != "") || !strings.Contains(log.String(), tt.warning) {
				t.Errorf("log:\n%s\nwant warning %q", log.String(), tt.warning)
			}
		})
	}
}

// A version manager's shim is run once at start, and processes run the
// interpreter it resolves to (a pyenv shim cost ~1 s per cold start).
func TestShimsAreResolvedOnce(t *testing.T) {
	bin, real := t.TempDir(), t.TempDir()
	realPython := fakeInterpreter(t, real, "python3.12", "3.12")
	count := filepath.Join(t.TempDir(), "count")
	shim := "#!/bin/sh\necho run >> " + count + "\nexec " + realPython + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "python3.12"), []byte(shim), 0o755); err != nil {
		t.Fatal(err)
	}
	fns := map[string]*api.Function{}
	for _, id := range []string{"A", "B"} {
		fns[id] = &api.Function{LogicalID: id, Runtime: "python3.12", Handler: "app.handler", CodeDir: t.TempDir()}
	}
	r, _, err := runnerWithPath(t, bin, Options{}, fns)
	if err != nil {
		t.Fatal(err)
	}
	for id, p := range r.pools {
		if p.spec.path != realPython {
			t.Errorf("%s runs on %s; want the shim's target %s", id, p.spec.path, realPython)
		}
	}
	if b, _ := os.ReadFile(count); string(b) != "run\n" {
		t.Errorf("the shim ran %d times; want once", strings.Count(string(b), "run"))
	}
}
