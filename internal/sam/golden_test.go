package sam

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const templatesDir = "../../testdata/templates"

func TestGolden(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(templatesDir, "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(templatesDir, "*.json"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no templates in " + templatesDir)
	}
	dir, err := filepath.Abs(templatesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		if strings.HasPrefix(name, "part-") {
			continue // included by other templates, not a template itself
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Load(file, Options{EnvVars: map[string]map[string]string{"Parameters": {"OVERRIDDEN": "from --env-vars"}}})
			if err != nil {
				t.Fatalf("Load(%s): %v", name, err)
			}
			compareGolden(t, strings.TrimSuffix(file, filepath.Ext(file))+".golden", dump(tpl, dir))
		})
	}
}

// compareGolden compares got with the golden file (rewritten with -update).
func compareGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/sam -update)", err)
	}
	if got != string(want) {
		t.Errorf("model differs from %s (rerun with -update after checking):\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}
