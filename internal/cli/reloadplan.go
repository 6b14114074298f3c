package cli

import (
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/codecache"
	"github.com/apigw/apigw/internal/lambda"
)

// watchSet is what start-api watches while it serves one loaded template,
// and what a change to each part means.
type watchSet struct {
	// templates are the files the API is read from: the template and what
	// it pulls in (DefinitionUri, AWS::Include, nested stacks, code
	// archives), the --env-vars file. A change reloads the whole API.
	templates map[string]bool
	// code are each started function's code and layer folders (and a Go
	// function's module root), by logical id. A change reloads that
	// function.
	code map[string][]string
	// retry are the code folders of functions not started (a Gap): a
	// change reloads the whole API, which tries them again.
	retry []string
	// sources are, when a `sam build` output is served, the source
	// template and its code folders: a change only says to run sam build
	// (DESIGN section 3).
	sources []string
}

// reloadPlan is what one batch of changed files asks for.
type reloadPlan struct {
	template  []string            // changed files that reload the API
	functions map[string][]string // logical id -> its changed files
	sources   []string            // changed source files of a served build
}

func newWatchSet(tpl *api.Template, cfg loadConfig, envVars string) watchSet {
	ws := watchSet{templates: templateFiles(tpl, envVars), code: map[string][]string{}}
	cache := codecache.DefaultRoot()
	for id, fn := range tpl.Functions {
		if fn.Gap.Missing() {
			ws.retry = append(ws.retry, watchable(cache, fn.CodeDir)...)
			continue
		}
		ws.code[id] = watchable(cache, append(lambda.CodeDirs(fn), fn.Layers...)...)
	}
	if src, ok := sourceOfBuild(tpl.File); ok {
		ws.sources = append([]string{src}, sourceCode(src, cfg)...)
	}
	return ws
}

// templateFiles are the files tpl was read from: its own, every file a
// route, authorizer, function or finding was declared in, the code and
// layer archives it unpacks (a new archive is unpacked by loading the
// template again), and the --env-vars file.
func templateFiles(tpl *api.Template, envVars string) map[string]bool {
	files := []string{tpl.File, envVars}
	for _, a := range tpl.APIs {
		for _, r := range a.Routes {
			files = append(files, r.Source.File)
		}
		for _, az := range a.Authorizers {
			files = append(files, az.Source.File)
		}
	}
	for _, fn := range tpl.Functions {
		files = append(append(files, fn.Source.File, fn.CodeArchive), fn.LayerArchives...)
	}
	for _, e := range tpl.Unsupported {
		files = append(files, e.File)
	}
	out := map[string]bool{}
	for _, f := range files {
		if abs, err := filepath.Abs(f); err == nil && f != "" && isRegular(abs) {
			out[abs] = true
		}
	}
	return out
}

// watchable are the folders among dirs that exist and are the user's:
// code apigw unpacked into its cache (archives, inline code) changes only
// with the template.
func watchable(cache string, dirs ...string) []string {
	var out []string
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() && !under(d, cache) {
			out = append(out, d)
		}
	}
	return out
}

// sourceCode are the code folders of the source template src; none when
// it does not load.
func sourceCode(src string, cfg loadConfig) []string {
	cfg.notes, cfg.template = io.Discard, ""
	tpl, err := loadTemplate(src, cfg)
	if err != nil {
		return nil
	}
	var out []string
	for _, fn := range tpl.Functions {
		out = append(out, watchable(codecache.DefaultRoot(), fn.CodeDir)...)
	}
	return out
}

// paths are every file and folder to watch.
func (ws watchSet) paths() []string {
	out := slices.Collect(maps.Keys(ws.templates))
	for _, dirs := range ws.code {
		out = append(out, dirs...)
	}
	out = append(append(out, ws.retry...), ws.sources...)
	slices.Sort(out)
	return slices.Compact(out)
}

// classify sorts changed files by what they ask for. A template file wins
// over code (the whole API reloads anyway).
func (ws watchSet) classify(changed []string) reloadPlan {
	plan := reloadPlan{functions: map[string][]string{}}
	for _, p := range changed {
		switch {
		case ws.templates[p] || underAny(p, ws.retry):
			plan.template = append(plan.template, p)
		case underAny(p, ws.sources) && !ws.isCode(p):
			plan.sources = append(plan.sources, p)
		}
		for id, dirs := range ws.code {
			if underAny(p, dirs) {
				plan.functions[id] = append(plan.functions[id], p)
			}
		}
	}
	return plan
}

func (ws watchSet) isCode(p string) bool {
	for _, dirs := range ws.code {
		if underAny(p, dirs) {
			return true
		}
	}
	return false
}

func underAny(p string, roots []string) bool {
	return slices.ContainsFunc(roots, func(r string) bool { return under(p, r) })
}

// under reports whether p is root or inside it.
func under(p, root string) bool {
	return p == root || strings.HasPrefix(p, strings.TrimSuffix(root, string(filepath.Separator))+string(filepath.Separator))
}
