package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/sam"
)

const templates = "../../testdata/templates/"

func runMain(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidateRouteTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		wantOut    string
		wantStderr string
	}{
		{"C-8 seed TOKEN setup", []string{"validate", templates + "seed-token.yaml"},
			"ANY /{proxy+} -> Backend [auth: TokenAuth, ttl 300s]\n1 route served, 0 not served\n", ""},
		{"flags after the template", []string{"validate", templates + "seed-request.yaml", "--stage", "beta", "--region", "eu-west-1"},
			"GET / -> Backend [auth: RequestAuth, ttl 60s]\nGET /health -> Backend [auth: NONE]\nANY /{proxy+} -> Backend [auth: RequestAuth, ttl 60s]\n3 routes served, 0 not served\n", ""},
		{"http_proxy and mock targets", []string{"validate", "--parameter-overrides", "BackendUrl=http://127.0.0.1:9", templates + "definition-body.yaml"},
			"GET /health -> Status [auth: SamAuth, ttl 300s]\n" +
				"ANY /legacy/{proxy+} -> http_proxy http://127.0.0.1:9/old/{proxy} [auth: TokenAuth, ttl 300s]\n" +
				"GET /pets -> ListPets [auth: SamAuth, ttl 300s]\n" +
				"POST /pets -> ListPets [auth: RequestAuth, ttl 0s]\n" +
				"ANY /pets/{id} -> http_proxy http://127.0.0.1:9/pets/{id} [auth: SamAuth, ttl 300s]\n" +
				"GET /status -> mock [auth: NONE]\n6 routes served, 0 not served\n", "request validators"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runMain(tt.args...)
			if code != ExitOK || out != tt.wantOut || !strings.Contains(errs, tt.wantStderr) {
				t.Fatalf("apigw %v = %d\nstdout:\n%s\nstderr:\n%s\nwant 0, stdout:\n%s\nstderr containing %q", tt.args, code, out, errs, tt.wantOut, tt.wantStderr)
			}
		})
	}
}

func TestValidateErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.yaml", `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: ., Runtime: nodejs20.x}
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Auth:
        Authorizers:
          A: {FunctionArn: !GetAtt Fn.Arn, Identity: {ReauthorizeEvery: 3601}}
`)
	code, out, errs := runMain("validate", bad)
	if code != ExitUsage || out != "" {
		t.Fatalf("validate bad.yaml = %d, stdout %q; want 2 and no route table", code, out)
	}
	for _, want := range []string{bad + ":4: Fn: Properties.Handler: runtime nodejs20.x needs a Handler", bad + ":12: Api: Properties.Auth.Authorizers.A.Identity.ReauthorizeEvery: 3601"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr = %q; want a line containing %q", errs, want)
		}
	}
	if n := strings.Count(errs, "\n"); n != 2 {
		t.Errorf("stderr has %d lines; want one per error (2):\n%s", n, errs)
	}
	if code, _, _ := runMain("validate", "a.yaml", "b.yaml"); code != ExitUsage {
		t.Errorf("two templates: exit %d; want 2", code)
	}
	if code, _, errs := runMain("validate", bad, "--parameter-overrides", "novalue"); code != ExitUsage || !strings.Contains(errs, "Key=Value") {
		t.Errorf("bad overrides: exit %d, %q; want 2 naming Key=Value", code, errs)
	}
}

// TestPrintErrors: one line per joined error, a located error as its
// text; an error that wraps two with words of its own stays one line.
func TestPrintErrors(t *testing.T) {
	t.Parallel()
	a := api.Errorf(api.Location{File: "t.yaml", Line: 3, LogicalID: "Fn", Field: "Properties.Runtime"}, "bad")
	b := api.NewError(api.KindUnsupported, api.Location{File: "t.yaml", LogicalID: "Api"}, "not yet")
	both := fmt.Errorf("provisioning %w after %w", a, b)
	var out bytes.Buffer
	printErrors(&out, errors.Join(a, errors.Join(b, errors.New("plain")), both))
	want := "apigw: t.yaml:3: Fn: Properties.Runtime: bad\n" +
		"apigw: t.yaml: Api: not yet\n" +
		"apigw: plain\n" +
		"apigw: provisioning t.yaml:3: Fn: Properties.Runtime: bad after t.yaml: Api: not yet\n"
	if out.String() != want {
		t.Fatalf("printErrors wrote\n%s\nwant\n%s", out.String(), want)
	}
}

func TestValidateBareOpenAPI(t *testing.T) {
	t.Parallel()
	p := writeFile(t, t.TempDir(), "api.yaml", `openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /ping:
    get:
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200"}}
`)
	code, out, errs := runMain("validate", p, "--stage", "qa")
	if code != ExitOK || out != "GET /ping -> mock [auth: NONE]\n1 route served, 0 not served\n" {
		t.Fatalf("validate bare OpenAPI = %d, %q, %q; want 0 and the mock route", code, out, errs)
	}
	tpl, err := loadTemplate(p, loadConfig{Options: sam.Options{Stage: "qa"}})
	if err != nil || tpl.APIs[0].Stage != "qa" {
		t.Fatalf("loadTemplate stage = %v, %v; want qa", tpl, err)
	}
}

// TestValidateBareHTTPAPIDocument: a document AWS exported from an HTTP
// API is served as that HTTP API (its $default stage, HTTP API answers),
// not as a REST API; the note says why.
func TestValidateBareHTTPAPIDocument(t *testing.T) {
	t.Parallel()
	p := "../../testdata/openapi/http-export.yaml"
	var notes bytes.Buffer
	tpl, err := loadTemplate(p, loadConfig{notes: &notes})
	if err != nil || len(tpl.APIs) != 1 || !tpl.APIs[0].IsHTTP() || tpl.APIs[0].Stage != "$default" || tpl.APIs[0].LogicalID != "httpexport" {
		t.Fatalf("loadTemplate = %+v, %v; want the HTTP API httpexport on $default", tpl, err)
	}
	if !strings.Contains(notes.String(), "served as an HTTP API") {
		t.Fatalf("notes %q; want them to say the document is served as an HTTP API", notes.String())
	}
}

func TestFindTemplate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := findTemplate(dir); err != errNoTemplate {
		t.Fatalf("findTemplate(empty) error = %v; want errNoTemplate", err)
	}
	writeFile(t, dir, "template.json", "{}")
	writeFile(t, dir, "template.yml", "x: 1")
	if got, err := findTemplate(dir); err != nil || filepath.Base(got) != "template.yml" {
		t.Fatalf("findTemplate = %q, %v; want template.yml before template.json", got, err)
	}
}

func TestReadEnvVars(t *testing.T) {
	t.Parallel()
	p := writeFile(t, t.TempDir(), "env.json", `{"Fn": {"A": "x", "N": 5, "B": true}, "Parameters": {"P": "all"}}`)
	got, err := readEnvVars(p)
	if err != nil || got["Fn"]["A"] != "x" || got["Fn"]["N"] != "5" || got["Fn"]["B"] != "true" || got["Parameters"]["P"] != "all" {
		t.Fatalf("readEnvVars = %v, %v; want strings for every value", got, err)
	}
	if _, err := readEnvVars(writeFile(t, t.TempDir(), "bad.json", `{"Fn": "x"}`)); err == nil {
		t.Fatal("readEnvVars of a malformed file: want an error")
	}
}
