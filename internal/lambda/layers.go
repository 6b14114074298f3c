package lambda

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// Variables through which a function finds its layers' content.
const (
	envPath        = "PATH"
	envLDLibrary   = "LD_LIBRARY_PATH"
	envNodePath    = "NODE_PATH"
	envLayerPython = "_APIGW_LAYER_PYTHONPATH" // read (and removed) by the Python bootstrap
)

// layerEnv is what fn's layers add to its environment, each folder as
// Lambda's /opt would hold it: bin on PATH, lib on LD_LIBRARY_PATH,
// nodejs/node_modules (and nodejs/nodeNN/node_modules) on NODE_PATH,
// python/lib/python3.X/site-packages and python on the Python path.
//
// Lambda merges a function's layers into /opt in the order the function
// lists them (AWS Lambda Developer Guide, "Adding layers to functions":
// the order layers are added is the order their content is merged; the
// paths are from "Packaging your layer content"), so where two layers
// hold the same file the later layer's copy is the one /opt keeps. apigw
// does not copy layers into one folder; it lists their folders later
// layer first, so the file a lookup finds is the one the merged /opt
// would hold.
func layerEnv(fn *api.Function) []string {
	if len(fn.Layers) == 0 {
		return nil
	}
	env := []string{
		envPath + "=" + joinPaths(os.Getenv(envPath), layerDirs(fn, "bin")),
		// Lambda's LD_LIBRARY_PATH ends /var/task:/var/task/lib:/opt/lib.
		envLDLibrary + "=" + joinPaths(os.Getenv(envLDLibrary), fn.CodeDir, filepath.Join(fn.CodeDir, "lib"), layerDirs(fn, "lib")),
	}
	switch {
	case strings.HasPrefix(fn.Runtime, runtimeNode):
		env = append(env, envNodePath+"="+nodePath(fn))
	case strings.HasPrefix(fn.Runtime, runtimePython):
		env = append(env, envLayerPython+"="+pythonLayerPath(fn))
	}
	return env
}

// nodePath is Lambda's NODE_PATH order: /opt/nodejs/nodeNN/node_modules,
// then /opt/nodejs/node_modules.
func nodePath(fn *api.Function) string {
	var dirs []string
	if major := nodeMajor(fn.Runtime); major != "" {
		dirs = append(dirs, layerDirs(fn, filepath.Join("nodejs", "node"+major, "node_modules")))
	}
	return joinPaths(append(dirs, layerDirs(fn, filepath.Join("nodejs", "node_modules")))...)
}

// pythonLayerPath is Lambda's sys.path order after the code folder:
// /opt/python/lib/python3.X/site-packages, then /opt/python.
func pythonLayerPath(fn *api.Function) string {
	site := filepath.Join("python", "lib", fn.Runtime, "site-packages")
	return joinPaths(layerDirs(fn, site), layerDirs(fn, "python"))
}

// nodeMajor is "20" for nodejs20.x; "" when the runtime names no version.
func nodeMajor(rt string) string {
	v := strings.TrimPrefix(rt, runtimeNode)
	major, _, _ := strings.Cut(v, ".")
	return major
}

// layerDirs is sub inside each layer of fn, later layers first, joined
// as a path list.
func layerDirs(fn *api.Function, sub string) string {
	dirs := make([]string, 0, len(fn.Layers))
	for _, l := range slices.Backward(fn.Layers) {
		dirs = append(dirs, filepath.Join(l, sub))
	}
	return joinPaths(dirs...)
}

// joinPaths joins the non-empty path lists in order.
func joinPaths(lists ...string) string {
	return strings.Join(slices.DeleteFunc(lists, func(s string) bool { return s == "" }), string(os.PathListSeparator))
}
