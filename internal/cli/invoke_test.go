package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const invokeTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    CodeUri: fn/
Resources:
  InfoFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.info
  ThrowFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.thrower
  EnvFn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: env-function
      Handler: index.env
      Environment:
        Variables:
          GREETING: from-template
`

// TestInvokeEndToEnd runs `apigw invoke` as a built binary on a template
// with Node.js functions (DESIGN section 1: stdout, stderr, exit status).
func TestInvokeEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node not in PATH: the end-to-end tests need Node.js")
	}
	bin, dir := buildApigw(t), invokeProject(t)
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantStatus int
		wantOut    []string // substrings of stdout
		wantErr    []string // substrings of stderr
	}{
		{"event file", []string{"invoke", "InfoFn", "template.yaml", "--event", "event.json"}, "", 0,
			[]string{`"functionName":"InfoFn"`, `"event":{"from":"file"}`}, []string{"START RequestId:", "REPORT RequestId:"}},
		{"event on stdin, flags first", []string{"invoke", "--event", "-", "InfoFn"}, `{"from":"stdin"}`, 0,
			[]string{`"event":{"from":"stdin"}`}, nil},
		{"default event", []string{"invoke", "InfoFn"}, "", 0, []string{`"event":{}`}, nil},
		{"function error", []string{"invoke", "ThrowFn"}, "", 1,
			[]string{`{"errorType":"TypeError","errorMessage":"boom"}` + "\n"}, []string{"ThrowFn"}},
		{"by function name, env from template", []string{"invoke", "env-function", "--event", "-"}, `{"name":"GREETING"}`, 0,
			[]string{`{"value":"from-template"}`}, nil},
		{"env-vars file overrides", []string{"invoke", "EnvFn", "--env-vars", "env.json", "--event", "-"}, `{"name":"GREETING"}`, 0,
			[]string{`{"value":"from-env-vars"}`}, nil},
		{"region flag", []string{"invoke", "EnvFn", "--region", "eu-west-3", "--event", "-"}, `{"name":"AWS_REGION"}`, 0,
			[]string{`{"value":"eu-west-3"}`}, nil},
		{"unknown function", []string{"invoke", "Nope"}, "", 2, nil, []string{`"Nope"`, "InfoFn"}},
		{"missing template", []string{"invoke", "InfoFn", "missing.yaml"}, "", 2, nil, []string{"missing.yaml"}},
		{"no function", []string{"invoke"}, "", 2, nil, []string{"usage: apigw invoke"}},
		{"event not JSON", []string{"invoke", "InfoFn", "--event", "-"}, `{nope`, 2, nil, []string{"not valid JSON"}},
		{"event file missing", []string{"invoke", "InfoFn", "--event", "nope.json"}, "", 2, nil, []string{"nope.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, stdout, stderr := runBinary(t, bin, dir, tt.stdin, tt.args...)
			if status != tt.wantStatus {
				t.Fatalf("got status %d; want %d\nstdout: %s\nstderr: %s", status, tt.wantStatus, stdout, stderr)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout %q lacks %q", stdout, w)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
		})
	}
}

// buildApigw builds cmd/apigw into a temporary folder.
func buildApigw(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "apigw")
	out, err := exec.Command("go", "build", "-o", bin, "../../cmd/apigw").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// invokeProject writes the template, its Node.js code, an event and an
// --env-vars file into a temporary folder.
func invokeProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	code, err := os.ReadFile("../lambda/testdata/functions/node/index.js")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"template.yaml": invokeTemplate,
		"fn/index.js":   string(code),
		"event.json":    `{"from":"file"}`,
		"env.json":      `{"EnvFn": {"GREETING": "from-env-vars"}}`,
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runBinary(t *testing.T, bin, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"))
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("running apigw: %v", err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}
