package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/demo"
	"github.com/apigw/apigw/internal/lambda"
)

func mkfile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWatchSetClassify: each changed file asks for what it should: the
// template and what it pulls in reload the API, a function's code or
// layer reloads that function (every function sharing the layer), the
// code of a function not started retries the API.
func TestWatchSetClassify(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tplFile := mkfile(t, filepath.Join(dir, "template.yaml"), "x")
	openapi := mkfile(t, filepath.Join(dir, "api.yaml"), "x")
	env := mkfile(t, filepath.Join(dir, "env.json"), "{}")
	nodeJS := mkfile(t, filepath.Join(dir, "node", "app.js"), "x")
	layerPy := mkfile(t, filepath.Join(dir, "layer", "python", "lib.py"), "x")
	pyApp := mkfile(t, filepath.Join(dir, "py", "app.py"), "x")
	gapGo := mkfile(t, filepath.Join(dir, "gofn", "main.go"), "x")
	other := mkfile(t, filepath.Join(dir, "README.md"), "x")
	archive := mkfile(t, filepath.Join(dir, "build", "fn.zip"), "x")
	layerZip := mkfile(t, filepath.Join(dir, "build", "layer.zip"), "x")
	tpl := &api.Template{File: tplFile,
		APIs: []*api.API{{Routes: []*api.Route{{Method: "GET", Path: "/a", Source: api.Location{File: openapi}}}}},
		Functions: map[string]*api.Function{
			"Node": {CodeDir: filepath.Dir(nodeJS), Layers: []string{filepath.Join(dir, "layer")}},
			"Py":   {CodeDir: filepath.Dir(pyApp), Layers: []string{filepath.Join(dir, "layer")}},
			"Go":   {CodeDir: filepath.Dir(gapGo), Gap: api.Gap{What: "does not build"}},
			"Zip":  {CodeDir: t.TempDir(), CodeArchive: archive, Layers: []string{t.TempDir()}, LayerArchives: []string{layerZip}},
		}}
	ws := newWatchSet(tpl, loadConfig{}, env)
	cases := []struct {
		name      string
		changed   string
		template  bool
		functions []string
	}{
		{"template", tplFile, true, nil},
		{"definition file", openapi, true, nil},
		{"env-vars file", env, true, nil},
		{"function code", nodeJS, false, []string{"Node"}},
		{"shared layer", layerPy, false, []string{"Node", "Py"}},
		{"code of a function not started", gapGo, true, nil},
		{"code archive", archive, true, nil},
		{"layer archive", layerZip, true, nil},
		{"anything else", other, false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			plan := ws.classify([]string{c.changed})
			got := slices.Sorted(func(yield func(string) bool) {
				for id := range plan.functions {
					yield(id)
				}
			})
			if (len(plan.template) > 0) != c.template || !slices.Equal(got, c.functions) {
				t.Fatalf("template %v, functions %v; want %v, %v", plan.template, got, c.template, c.functions)
			}
		})
	}
	if paths := ws.paths(); slices.Contains(paths, other) || !slices.Contains(paths, filepath.Join(dir, "layer")) {
		t.Fatalf("paths %v: want the layer folder, not unrelated files", paths)
	}
}

const nodeFunctionTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: %s
      Events: {Api: {Type: Api, Properties: {Path: /x, Method: get}}}
