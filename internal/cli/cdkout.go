package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cdkOut is the folder `cdk synth` writes, looked for when a folder has
// no SAM template (DESIGN section 1).
const cdkOut = "cdk.out"

// cdkStackType is the artifact type of a stack in cdk.out/manifest.json.
const cdkStackType = "aws:cloudformation:stack"

// errStacks says cdk.out holds several stacks and --stack names none of
// them; errNoStack that it holds none.
var (
	errStacks  = errors.New("several stacks: pick one with --stack")
	errNoStack = errors.New("no stack")
)

// cdkManifest is the part of cdk.out/manifest.json that names stacks.
type cdkManifest struct {
	Artifacts map[string]struct {
		Type        string `json:"type"`
		DisplayName string `json:"displayName"`
		Properties  struct {
			TemplateFile string `json:"templateFile"`
		} `json:"properties"`
	} `json:"artifacts"`
}

// givenTemplate is the template given as path: a cdk.out folder stands
// for its stack (--stack picks one of several); --stack with a template
// file is an error.
func (cfg loadConfig) givenTemplate(path string) (string, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return cdkTemplate(path, cfg.stack, cfg.notes)
	}
	if cfg.stack != "" {
		return "", fmt.Errorf("--stack %s picks a stack of a cdk.out folder, and %s is a template file", cfg.stack, path)
	}
	return path, nil
}

// cdkStacks lists the stacks of the cdk.out folder dir, by artifact id
// (their template files): from manifest.json, else every
// *.template.json (a cdk.out copied without its manifest). Nested
// stacks' templates (*.nested.template.json) are not stacks of their own.
func cdkStacks(dir string) (map[string]string, error) {
	manifest := filepath.Join(dir, "manifest.json")
	data, err := os.ReadFile(manifest)
	if errors.Is(err, os.ErrNotExist) {
		out := map[string]string{}
		files, _ := filepath.Glob(filepath.Join(dir, "*.template.json"))
		for _, f := range files {
			if name := filepath.Base(f); !strings.HasSuffix(name, ".nested.template.json") {
				out[strings.TrimSuffix(name, ".template.json")] = f
			}
		}
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", manifest, err)
	}
	return parseCDKManifest(dir, data)
}

// parseCDKManifest reads the stacks of a manifest.json in the cdk.out
// folder dir: artifact id -> template path. A template file that would
// lead outside dir is an error.
func parseCDKManifest(dir string, data []byte) (map[string]string, error) {
	manifest := filepath.Join(dir, "manifest.json")
	var m cdkManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", manifest, err)
	}
	out := map[string]string{}
	for id, a := range m.Artifacts {
		if a.Type != cdkStackType || a.Properties.TemplateFile == "" {
			continue
		}
		if !filepath.IsLocal(a.Properties.TemplateFile) {
			return nil, fmt.Errorf("%s: stack %s: template file %q is not inside %s", manifest, id, a.Properties.TemplateFile, dir)
		}
		out[id] = filepath.Join(dir, a.Properties.TemplateFile)
	}
	return out, nil
}

// cdkTemplate is the template of the stack of the cdk.out folder dir that
// stack names (--stack), or of its only stack, named in notes;
// errNoTemplate when there is no such folder.
func cdkTemplate(dir, stack string, notes io.Writer) (string, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", errNoTemplate
	}
	stacks, err := cdkStacks(dir)
	if err != nil {
		return "", err
	}
	names := slices.Sorted(maps.Keys(stacks))
	switch {
	case stack == "" && len(names) == 1:
		stack = names[0]
	case stack == "" && len(names) == 0:
		return "", fmt.Errorf("%s: %w", dir, errNoStack)
	case stack == "":
		return "", fmt.Errorf("%s: %w (%s)", dir, errStacks, strings.Join(names, ", "))
	case stacks[stack] == "":
		return "", fmt.Errorf("--stack %s: %s has no such stack (it has %s)", stack, dir, strings.Join(names, ", "))
	}
	fmt.Fprintf(notes, "apigw: using template %s (stack %s of %s)\n", stacks[stack], stack, dir)
	return stacks[stack], nil
}
