package cli

import (
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// buildHint notes, once, when what is served may not be what `sam build`
// would give: the build output is older than its source template, or
// functions that sam build builds (Metadata.BuildMethod) are served from a
// source template with no build output, or an older one, beside it.
func buildHint(w io.Writer, path string, tpl *api.Template) {
	if src, ok := sourceOfBuild(path); ok {
		if newer(src, path) {
			fmt.Fprintf(w, "apigw: hint: %s is older than %s: run `sam build`\n", path, src)
		}
		return
	}
	built := builtFunctions(tpl)
	if built == "" {
		return
	}
	build := filepath.Join(filepath.Dir(path), buildTemplate)
	why := build + " does not exist"
	switch {
	case isRegular(build) && !newer(path, build):
		return
	case isRegular(build):
		why = build + " is older than " + path
	}
	fmt.Fprintf(w, "apigw: hint: %s is served as written, but Metadata.BuildMethod says sam build builds %s, and %s: run `sam build`\n", path, built, why)
}

// sourceOfBuild is the source template beside the .aws-sam folder that
// path, a build output, was built into.
func sourceOfBuild(path string) (string, bool) {
	build := filepath.Dir(path)
	project := filepath.Dir(filepath.Dir(build))
	if filepath.Base(path) != filepath.Base(buildTemplate) || filepath.Join(project, buildTemplate) != filepath.Clean(path) {
		return "", false
	}
	for _, name := range sourceTemplates {
		if p := filepath.Join(project, name); isRegular(p) {
			return p, true
		}
	}
	return "", false
}

// builtFunctions lists the functions with a Metadata.BuildMethod and
// their method, "A (esbuild), B (makefile)"; "" for none.
func builtFunctions(tpl *api.Template) string {
	var names []string
	for _, id := range slices.Sorted(maps.Keys(tpl.Functions)) {
		if m := tpl.Functions[id].BuildMethod; m != "" {
			names = append(names, fmt.Sprintf("%s (%s)", id, m))
		}
	}
	return strings.Join(names, ", ")
}

// newer reports whether file a was modified after file b.
func newer(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && sa.ModTime().After(sb.ModTime())
}
