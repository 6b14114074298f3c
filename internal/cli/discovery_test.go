package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// routeTemplate is a SAM template with one GET route at PATH; META is the
// function's Metadata.
const routeTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Metadata: META
    Properties:
      CodeUri: .
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        E: {Type: Api, Properties: {Path: PATH, Method: get}}
`

func routeAt(path, meta string) string {
	return strings.NewReplacer("PATH", path, "META", meta).Replace(routeTemplate)
}

// writeTree writes files (relative path -> content) under dir, each
// modified at the given offset from a fixed time (0 when absent), so
// "older than" never depends on the clock.
func writeTree(t *testing.T, dir string, files map[string]string, ages map[string]time.Duration) {
	t.Helper()
	base := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		at := base.Add(ages[name])
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDiscoveryOrder: the build output first, then template.yaml, .yml,
// .json, as SAM CLI looks (DESIGN section 1).
func TestDiscoveryOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files []string
		want  string // "" for errNoTemplate
	}{
		{"build output first", []string{buildTemplate, "template.yaml", "template.yml"}, buildTemplate},
		{"template.yaml before .yml", []string{"template.yaml", "template.yml", "template.json"}, "template.yaml"},
		{"template.yml before .json", []string{"template.yml", "template.json"}, "template.yml"},
		{"template.json", []string{"template.json"}, "template.json"},
		{"a folder named template.yaml is not a template", []string{"template.yaml/x", "template.json"}, "template.json"},
		{"nothing", []string{"other.yaml"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			files := map[string]string{}
			for _, f := range tt.files {
				files[f] = "x: 1"
			}
			writeTree(t, dir, files, nil)
			got, err := findTemplate(dir)
			if tt.want == "" {
				if err != errNoTemplate {
					t.Fatalf("findTemplate = %q, %v; want errNoTemplate", got, err)
				}
				return
			}
			if err != nil || got != filepath.Join(dir, tt.want) {
				t.Fatalf("findTemplate = %q, %v; want %s", got, err, tt.want)
			}
		})
	}
}

// TestTemplateFlag: -t and --template give the template as TEMPLATE does;
// two different templates are a usage error.
func TestTemplateFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := writeFile(t, dir, "a.yaml", routeAt("/a", "{}"))
	b := writeFile(t, dir, "b.yaml", routeAt("/b", "{}"))
	tests := []struct {
		name    string
		args    []string
		code    int
		out, in string
	}{
		{"-t", []string{"validate", "-t", a}, ExitOK, "GET /a -> Fn [auth: NONE]\n1 route served, 0 not served\n", ""},
		{"--template after a flag", []string{"validate", "--stage", "x", "--template", b}, ExitOK, "GET /b -> Fn [auth: NONE]\n1 route served, 0 not served\n", ""},
		{"-t and the same TEMPLATE", []string{"validate", a, "-t", a}, ExitOK, "GET /a -> Fn [auth: NONE]\n1 route served, 0 not served\n", ""},
		{"-t and another TEMPLATE", []string{"validate", a, "-t", b}, ExitUsage, "", "two templates given"},
		{"invoke with -t", []string{"invoke", "Nope", "-t", a}, ExitUsage, "", `no function "Nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runMain(tt.args...)
			if code != tt.code || out != tt.out || !strings.Contains(errs, tt.in) {
				t.Fatalf("apigw %v = %d, %q, %q; want %d, %q, stderr containing %q", tt.args, code, out, errs, tt.code, tt.out, tt.in)
			}
			if strings.Contains(errs, "using template") {
				t.Errorf("stderr %q names a template given explicitly; only a discovered one is named", errs)
			}
		})
	}
}

// TestBuildHint: a hint to run `sam build` exactly when what is served
// may differ from what sam build gives.
func TestBuildHint(t *testing.T) {
	t.Parallel()
	src := routeAt("/src", "{BuildMethod: esbuild}")
	plain := routeAt("/src", "{}")
	built := routeAt("/built", "{}")
	tests := []struct {
		name  string
		files map[string]string
		ages  map[string]time.Duration
		serve string
		want  string // "" for no hint; a hint also names the function and its build method
	}{
		{name: "BuildMethod and no build output", files: map[string]string{"template.yaml": src}, serve: "template.yaml",
			want: buildTemplate + " does not exist: run `sam build`"},
		{name: "BuildMethod and an older build output", files: map[string]string{"template.yaml": src, buildTemplate: built},
			ages: map[string]time.Duration{buildTemplate: -time.Hour}, serve: "template.yaml",
			want: buildTemplate + " is older than "},
		{name: "BuildMethod and a newer build output", files: map[string]string{"template.yaml": src, buildTemplate: built},
			ages: map[string]time.Duration{buildTemplate: time.Hour}, serve: "template.yaml"},
		{name: "no BuildMethod", files: map[string]string{"template.yaml": plain}, serve: "template.yaml"},
		{name: "build output older than its source", files: map[string]string{"template.yml": plain, buildTemplate: built},
			ages: map[string]time.Duration{buildTemplate: -time.Minute}, serve: buildTemplate,
			want: buildTemplate + " is older than "},
		{name: "build output newer than its source", files: map[string]string{"template.yaml": src, buildTemplate: built},
			ages: map[string]time.Duration{buildTemplate: time.Minute}, serve: buildTemplate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeTree(t, dir, tt.files, tt.ages)
			var notes bytes.Buffer
			if _, err := loadTemplate(filepath.Join(dir, tt.serve), loadConfig{notes: &notes}); err != nil {
				t.Fatal(err)
			}
			got := notes.String()
			if tt.want == "" && got != "" || tt.want != "" && (!strings.HasPrefix(got, "apigw: hint: ") || !strings.Contains(got, tt.want) ||
				strings.Contains(tt.serve, ".aws-sam") == strings.Contains(got, "builds Fn (esbuild)") || strings.Count(got, "\n") != 1) {
				t.Fatalf("notes = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestDiscoveryNamesTemplate: with no template given, the template found
// in the working folder is used and named on the first line. Not
// parallel: it changes the working folder.
func TestDiscoveryNamesTemplate(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"template.yaml": routeAt("/src", "{}"), buildTemplate: routeAt("/built", "{}")},
		map[string]time.Duration{buildTemplate: time.Hour})
	t.Chdir(dir)
	code, out, errs := runMain("validate")
	if code != ExitOK || out != "GET /built -> Fn [auth: NONE]\n1 route served, 0 not served\n" || !strings.HasPrefix(errs, "apigw: using template "+buildTemplate+"\n") {
		t.Fatalf("validate in a project = %d, %q, %q; want the build output's route, named on the first line", code, out, errs)
	}
	if err := os.Remove(buildTemplate); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runMain("validate")
	if code != ExitOK || out != "GET /src -> Fn [auth: NONE]\n1 route served, 0 not served\n" || !strings.HasPrefix(errs, "apigw: using template template.yaml\n") {
		t.Fatalf("validate without build output = %d, %q, %q; want template.yaml's route, named first", code, out, errs)
	}
}
