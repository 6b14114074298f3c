package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// manifestOf is a cdk.out/manifest.json declaring the stacks (artifact id
// -> template file) and an asset manifest, which is no stack.
func manifestOf(stacks map[string]string) string {
	var parts []string
	for id, file := range stacks {
		parts = append(parts, `"`+id+`": {"type": "aws:cloudformation:stack", "displayName": "`+id+`", "properties": {"templateFile": "`+file+`"}}`)
	}
	parts = append(parts, `"X.assets": {"type": "cdk:asset-manifest", "properties": {"file": "X.assets.json"}}`)
	return `{"version": "55.0.0", "artifacts": {` + strings.Join(parts, ", ") + `}}`
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCDKDiscovery: with no SAM template, the stack of cdk.out is found
// through its manifest (or its *.template.json files without one);
// several need --stack, and a nested stack's template is no stack.
func TestCDKDiscovery(t *testing.T) {
	t.Parallel()
	one := manifestOf(map[string]string{"Pets": "Pets.template.json"})
	two := manifestOf(map[string]string{"Pets": "Pets.template.json", "Users": "Users.template.json"})
	tests := []struct {
		name    string
		files   map[string]string
		stack   string
		want    string // the template's path under cdk.out
		wantErr error
		errHas  string
	}{
		{"one stack", map[string]string{"cdk.out/manifest.json": one}, "", "Pets.template.json", nil, ""},
		{"several stacks need --stack", map[string]string{"cdk.out/manifest.json": two}, "", "", errStacks, "Pets, Users"},
		{"--stack picks one", map[string]string{"cdk.out/manifest.json": two}, "Users", "Users.template.json", nil, ""},
		{"--stack names no stack", map[string]string{"cdk.out/manifest.json": two}, "Orders", "", nil, "has no such stack (it has Pets, Users)"},
		{"no manifest: template files", map[string]string{"cdk.out/Pets.template.json": "{}", "cdk.out/PetsNested.nested.template.json": "{}"}, "", "Pets.template.json", nil, ""},
		{"no stack", map[string]string{"cdk.out/manifest.json": manifestOf(nil)}, "", "", errNoStack, ""},
		{"bad manifest", map[string]string{"cdk.out/manifest.json": "{"}, "", "", nil, "manifest.json"},
		{"a template outside cdk.out", map[string]string{"cdk.out/manifest.json": manifestOf(map[string]string{"Up": "../template.yaml"})}, "", "", nil, "is not inside"},
		{"no cdk.out", map[string]string{"cdk.json": "{}"}, "", "", errNoTemplate, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			got, err := cdkTemplate(filepath.Join(dir, cdkOut), tt.stack, io.Discard)
			if tt.want != "" && (err != nil || got != filepath.Join(dir, cdkOut, tt.want)) {
				t.Fatalf("got %q, %v; want %s", got, err, tt.want)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v; want %v", err, tt.wantErr)
			}
			if tt.errHas != "" && (err == nil || !strings.Contains(err.Error(), tt.errHas)) {
				t.Fatalf("error %v; want one containing %q", err, tt.errHas)
			}
		})
	}
}

// TestCDKFolderGiven: TEMPLATE (or -t) may be a cdk.out folder, standing
// for its stack; --stack with a template file is an error.
func TestCDKFolderGiven(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "build", cdkOut)
	writeFiles(t, dir, map[string]string{"build/cdk.out/manifest.json": manifestOf(map[string]string{"Pets": "Pets.template.json", "Users": "Users.template.json"}),
		"template.yaml": "Resources: {}\n"})
	tests := []struct {
		name, arg, template, stack, want, errHas string
	}{
		{"folder and --stack", out, "", "Users", filepath.Join(out, "Users.template.json"), ""},
		{"-t folder and --stack", "", out, "Pets", filepath.Join(out, "Pets.template.json"), ""},
		{"folder of several stacks", out, "", "", "", "pick one with --stack (Pets, Users)"},
		{"--stack with a template file", filepath.Join(dir, "template.yaml"), "", "Pets", "", "--stack Pets picks a stack of a cdk.out folder"},
		{"a template file", filepath.Join(dir, "template.yaml"), "", "", filepath.Join(dir, "template.yaml"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := loadConfig{template: tt.template, stack: tt.stack, notes: io.Discard}
			got, err := cfg.templatePath(tt.arg)
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("error %v; want one containing %q", err, tt.errHas)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// FuzzCDKManifest: any manifest.json gives stacks whose templates are
// inside cdk.out, or an error; never a panic.
func FuzzCDKManifest(f *testing.F) {
	f.Add([]byte(manifestOf(map[string]string{"Pets": "Pets.template.json"})))
	f.Add([]byte(manifestOf(map[string]string{"Up": "../x.template.json"})))
	f.Add([]byte(`{"artifacts": {"A": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "/etc/passwd"}}}}`))
	f.Add([]byte(`{"artifacts": null}`))
	dir := filepath.Join("root", cdkOut)
	f.Fuzz(func(t *testing.T, data []byte) {
		stacks, err := parseCDKManifest(dir, data)
		if err != nil {
			return
		}
		for id, p := range stacks {
			if rel, err := filepath.Rel(dir, p); err != nil || !filepath.IsLocal(rel) {
				t.Fatalf("stack %s: template %q is outside %s", id, p, dir)
			}
		}
	})
}
