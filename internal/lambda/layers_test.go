package lambda

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

type layerReply struct {
	Imports       map[string]string `json:"imports"`
	Which         string            `json:"which"`
	LDLibraryPath string            `json:"ldLibraryPath"`
	Leaked        bool              `json:"leaked"`
}

func layerDir(t *testing.T, name string) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("testdata/layers", name))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func invokeLayered(t *testing.T, runtime, handler string, layers []string, imports ...string) layerReply {
	t.Helper()
	fn := scriptFn(t, "Layered", runtime, "layered", handler)
	for _, l := range layers {
		fn.Layers = append(fn.Layers, layerDir(t, l))
	}
	_, p := newRunner(t, fn, Options{})
	return invokeAs[layerReply](t, p, map[string]any{"imports": imports})
}

// Lambda extracts layers into /opt in the listed order, a later layer's
// file replacing an earlier one's; python/lib/python3.X/site-packages comes
// before python/ on sys.path, nodejs/nodeNN/node_modules before
// nodejs/node_modules on NODE_PATH.
func TestLayersAreFoundInLambdasOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, runtime, handler string
		layers                 []string
		want                   map[string]string
	}{
		{"python later layer wins", "python3.12", "app.handler", []string{"one", "three"}, map[string]string{"shared": "three", "onlyone": "one"}},
		{"python earlier layer when listed last", "python3.12", "app.handler", []string{"three", "one"}, map[string]string{"shared": "one"}},
		{"python site-packages before python/", "python3.12", "app.handler", []string{"two", "three"}, map[string]string{"shared": "two"}},
		{"python site-packages of another version is not on the path", "python3.13", "app.handler", []string{"two", "one"}, map[string]string{"shared": "one"}},
		{"node later layer wins", "nodejs20.x", "index.handler", []string{"one", "three"}, map[string]string{"shared": "three", "onlyone": "one"}},
		{"node nodeNN before node_modules", "nodejs20.x", "index.handler", []string{"two", "three"}, map[string]string{"shared": "two"}},
		{"node another major's folder is not on the path", "nodejs18.x", "index.handler", []string{"two", "one"}, map[string]string{"shared": "one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var names []string
			for k := range tt.want {
				names = append(names, k)
			}
			r := invokeLayered(t, tt.runtime, tt.handler, tt.layers, names...)
			for k, want := range tt.want {
				if r.Imports[k] != want {
					t.Errorf("%s: got %q; want %q (all: %v)", k, r.Imports[k], want, r.Imports)
				}
			}
		})
	}
}

func TestLayerBinAndLibAndNoLeak(t *testing.T) {
	t.Parallel()
	r := invokeLayered(t, "python3.12", "app.handler", []string{"one", "two"})
	if want := filepath.Join(layerDir(t, "one"), "bin", "layertool"); r.Which != want {
		t.Errorf("which layertool: got %q; want %q", r.Which, want)
	}
	libs := filepath.SplitList(r.LDLibraryPath)
	if n := len(libs); n < 2 || libs[n-2] != filepath.Join(layerDir(t, "two"), "lib") || libs[n-1] != filepath.Join(layerDir(t, "one"), "lib") {
		t.Errorf("LD_LIBRARY_PATH: got %q; want it to end with two/lib then one/lib", r.LDLibraryPath)
	}
	if r.Leaked {
		t.Error("apigw's layer variable reached the function")
	}
}

// hostModule names a module installed in the host's site-packages, as the
// host's python3 sees it (pip last: it is there on most machines). A
// python3 with nothing in its site-packages has nothing that could leak:
// the test is skipped there, saying so.
func hostModule(t *testing.T) string {
	t.Helper()
	script := `import pkgutil, site
names = sorted(m.name for m in pkgutil.iter_modules(site.getsitepackages()) if m.name.isidentifier() and m.name != "_distutils_hack")
print(next((n for n in names if n != "pip"), "pip" if "pip" in names else ""))`
	out, err := exec.Command("python3", "-c", script).Output()
	if err != nil {
		t.Fatalf("asking the host's python3 for its site-packages: %v", err)
	}
	name := strings.TrimSpace(string(out))
	if name == "" && os.Getenv("CI") == "true" {
		t.Fatal("the host's python3 has nothing in its site-packages to test with; CI's image has pip")
	}
	if name == "" {
		t.Skip("the host's python3 has nothing in its site-packages: no host module can leak (under CI=true this fails)")
	}
	return name
}

func hostImports(name string) bool {
	return exec.Command("python3", "-c", "import "+name).Run() == nil
}

// A module installed only on the host does not import (it would not on
// Lambda), the AWS SDK included: DESIGN section 3 has boto3 come from a
// layer or the project, never from the host.
func TestPythonSeesNoHostSitePackages(t *testing.T) {
	t.Parallel()
	mod := hostModule(t)
	if !hostImports(mod) {
		t.Fatalf("the host's python3 cannot import %s itself", mod)
	}
	r := invokeLayered(t, "python3.12", "app.handler", nil, mod, "boto3", "json")
	if r.Imports[mod] != "ImportError" {
		t.Errorf("host module %s: got %q; want ImportError", mod, r.Imports[mod])
	}
	if r.Imports["boto3"] != "ImportError" || r.Imports["json"] != "ok" {
		t.Errorf("got boto3 %q, json %q; want boto3 ImportError (not from the host) and json ok", r.Imports["boto3"], r.Imports["json"])
	}
}
