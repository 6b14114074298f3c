package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/gateway"
)

var (
	cognitoAt = api.Location{File: "template.yaml", Line: 12, LogicalID: "Api", Field: "Properties.Auth.Authorizers.Cog"}
	javaAt    = api.Location{File: "template.yaml", Line: 30, LogicalID: "Java", Field: "Properties.Runtime"}
	gapCog    = api.Gap{What: "Cognito user pool authorizers", Source: cognitoAt}
	gapJava   = api.Gap{What: "runtime java21", Source: javaAt}
)

// partialModel is a template as the loaders mark one: a Cognito authorizer
// and a java21 function apigw cannot run, next to a Node function and a
// TOKEN authorizer it can. routes are "METHOD PATH FUNCTION AUTHORIZER".
func partialModel(routes ...string) *api.Template {
	a := &api.API{LogicalID: "Api", ID: api.IDFor("Api"), Stage: "dev", Authorizers: map[string]*api.Authorizer{
		"Cog": {Name: "Cog", Gap: gapCog},
		"Tok": {Name: "Tok", Type: api.AuthorizerToken, Function: "Node", TTLSeconds: 300,
			IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}}},
	}}
	for _, r := range routes {
		f := strings.Fields(r)
		a.Routes = append(a.Routes, &api.Route{Method: f[0], Path: f[1], Authorizer: strings.TrimPrefix(f[3], "-"),
			Integration: api.Integration{Type: api.IntegrationLambdaProxy, Function: f[2], PayloadVersion: api.PayloadV1}})
	}
	return &api.Template{File: "template.yaml", APIs: []*api.API{a},
		Functions: map[string]*api.Function{"Node": {LogicalID: "Node"}, "Java": {LogicalID: "Java", Gap: gapJava}},
		Unsupported: []*api.Error{
			api.NewError(api.KindUnsupported, cognitoAt, "Cognito authorizers are not supported yet"),
			api.NewError(api.KindUnsupported, javaAt, `runtime "java21" is not supported yet`),
		}}
}

// provisioned is tpl's gateway as validate provisions it.
func provisioned(t *testing.T, tpl *api.Template, disableAuthorizer bool) *gateway.Gateway {
	t.Helper()
	tokens, err := newTokenAuthorizers(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	gw, err := newGateway(tpl, notStarted{}, serveFlags{disableAuthorizer: disableAuthorizer}, nil, tokens)
	if err != nil {
		t.Fatal(err)
	}
	return gw
}

// TestRouteTableAndSummary: the route table marks each route not served
// and what it needs; after it, one summary counts routes served and not
// served and groups the reasons, most routes first, each with its place
// in the template.
func TestRouteTableAndSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		tpl     *api.Template
		disable bool
		want    string
	}{
		{"all served", partialModel("GET /a Node -", "POST /b Node Tok"), false,
			"GET /a -> Node [auth: NONE]\nPOST /b -> Node [auth: Tok, ttl 300s]\n2 routes served, 0 not served\n" +
				"not supported by apigw yet, needed by no route:\n" +
				"  template.yaml:12: Api: Properties.Auth.Authorizers.Cog: Cognito authorizers are not supported yet\n" +
				"  template.yaml:30: Java: Properties.Runtime: runtime \"java21\" is not supported yet\n"},
		{"mixed", partialModel("GET /hello Node -", "GET /c1 Node Cog", "GET /java Java Tok", "POST /c2 Java Cog"), false,
			"GET /c1 -> Node [auth: Cog] NOT SERVED: Cognito user pool authorizers\n" +
				"POST /c2 -> Java [auth: Cog] NOT SERVED: Cognito user pool authorizers\n" +
				"GET /hello -> Node [auth: NONE]\n" +
				"GET /java -> Java [auth: Tok, ttl 300s] NOT SERVED: runtime java21\n" +
				"1 route served, 3 not served; those fail closed (500, x-apigw-unsupported):\n" +
				"  2 routes: Cognito user pool authorizers (template.yaml:12: Api: Properties.Auth.Authorizers.Cog)\n" +
				"  1 route: runtime java21 (template.yaml:30: Java: Properties.Runtime)\n"},
		{"all not served", partialModel("GET /c Node Cog", "GET /java Java -"), false,
			"GET /c -> Node [auth: Cog] NOT SERVED: Cognito user pool authorizers\n" +
				"GET /java -> Java [auth: NONE] NOT SERVED: runtime java21\n" +
				"0 routes served, 2 not served: no route of this template can be served yet; each fails closed (500, x-apigw-unsupported):\n" +
				"  1 route: Cognito user pool authorizers (template.yaml:12: Api: Properties.Auth.Authorizers.Cog)\n" +
				"  1 route: runtime java21 (template.yaml:30: Java: Properties.Runtime)\n"},
		{"--disable-authorizer", partialModel("GET /c Node Cog", "GET /t Node Tok", "GET /cj Java Cog"), true,
			"GET /c -> Node [auth: Cog, not run: --disable-authorizer]\n" +
				"GET /cj -> Java [auth: Cog, not run: --disable-authorizer] NOT SERVED: runtime java21\n" +
				"GET /t -> Node [auth: Tok, not run: --disable-authorizer]\n" +
				"2 routes served, 1 not served; those fail closed (500, x-apigw-unsupported):\n" +
				"  1 route: runtime java21 (template.yaml:30: Java: Properties.Runtime)\n" +
				"not supported by apigw yet, needed by no route:\n" +
				"  template.yaml:12: Api: Properties.Auth.Authorizers.Cog: Cognito authorizers are not supported yet\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gw := provisioned(t, tt.tpl, tt.disable)
			var out bytes.Buffer
			printRouteTable(&out, tt.tpl, gw, tt.disable)
			printSummary(&out, tt.tpl, gw)
			if out.String() != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", out.String(), tt.want)
			}
		})
	}
}

