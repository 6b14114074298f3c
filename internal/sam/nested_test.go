package sam

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// nestedFn is a child template with one routed function and an output.
const nestedFn = errHeader + `  Fn:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: ., Handler: index.handler, Runtime: nodejs20.x, Events: {E: {Type: Api, Properties: {Path: /child, Method: get}}}}
Outputs:
  Url: {Value: !Sub "https://${ServerlessRestApi}.example.com"}
  Deployed: {Value: !Select [1, !Split ["/", !Ref Fn]]}
`

// stackOf is a parent template nesting child.yaml (its Parameters and
// more resources after).
func stackOf(more string) string {
	return errHeader + `  Child:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: child.yaml}
` + more
}

// loadNested writes files into a fresh folder and loads template.yaml.
func loadNested(t *testing.T, files map[string]string) (*api.Template, error) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Load(filepath.Join(dir, "template.yaml"), Options{CodeCache: t.TempDir()})
}

// TestNestedStackErrors: what CloudFormation would refuse in a nested
// stack is an error naming the nested file; a stack that includes itself
// stops at the nesting limit; an output only a deployment knows is a
// placeholder in the parent, not an error.
func TestNestedStackErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   map[string]string
		wantErr string // "" for a template that loads
		wantEnv string // the parent function's OUT, when it loads
	}{
		{"no such file", map[string]string{"template.yaml": stackOf(errFn)}, "child.yaml", ""},
		{"invalid nested template", map[string]string{"template.yaml": stackOf(errFn), "child.yaml": "Resources: []\n"}, "child.yaml", ""},
		{"a stack that includes itself", map[string]string{"template.yaml": errHeader + "  Me:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: template.yaml}\n" + errFn},
			"includes itself", ""},
		{"a stack that includes its parent", map[string]string{"template.yaml": stackOf(errFn), "child.yaml": errHeader + "  Back:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: template.yaml}\n"},
			"template.yaml includes itself", ""},
		{"nine deep", chain(9), "stacks nest more than 8 deep", ""},
		{"eight deep", chain(8), "", "x"},
		{"over 100 in all", fanOut(11, 10), "more than 100 nested stacks in all", ""},
		{"no such output", map[string]string{"template.yaml": stackOf(fnWithEnv("!GetAtt Child.Outputs.Nope")), "child.yaml": nestedFn}, "the nested stack has no output Nope", ""},
		{"an output", map[string]string{"template.yaml": stackOf(fnWithEnv("!GetAtt Child.Outputs.Url")), "child.yaml": nestedFn}, "", "https://86cyzeq42m.example.com"},
		{"an output only a deployment knows", map[string]string{"template.yaml": stackOf(fnWithEnv("!GetAtt Child.Outputs.Deployed")), "child.yaml": nestedFn}, "", "Child.Outputs.Deployed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := loadNested(t, tt.files)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load: %v; want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := tpl.Functions["Fn"].Environment["OUT"]; got != tt.wantEnv {
				t.Errorf("OUT = %q; want %q", got, tt.wantEnv)
			}
			if tt.wantEnv != "x" && (tpl.Functions["Child/Fn"] == nil || len(tpl.APIs) != 2 || tpl.APIs[1].LogicalID != "Child/ServerlessRestApi") {
				t.Errorf("the nested stack's function and API are not merged under Child/: %v", tpl.APIs)
			}
		})
	}
}

// chain is template.yaml nesting n stacks, each in the one before.
func chain(n int) map[string]string {
	files := map[string]string{"template.yaml": errHeader + stackAt("s1.yaml") + fnWithEnv("x")}
	for i := 1; i < n; i++ {
		files[fmt.Sprintf("s%d.yaml", i)] = errHeader + stackAt(fmt.Sprintf("s%d.yaml", i+1))
	}
	files[fmt.Sprintf("s%d.yaml", n)] = errHeader + "  T:\n    Type: AWS::SNS::Topic\n"
	return files
}

// fanOut is template.yaml nesting mid.yaml wide times, which nests
// leaf.yaml deep times.
func fanOut(wide, deep int) map[string]string {
	top, mid := errHeader+fnWithEnv("x"), errHeader
	for i := range wide {
		top += strings.Replace(stackAt("mid.yaml"), "Child", fmt.Sprintf("Mid%d", i), 1)
	}
	for i := range deep {
		mid += strings.Replace(stackAt("leaf.yaml"), "Child", fmt.Sprintf("Leaf%d", i), 1)
	}
	return map[string]string{"template.yaml": top, "mid.yaml": mid, "leaf.yaml": errHeader + "  T:\n    Type: AWS::SNS::Topic\n"}
}

// stackAt is a resource Child nesting the template file.
func stackAt(file string) string {
	return "  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: " + file + "}\n"
}

// fnWithEnv is the parent's function, its variable OUT set to value.
func fnWithEnv(value string) string {
	return "  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: ., Handler: index.handler, Runtime: nodejs20.x, Environment: {Variables: {OUT: " + value +
		"}}, Events: {E: {Type: Api, Properties: {Path: /parent, Method: get}}}}\n"
}

// TestNestedEnvVars: a nested stack's function takes --env-vars by its
// path (Stack/LogicalId) over its bare logical id; other stacks' paths
// and the Parameters entry pass as they are.
func TestNestedEnvVars(t *testing.T) {
	t.Parallel()
	all := map[string]map[string]string{
		"Fn":         {"A": "bare"},
		"Child/Fn":   {"A": "path"},
		"Other/Fn":   {"A": "other"},
		envVarsAll:   {"B": "all"},
		"Child/Deep": {"C": "deep"},
	}
	got := nestedEnvVars(all, "Child")
	tests := []struct{ id, key, want string }{
		{"Fn", "A", "path"},
		{"Deep", "C", "deep"},
		{"Other/Fn", "A", "other"},
		{envVarsAll, "B", "all"},
	}
	for _, tt := range tests {
		if v := got[tt.id][tt.key]; v != tt.want {
			t.Errorf("%s.%s = %q; want %q", tt.id, tt.key, v, tt.want)
		}
	}
}

// TestNestedUnknownParameter: a value the parent passes that only a
// deployment knows stays unknown in the nested stack: its parameter is a
// placeholder there, not its Default.
func TestNestedUnknownParameter(t *testing.T) {
	t.Parallel()
	child := "Parameters:\n  Greeting: {Type: String, Default: dflt}\n" + errHeader + `  Fn:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: ., Handler: index.handler, Runtime: nodejs20.x, Environment: {Variables: {GREETING: !Ref Greeting}},
      Events: {E: {Type: Api, Properties: {Path: /child, Method: get}}}}
`
	for _, tt := range []struct{ name, value, want string }{
		{"known", "hello", "hello"},
		{"only a deployment knows", "!Ref Secret", "Greeting"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			parent := "Parameters:\n  Secret: {Type: String}\n" + errHeader + "  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: child.yaml, Parameters: {Greeting: " + tt.value + "}}\n"
			tpl, err := loadNested(t, map[string]string{"template.yaml": parent, "child.yaml": child})
			if err != nil {
				t.Fatal(err)
			}
			if got := tpl.Functions["Child/Fn"].Environment["GREETING"]; got != tt.want {
				t.Errorf("GREETING = %q; want %q", got, tt.want)
			}
		})
	}
}
