package sam

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
)

const errHeader = "Transform: AWS::Serverless-2016-10-31\nResources:\n"

const errFn = `  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: index.handler
      Runtime: nodejs20.x
`

func errAPI(authorizer string) string {
	return `  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Auth:
        Authorizers:
          A:
` + authorizer
}

// writeTemplate writes body as template.yaml in a fresh folder.
func writeTemplate(t testing.TB, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "template.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// newTestLoader is a loader of body written as template.yaml, to look at
// the model it builds even when loading fails.
func newTestLoader(t *testing.T, body string) (*loader, error) {
	t.Helper()
	path := writeTemplate(t, body)
	tpl, err := cfn.Decode(path, []byte(body))
	if err != nil {
		return nil, err
	}
	return newLoader(path, filepath.Dir(path), tpl, withDefaults(Options{})), nil
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body             string
		wantID, wantField, msg string
		wantLine               int
		wantKind               api.Kind
	}{
		{name: "authorizer FunctionArn not an ARN", body: errHeader + errFn + errAPI("            FunctionArn: Fn\n"),
			wantID: "Api", wantField: "Properties.Auth.Authorizers.A.FunctionArn", msg: "want a Lambda function ARN", wantKind: api.KindInvalid},
		{name: "C-1 TTL 3601", body: errHeader + errFn +
			errAPI("            FunctionArn: !GetAtt Fn.Arn\n            Identity: {ReauthorizeEvery: 3601}\n"),
			wantID: "Api", wantField: "Properties.Auth.Authorizers.A.Identity.ReauthorizeEvery", msg: "3601 s is outside 0..3600", wantKind: api.KindInvalid},
		{name: "T-4 validation expression RE2 cannot run", body: errHeader + errFn +
			errAPI("            FunctionArn: !GetAtt Fn.Arn\n            Identity: {ValidationExpression: '(a)\\1'}\n"),
			wantID: "Api", wantField: "Properties.Auth.Authorizers.A.Identity.ValidationExpression", msg: "RE2", wantKind: api.KindInvalid},
		{name: "PIPE-4 proxy+ not last", body: errHeader + errFn +
			"      Events:\n        E: {Type: Api, Properties: {Path: '/{proxy+}/more', Method: get}}\n",
			wantID: "Fn", wantField: "Properties.Events.E", msg: "must be last", wantKind: api.KindInvalid},
		{name: "two methods on the same route", body: errHeader + errFn +
			"      Events:\n        A: {Type: Api, Properties: {Path: /pets, Method: get}}\n        B: {Type: Api, Properties: {Path: /pets, Method: GET}}\n",
			wantID: "Fn", wantField: "Properties.Events.B", msg: "declared twice", wantKind: api.KindInvalid},
		{name: "YAML syntax error has its line", body: errHeader + errFn + "      Events:\n     - broken\n",
			msg: "syntax error", wantLine: 10, wantKind: api.KindInvalid},
		{name: "missing code folder", body: errHeader + strings.Replace(errFn, "CodeUri: .", "CodeUri: nowhere", 1),
			wantID: "Fn", wantField: "Properties.CodeUri", msg: "does not exist", wantKind: api.KindIO},
		{name: "RestApiId names no API", body: errHeader + errFn + "      Events:\n        E: {Type: Api, Properties: {RestApiId: !Ref Other, Path: /, Method: get}}\n",
			wantID: "Fn", wantField: "Properties.Events.E.Properties.RestApiId", msg: `"Other" is not a resource of this template`, wantKind: api.KindInvalid},
		{name: "Serverless resource without the transform", body: "Resources:\n" + errFn,
			wantID: "Fn", wantField: "Type", msg: "needs Transform", wantKind: api.KindInvalid},
		{name: "G-4 unquoted static gateway response header", body: errHeader + "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: x\n      GatewayResponses:\n        DEFAULT_4XX: {ResponseParameters: {Headers: {Access-Control-Allow-Origin: '*'}}}\n",
			wantID: "Api", wantField: "Properties.GatewayResponses.DEFAULT_4XX.ResponseParameters.Headers.Access-Control-Allow-Origin", msg: "want a quoted 'static' value", wantKind: api.KindInvalid},
		{name: "Api resource policy both as Policy and in the definition", body: errHeader + "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: x\n      Policy: {Statement: []}\n" +
			"      DefinitionBody: {openapi: 3.0.1, info: {title: t, version: '1'}, paths: {}, x-amazon-apigateway-policy: {Statement: []}}\n",
			wantID: "Api", wantField: "Properties.Policy", msg: "give it in one place", wantKind: api.KindInvalid},
		{name: "evidence/loading 7.5 an Api event property SAM refuses", body: errHeader + errFn + "      Events:\n        E: {Type: Api, Properties: {Path: /hi, Method: get, Cors: {AllowOrigin: \"'*'\"}}}\n",
			wantID: "Fn", wantField: "Properties.Events.E.Properties.Cors", msg: "property Cors not defined for resource of type Api", wantKind: api.KindInvalid},
		{name: "event TimeoutInMillis above 29000", body: errHeader + errFn + "      Events:\n        E: {Type: Api, Properties: {Path: /a, Method: get, TimeoutInMillis: 30000}}\n",
			wantID: "Fn", wantField: "Properties.Events.E.Properties.TimeoutInMillis", msg: "50 to 29000", wantKind: api.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeTemplate(t, tt.body)
			_, err := Load(path, Options{})
			var ae *api.Error
			if !errors.As(err, &ae) {
				t.Fatalf("Load error = %v; want an *api.Error", err)
			}
			if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Load error = %q; want it to name %s and contain %q", err, path, tt.msg)
			}
			got := findError(err, tt.msg)
			if got == nil || got.File != path || got.LogicalID != tt.wantID || got.Field != tt.wantField ||
				(tt.wantLine != 0 && got.Line != tt.wantLine) || got.Kind != tt.wantKind {
				t.Fatalf("error = %+v; want %s %s %s line %d, %v", got, path, tt.wantID, tt.wantField, tt.wantLine, tt.wantKind)
			}
		})
	}
}

