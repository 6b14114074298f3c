package openapi

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/apigw/apigw/internal/arn"
)

var update = flag.Bool("update", false, "rewrite the .golden files in testdata")

// testFunctions are the functions of the imaginary template the testdata
// documents belong to.
var testFunctions = []string{"ListPets", "CreatePet", "Backend", "TokenAuthorizer", "RequestAuthorizer", "Echo", "Authorizer"}

const testFunctionARNPrefix = "arn:aws:lambda:us-east-1:123456789012:function:"

// resolveTestFunction is Options.FunctionByARN for testFunctions.
func resolveTestFunction(fn arn.Function) (string, bool) {
	name, ok := strings.CutPrefix(fn.String(), testFunctionARNPrefix)
	for _, f := range testFunctions {
		if ok && name == f {
			return f, true
		}
	}
	return "", false
}

// loadTestdata loads a testdata file as its name says: bare-* files with
// LoadFile, the others with Load and resolveTestFunction. It returns a
// JSON dump of the result, or the error text.
func loadTestdata(t *testing.T, path string) (dump string, err error) {
	t.Helper()
	var v any
	if strings.HasPrefix(filepath.Base(path), "bare-") {
		v, err = LoadFile(path)
	} else {
		v, err = loadDefinition(t, path)
	}
	if err != nil {
		return err.Error() + "\n", err
	}
	out, jerr := json.MarshalIndent(v, "", "  ")
	if jerr != nil {
		t.Fatal(jerr)
	}
	return string(out) + "\n", nil
}

// loadDefinition loads the document at path with the test functions.
func loadDefinition(t *testing.T, path string) (*Definition, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Load(data, Options{File: path, FunctionByARN: resolveTestFunction})
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	golden := strings.TrimSuffix(path, filepath.Ext(path)) + ".golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s: got\n%s\nwant\n%s", path, got, want)
	}
}

// TestGolden loads every document in testdata and compares its dump with
// the .golden file next to it.
func TestGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		if filepath.Ext(path) == ".golden" {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			got, err := loadTestdata(t, path)
			if err != nil {
				t.Fatalf("load %s: %v", path, err)
			}
			compareGolden(t, path, got)
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestJSONMatchesYAML loads the every-extension document as YAML and as
// JSON (the two parse paths) and wants the same Definition.
func TestJSONMatchesYAML(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/openapi3-all.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := yaml.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	asJSON, err := json.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{File: testFile, FunctionByARN: resolveTestFunction}
	fromYAML, errY := Load(data, opts)
	fromJSON, errJ := Load(asJSON, opts)
	if errY != nil || errJ != nil {
		t.Fatalf("Load: got %v and %v; want no errors", errY, errJ)
	}
	y, _ := json.Marshal(fromYAML)
	j, _ := json.Marshal(fromJSON)
	if !bytes.Equal(y, j) {
		t.Errorf("JSON load: got\n%s\nwant (as YAML)\n%s", j, y)
	}
}