// TestRefuseStrict: --strict refuses every entry of Template.Unsupported
// and each route gap declared elsewhere, one line each; a template without
// either passes.
func TestRefuseStrict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tpl  *api.Template
		want string // "" when --strict lets the template through
	}{
		{"nothing unsupported", func() *api.Template {
			tpl := partialModel("GET /a Node -")
			tpl.Unsupported = nil
			return tpl
		}(), ""},
		{"unsupported, no route needs it", partialModel("GET /a Node -"),
			"apigw: --strict: the template needs 2 things apigw cannot serve yet:\n" +
				"apigw: template.yaml:12: Api: Properties.Auth.Authorizers.Cog: Cognito authorizers are not supported yet\n" +
				"apigw: template.yaml:30: Java: Properties.Runtime: runtime \"java21\" is not supported yet\n"},
		{"a route gap Unsupported does not list", func() *api.Template {
			tpl := partialModel("GET /a Node -", "GET /j Java -", "GET /k Java -")
			tpl.Unsupported = tpl.Unsupported[:1]
			return tpl
		}(),
			"apigw: --strict: the template needs 2 things apigw cannot serve yet:\n" +
				"apigw: template.yaml:12: Api: Properties.Auth.Authorizers.Cog: Cognito authorizers are not supported yet\n" +
				"apigw: template.yaml:30: Java: Properties.Runtime: runtime java21: not supported by apigw yet (2 routes)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gw := provisioned(t, tt.tpl, false)
			var out bytes.Buffer
			if refused := refuseStrict(&out, tt.tpl, gw); refused != (tt.want != "") || out.String() != tt.want {
				t.Fatalf("refuseStrict = %v\n%s\nwant %v\n%s", refused, out.String(), tt.want != "", tt.want)
			}
		})
	}
}

// TestMarkFunctionGaps: functions the Lambda runner refuses as unsupported
// get a Gap and join Template.Unsupported; any other refusal among them
// changes nothing (the start fails).
func TestMarkFunctionGaps(t *testing.T) {
	t.Parallel()
	at := func(id string) api.Location {
		return api.Location{File: "template.yaml", LogicalID: id, Field: "Properties.Runtime"}
	}
	java := api.NewError(api.KindUnsupported, at("Java"), `runtime "java21" is not supported`)
	ruby := api.NewError(api.KindUnsupported, at("Ruby"), `runtime "ruby3.3" is not supported`)
	tests := []struct {
		name     string
		err      error
		want     bool
		wantGaps []string
	}{
		{"unsupported functions", errors.Join(java, ruby), true, []string{"Java", "Ruby"}},
		{"wrapped", errors.Join(errors.Join(java)), true, []string{"Java"}},
		{"an invalid one among them", errors.Join(java, api.Errorf(at("Ruby"), "code folder is not a folder")), false, nil},
		{"an unlocated one", errors.Join(java, errors.New("node not in PATH")), false, nil},
		{"a function the template lacks", api.NewError(api.KindUnsupported, at("Other"), "x"), false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := &api.Template{Functions: map[string]*api.Function{"Java": {}, "Ruby": {}, "Node": {}}}
			if got := markFunctionGaps(tpl, tt.err); got != tt.want {
				t.Fatalf("markFunctionGaps = %v; want %v", got, tt.want)
			}
			var gaps []string
			for _, id := range []string{"Java", "Node", "Ruby"} {
				if g := tpl.Functions[id].Gap; g.Missing() {
					gaps = append(gaps, id)
					if g.Source != at(id) {
						t.Errorf("%s: Gap.Source %v; want %v", id, g.Source, at(id))
					}
				}
			}
			if strings.Join(gaps, ",") != strings.Join(tt.wantGaps, ",") || len(tpl.Unsupported) != len(tt.wantGaps) {
				t.Fatalf("gaps %v, Unsupported %v; want %v, one entry each", gaps, tpl.Unsupported, tt.wantGaps)
			}
			if r := runnable(tpl.Functions); r["Node"] == nil || len(r) != 3-len(tt.wantGaps) {
				t.Fatalf("runnable = %v; want every function without a Gap", r)
			}
		})
	}
}