// findError returns the joined *api.Error whose message contains msg.
func findError(err error, msg string) *api.Error {
	for _, ae := range api.Errors(err) {
		if strings.Contains(ae.Msg, msg) {
			return ae
		}
	}
	return nil
}

// TestUnsupportedHasNoFollowUps: an authorizer apigw cannot run is one
// finding, not also an invalid "undefined authorizer" for each route that
// names it (evidence/loading 7.1), and its routes keep it.
func TestUnsupportedHasNoFollowUps(t *testing.T) {
	t.Parallel()
	get := "      Events:\n        E: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /hi, Method: get%s}}\n"
	tests := []struct{ name, body, wantAuth string }{
		{"function outside the template", errHeader + fmt.Sprintf(errFn+get, ", Auth: {Authorizer: A}") +
			errAPI("            FunctionArn: arn:aws:lambda:us-east-1:1:function:Elsewhere\n"), "A"},
		{"AWS_IAM on an event", errHeader + fmt.Sprintf(errFn+get, ", Auth: {Authorizer: AWS_IAM}") +
			"  Api:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: dev}\n", "AWS_IAM"},
		{"AWS_IAM by default", errHeader + fmt.Sprintf(errFn+get, "") +
			"  Api:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: dev, Auth: {DefaultAuthorizer: AWS_IAM}}\n", "AWS_IAM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := newTestLoader(t, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			tpl, err := l.load()
			if err != nil || len(tpl.Unsupported) != 1 {
				t.Fatalf("Load = %v; want it to load with exactly one finding, got %v", err, tpl.Unsupported)
			}
			if r := l.apis["Api"].a.Routes[0]; r.Authorizer != tt.wantAuth {
				t.Fatalf("route authorizer = %q; want %q (never dropped: the route must fail closed)", r.Authorizer, tt.wantAuth)
			}
		})
	}
}

func TestLoadReportsEveryError(t *testing.T) {
	t.Parallel()
	body := errHeader + strings.Replace(errFn, "Runtime: nodejs20.x", "Runtime: nodejs20.x\n      Architectures: [sparc]", 1) +
		"      Events:\n        E: {Type: Api, Properties: {Path: '/{a+}/b', Method: get}}\n" +
		"  Other:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: gone, Handler: x, Runtime: python3.12}\n"
	_, err := Load(writeTemplate(t, body), Options{})
	for _, want := range []string{"sparc", "must be last", "gone"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load error = %v; want it to include %q", err, want)
		}
	}
}

func TestStageOverride(t *testing.T) {
	t.Parallel()
	path := writeTemplate(t, errHeader+errFn+"      Events:\n        E: {Type: Api, Properties: {Path: /, Method: get}}\n")
	for _, tt := range []struct{ stage, want string }{{"", ImplicitStage}, {"beta", "beta"}} {
		tpl, err := Load(path, Options{Stage: tt.stage})
		if err != nil || len(tpl.APIs) != 1 || tpl.APIs[0].Stage != tt.want {
			t.Fatalf("Load(stage %q) = %+v, %v; want one API on stage %s", tt.stage, tpl, err, tt.want)
		}
	}
}

// TestAPIKeysAreAWarning: ApiKeyRequired loads, as OpenAPI's apiKey schemes
// do, with one warning naming where it was set.
func TestAPIKeysAreAWarning(t *testing.T) {
	t.Parallel()
	body := errHeader + errFn +
		"      Events:\n        E: {Type: Api, Properties: {Path: /, Method: get, Auth: {ApiKeyRequired: true}}}\n"
	tpl, err := Load(writeTemplate(t, body), Options{})
	if err != nil {
		t.Fatalf("Load: %v; want a warning, not an error", err)
	}
	want := "ApiKeyRequired is recognised and not enforced"
	if len(tpl.Warnings) != 1 || !strings.Contains(tpl.Warnings[0], want) || !strings.Contains(tpl.Warnings[0], "(Fn)") {
		t.Fatalf("warnings: got %q; want one naming Fn and saying %q", tpl.Warnings, want)
	}
}
