package lambda

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// Node starts with the flags of Lambda's Node.js runtime bootstrap, its
// heap sized from the function's memory.
func TestNodeFlagsFollowMemorySize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		memoryMB int // 0: unset
		semi     string
		old      string
	}{
		{"default 128", 0, "6", "116"},
		{"1024", 1024, "51", "922"},
		{"10240", 10240, "512", "9216"},
		{"odd 129 rounds the young generation down", 129, "6", "117"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := interpreterFlags(&api.Function{MemoryMB: tt.memoryMB}, "node")
			want := []string{"--expose-gc", "--max-http-header-size", "81920", "--max-semi-space-size=" + tt.semi, "--max-old-space-size=" + tt.old}
			if !slices.Equal(got, want) {
				t.Fatalf("got %q; want %q", got, want)
			}
		})
	}
}

type flagsReply struct {
	GC            string   `json:"gc"`
	ExecArgv      []string `json:"execArgv"`
	HeapLimit     int64    `json:"heapLimit"`
	NoDeprecation bool     `json:"noDeprecation"`
}

// invokeFlags starts fn with memoryMB under o and returns how its node
// says it was started.
func invokeFlags(t *testing.T, memoryMB int, env map[string]string, o Options) flagsReply {
	t.Helper()
	fn := scriptFn(t, "Flags", "nodejs20.x", "node", "index.flags")
	fn.MemoryMB, fn.Environment = memoryMB, env
	_, p := newRunner(t, fn, o)
	return invokeAs[flagsReply](t, p, map[string]any{})
}

// A real node process: global.gc exists, process.execArgv is Lambda's
// flags (then the debugger's), the heap limit grows with MemoryMB, and the
// function's NODE_OPTIONS still applies without showing in execArgv.
func TestNodeProcessStartsWithLambdasFlags(t *testing.T) {
	t.Parallel()
	lambda128 := []string{"--expose-gc", "--max-http-header-size", "81920", "--max-semi-space-size=6", "--max-old-space-size=116"}
	small := invokeFlags(t, 128, map[string]string{"NODE_OPTIONS": "--no-deprecation"}, Options{})
	if small.GC != "function" || !slices.Equal(small.ExecArgv, lambda128) || !small.NoDeprecation {
		t.Fatalf("128 MB: got %+v; want gc a function, execArgv %q, NODE_OPTIONS applied", small, lambda128)
	}
	large := invokeFlags(t, 512, nil, Options{})
	lambda512 := []string{"--expose-gc", "--max-http-header-size", "81920", "--max-semi-space-size=25", "--max-old-space-size=461"}
	if !slices.Equal(large.ExecArgv, lambda512) || large.HeapLimit <= small.HeapLimit {
		t.Fatalf("512 MB: got %+v; want execArgv %q and a heap limit above 128 MB's %d", large, lambda512, small.HeapLimit)
	}
	port := freePort(t)
	debugged := invokeFlags(t, 128, nil, Options{Debug: Debug{Port: port}})
	if want := append(lambda128, "--inspect=127.0.0.1:"+strconv.Itoa(port)); !slices.Equal(debugged.ExecArgv, want) {
		t.Fatalf("debugged: execArgv %q; want %q", debugged.ExecArgv, want)
	}
}

// The folders a function cannot change are its code and its layers, made
// absolute; one holding the temporary folder stays writable.
func TestReadOnlyDirs(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		code   string
		layers []string
		want   []string
	}{
		{"code only", "/srv/app", nil, []string{"/srv/app"}},
		{"code and layers", "/srv/app", []string{"/srv/l1", "/srv/l2"}, []string{"/srv/app", "/srv/l1", "/srv/l2"}},
		{"relative code", "src", nil, []string{filepath.Join(wd, "src")}},
		{"code at the root", "/", []string{"/srv/l1"}, []string{"/srv/l1"}},
		{"the temporary folder itself", os.TempDir(), nil, nil},
		{"code under the temporary folder", filepath.Join(os.TempDir(), "app"), nil, []string{filepath.Join(os.TempDir(), "app")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := readOnlyDirs(&api.Function{CodeDir: tt.code, Layers: tt.layers})
			if !slices.Equal(got, tt.want) {
				t.Fatalf("readOnlyDirs: got %q; want %q", got, tt.want)
			}
		})
	}
}