// TestNoRoute: a template that declares no route is an error (exit 2) for
// start-api and validate, with a hint naming the functions and the keys
// that look like a misspelt or misplaced Events. (invoke still runs the
// functions of such a template: TestInvokeEndToEnd's declares no route.)
func TestNoRoute(t *testing.T) {
	t.Parallel()
	const head = "Transform: AWS::Serverless-2016-10-31\n"
	const fn = "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: app.handler\n      CodeUri: .\n"
	const event = "        Get: {Type: Api, Properties: {Path: /x, Method: get}}\n"
	tests := []struct {
		name, body string
		want       []string
	}{
		{"Evnts", head + "Resources:\n" + fn + "      Evnts:\n" + event,
			[]string{"declares no API route", "functions without an Api event: Fn", "t.yaml:9: Fn: Properties.Evnts: did you mean Events?"}},
		{"events in lower case", head + "Resources:\n" + fn + "      events:\n" + event,
			[]string{"t.yaml:9: Fn: Properties.events: did you mean Events?"}},
		{"Events outside Properties", head + "Resources:\n" + fn + "    Events:\n" + event,
			[]string{"t.yaml:9: Fn: Events: Events belongs under Properties"}},
		{"Globals", head + "Globals:\n  Function:\n    Event:\n" + event + "Resources:\n" + fn,
			[]string{"t.yaml:4: Globals: Function.Event: did you mean Events?"}},
		{"only a queue event", head + "Resources:\n" + fn + "      Events:\n        Q: {Type: SQS, Properties: {Queue: arn:aws:sqs:us-east-1:123456789012:q}}\n",
			[]string{"declares no API route", "functions without an Api event: Fn"}},
		{"OpenAPI without paths", "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n",
			[]string{"t.yaml: declares no API route"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			p := writeFile(t, dir, "t.yaml", tt.body)
			writeFile(t, dir, "app.js", "exports.handler = async () => ({})\n")
			for _, cmd := range []string{"validate", "start-api"} {
				code, out, errs := runMain(cmd, p, "--addr", "127.0.0.1:0")
				if cmd == "validate" {
					code, out, errs = runMain(cmd, p)
				}
				if code != ExitUsage || out != "" || strings.Contains(errs, listeningPrefix) {
					t.Fatalf("%s = %d, %q, %q; want 2 before listening", cmd, code, out, errs)
				}
				for _, w := range tt.want {
					if !strings.Contains(errs, strings.ReplaceAll(w, "t.yaml", p)) {
						t.Errorf("%s: stderr\n%s\nwant it to contain %q", cmd, errs, w)
					}
				}
			}
		})
	}
}

// TestValidateStrict: validate reports what is not served and exits 0;
// with --strict, anything the template needs and apigw cannot serve yet
// is exit 2 with the list and no route table.
func TestValidateStrict(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, "app.js", "exports.handler = async () => ({statusCode: 200})\n")
	p := writeFile(t, dir, "t.yaml", `Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Runtime: nodejs20.x, Handler: app.handler}
Resources:
  Local:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Events: {Get: {Type: Api, Properties: {Path: /local, Method: get}}}
  Remote:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/code.zip
      Events: {Get: {Type: Api, Properties: {Path: /remote, Method: get}}}
`)
	code, out, errs := runMain("validate", p)
	if code != ExitOK || !strings.Contains(out, "GET /remote -> Remote [auth: NONE] NOT SERVED: ") ||
		!strings.Contains(out, "1 route served, 1 not served;") || !strings.Contains(out, "("+p+":13: Remote: Properties.CodeUri)") {
		t.Fatalf("validate = %d\n%s\n%s\nwant 0, the route marked and the summary", code, out, errs)
	}
	code, out, errs = runMain("validate", p, "--strict")
	if code != ExitUsage || out != "" || !strings.Contains(errs, "apigw: --strict: the template needs 1 thing apigw cannot serve yet:\napigw: "+p+":13: Remote: Properties.CodeUri: ") {
		t.Fatalf("validate --strict = %d\n%s\n%s\nwant 2 and the finding", code, out, errs)
	}
}
