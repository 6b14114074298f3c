package sam

import (
	"path/filepath"
	"strings"
	"testing"
)

// loadingDir holds the reproductions of evidence/loading (B1-B12, section
// 7) and more-bugs.md (B-GETINT, B-MAXAGE, B-CREDS), each named by its id,
// with the model each loads into: SAM's transform and CloudFormation
// deploy every one, so each loads, and what apigw cannot serve yet is a
// Gap on the part that needs it, listed once.
const loadingDir = "testdata/loading"

func TestLoadingEvidence(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(loadingDir, "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(loadingDir, "*", "template.yaml"))
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("found %d reproductions in %s; want every one", len(files), loadingDir)
	}
	for _, file := range files {
		name := strings.TrimPrefix(file, loadingDir+string(filepath.Separator))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Load(file, Options{})
			if err != nil {
				t.Fatalf("Load(%s): %v; want it to load, as CloudFormation deploys it", name, err)
			}
			dir, _ := filepath.Abs(filepath.Dir(file))
			compareGolden(t, strings.TrimSuffix(file, ".yaml")+".golden", dump(tpl, dir))
		})
	}
}
