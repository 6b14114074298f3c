package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// cleanTemplate has one open route and no authorizer: nothing to report.
const cleanTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  Health:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: .
      Events:
        Get:
          Type: Api
          Properties:
            Path: /health
            Method: get
`

// TestLintExitStatus pins lint's contract (DESIGN section 1): 0 clean, 1
// findings, 2 for usage and load errors.
func TestLintExitStatus(t *testing.T) {
	t.Parallel()
	clean := writeFile(t, t.TempDir(), "template.yaml", cleanTemplate)
	tests := []struct {
		name    string
		args    []string
		want    int
		wantOut string
	}{
		{"clean template", []string{"lint", clean}, ExitOK, ""},
		{"clean template as JSON", []string{"lint", clean, "--format", "json"}, ExitOK, `"findings": []`},
		{"C-2 the seed's setup, flags after the template", []string{"lint", templates + "seed-token.yaml", "--region", "eu-west-1"}, ExitError,
			"seed-token.yaml:14: warning: cached-greedy-route: authorizer TokenAuth caches its policy for 300 s and guards ANY /{proxy+}"},
		{"SARIF", []string{"lint", "--format", "sarif", templates + "seed-token.yaml"}, ExitError, `"ruleId": "cached-greedy-route"`},
		{"missing template", []string{"lint", "does-not-exist.yaml"}, ExitUsage, ""},
		{"unknown format", []string{"lint", clean, "--format", "xml"}, ExitUsage, ""},
		{"identity without --probe", []string{"lint", clean, "--token", "allow"}, ExitUsage, ""},
		{"malformed --header", []string{"lint", clean, "--probe", "--header", "novalue"}, ExitUsage, ""},
		{"two templates", []string{"lint", clean, clean}, ExitUsage, ""},
		{"a malformed resource policy is refused as start-api refuses it", []string{"lint", writeFile(t, t.TempDir(), "template.yaml",
			strings.Replace(cleanTemplate, "Resources:\n", "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Policy: {Statement: 7}\n", 1))}, ExitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runMain(tt.args...)
			if code != tt.want || !strings.Contains(out, tt.wantOut) {
				t.Fatalf("apigw %v = %d\nstdout:\n%s\nstderr:\n%s\nwant %d, stdout containing %q", tt.args, code, out, errs, tt.want, tt.wantOut)
			}
		})
	}
}

// TestLintJSONIsOneDocument: JSON output parses as one document whatever
// the findings (the functions' logs never reach stdout).
func TestLintJSONIsOneDocument(t *testing.T) {
	t.Parallel()
	code, out, _ := runMain("lint", "--format", "json", templates+"seed-token.yaml")
	var doc struct {
		Findings []struct {
			Rule, Route string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitError || len(doc.Findings) != 1 || doc.Findings[0].Route != "ANY /{proxy+}" {
		t.Fatalf("exit %d, %v, findings %+v; want one finding on ANY /{proxy+}\n%s", code, err, doc.Findings, out)
	}
}