`

// DESIGN section 3: serving a sam build output, an edit of the source
// only says to run sam build; an edit of the build output reloads.
func TestWatchSetBuildSources(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := mkfile(t, filepath.Join(dir, "src", "app.js"), "x")
	mkfile(t, filepath.Join(dir, "template.yaml"), fmt.Sprintf(nodeFunctionTemplate, "src"))
	built := mkfile(t, filepath.Join(dir, ".aws-sam", "build", "Fn", "app.js"), "x")
	buildTpl := mkfile(t, filepath.Join(dir, ".aws-sam", "build", "template.yaml"), fmt.Sprintf(nodeFunctionTemplate, "Fn"))
	tpl, err := loadTemplate(buildTpl, loadConfig{})
	if err != nil {
		t.Fatal(err)
	}
	ws := newWatchSet(tpl, loadConfig{}, "")
	if plan := ws.classify([]string{src}); len(plan.sources) != 1 || len(plan.functions) != 0 || len(plan.template) != 0 {
		t.Errorf("source edit: got %+v; want only a sources note", plan)
	}
	if plan := ws.classify([]string{filepath.Join(dir, "template.yaml")}); len(plan.sources) != 1 || len(plan.template) != 0 {
		t.Errorf("source template edit: got %+v; want only a sources note", plan)
	}
	if plan := ws.classify([]string{built}); len(plan.sources) != 0 || len(plan.functions["Fn"]) != 1 {
		t.Errorf("build output edit: got %+v; want function Fn reloaded", plan)
	}
}

func TestRouteChanges(t *testing.T) {
	t.Parallel()
	tpl := func(routes ...string) *api.Template {
		a := &api.API{}
		for _, r := range routes {
			a.Routes = append(a.Routes, &api.Route{Method: "GET", Path: r})
		}
		return &api.Template{APIs: []*api.API{a}}
	}
	cases := []struct {
		name      string
		old, next *api.Template
		want      string
	}{
		{"same", tpl("/a"), tpl("/a"), ""},
		{"added and removed", tpl("/a", "/b"), tpl("/a", "/c"), " (+GET /c, -GET /b)"},
	}
	for _, c := range cases {
		if got := routeChanges(c.old, c.next); got != c.want {
			t.Errorf("%s: got %q; want %q", c.name, got, c.want)
		}
	}
}

// --no-reload, and the built-in demo, serve the functions as loaded: no
// watcher, no note.
func TestNoReload(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		file     string
		noReload bool
	}{
		{"--no-reload", filepath.Join(t.TempDir(), "template.yaml"), true},
		{"demo", demo.File, false},
	}
	for _, c := range cases {
		var stderr strings.Builder
		f := serveFlags{reloadFlags: reloadFlags{noReload: c.noReload}}
		got := withReload(nil, liveAPI{tpl: &api.Template{File: c.file}, fns: notStarted{}}, f, Streams{Stderr: &stderr}, nil)
		if _, ok := got.(notStarted); !ok || stderr.Len() > 0 {
			t.Errorf("%s: got %T, %q; want the functions as loaded, silently", c.name, got, stderr.String())
		}
	}
}

// The files a template pulls in are found through where its parts were
// declared: DefinitionUri, AWS::Include, nested stacks.
func TestTemplateFilesFollowIncludes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mkfile(t, filepath.Join(dir, "template.yaml"), `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: v1, DefinitionUri: ./defs/api.yaml}
`)
	mkfile(t, filepath.Join(dir, "defs", "api.yaml"), `openapi: '3.0.1'
info: {title: t, version: '1'}
paths:
  /x:
    get:
      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{"statusCode": 200}'}, responses: {default: {statusCode: '200'}}}
`)
	cases := []struct {
		name, template string
		want           []string
	}{
		{"DefinitionUri", filepath.Join(dir, "template.yaml"), []string{"template.yaml", "defs/api.yaml"}},
		{"AWS::Include", "../sam/testdata/loading/b12-include/template.yaml", []string{"template.yaml", "api.yaml"}},
		{"nested stacks", "../../e2e/testdata/nested/template.yaml", []string{"template.yaml", "pets/template.yaml", "shop/template.yaml"}},
	}
	for _, c := range cases {
		tpl, err := loadTemplate(c.template, loadConfig{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		base, _ := filepath.Abs(filepath.Dir(c.template))
		files := templateFiles(tpl, "")
		for _, w := range c.want {
			if !files[filepath.Join(base, w)] {
				t.Errorf("%s: %s not among the template's files %v", c.name, w, files)
			}
		}
	}
}

// Metrics read the pools of the version serving: after a template reload,
// the new runner's.
func TestMetricsFollowTheServingVersion(t *testing.T) {
	t.Parallel()
	runner := func(id string) runnerFunctions {
		dir := t.TempDir()
		mkfile(t, filepath.Join(dir, "app.js"), "exports.handler = async () => ({});\n")
		fn := &api.Function{LogicalID: id, Runtime: "nodejs20.x", Handler: "app.handler", CodeDir: dir}
		r, err := lambda.NewRunner(map[string]*api.Function{id: fn}, lambda.Options{CacheDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close(t.Context()) }) //nolint:errcheck // nothing runs
		return runnerFunctions{r}
	}
	obs, err := newObservers(&api.Template{}, recordFlags{}, "", poolsOf(runner("First")), io.Discard, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	obs.follow(runner("Second"))
	if got := obs.pools.Pools(); len(got) != 1 || got[0].Function != "Second" {
		t.Fatalf("pools after a reload: %+v; want the new version's (Second)", got)
	}
}

// Every version of the API a process serves shares one cache store (one
// Redis client), so hot reloads open no new connections.
func TestCacheStoresSharedAcrossVersions(t *testing.T) {
	t.Parallel()
	var f serveFlags
	f.register(flag.NewFlagSet("start-api", flag.ContinueOnError))
	first, err := newCacheStores(f.cacheFlags.sized(5), nil)
	if err != nil {
		t.Fatal(err)
	}
	again := f // as the reloader holds a copy of the flags
	second, err := newCacheStores(again.cacheFlags.sized(5), nil)
	if err != nil || second != first {
		t.Fatalf("second version's stores: %p, %v; want the first's %p", second, err, first)
	}
}
