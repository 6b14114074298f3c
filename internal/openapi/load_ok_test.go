package openapi

import (
	"errors"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// routeKeys renders routes as "METHOD PATH -> authorizer" for comparison.
func routeKeys(d *Definition) []string {
	var out []string
	for _, r := range d.Routes {
		out = append(out, r.Method+" "+r.Path+" -> "+r.Authorizer)
	}
	return out
}

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		doc   string
		check func(t *testing.T, d *Definition)
	}{
		{"PIPE-3 ANY plus explicit verbs on one path", oas("paths:\n  /pets:\n    x-amazon-apigateway-any-method: {x-amazon-apigateway-integration: {type: http_proxy, httpMethod: ANY, uri: 'http://b/'}}\n    get: {x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: 'http://b/'}}\n"),
			func(t *testing.T, d *Definition) {
				if got, want := routeKeys(d), []string{"ANY /pets -> ", "GET /pets -> "}; !slices.Equal(got, want) {
					t.Errorf("routes: got %q; want %q", got, want)
				}
			}},
		{"aws_proxy defaults: payload 1.0, timeout 29000", getWith("{type: aws_proxy, uri: "+listPetsURI+"}", ""),
			func(t *testing.T, d *Definition) {
				want := api.Integration{Type: api.IntegrationLambdaProxy, Function: "ListPets", PayloadVersion: api.PayloadV1, TimeoutMs: 29000}
				if got := d.Routes[0].Integration; !reflect.DeepEqual(got, want) {
					t.Errorf("integration: got %+v; want %+v", got, want)
				}
			}},
		{"responseTransferMode BUFFERED is what apigw does", getWith("{type: aws_proxy, uri: "+listPetsURI+", responseTransferMode: BUFFERED}", ""),
			func(t *testing.T, d *Definition) {
				if got := d.Routes[0].Integration.Function; got != "ListPets" {
					t.Errorf("function: got %q; want ListPets", got)
				}
			}},
		{"aws_proxy with a bare function ARN and an alias", getWith("{type: aws_proxy, uri: '"+testFunctionARNPrefix+"ListPets:live'}", ""),
			func(t *testing.T, d *Definition) {
				if got := d.Routes[0].Integration.Function; got != "ListPets" {
					t.Errorf("function: got %q; want ListPets", got)
				}
			}},
		{"C-1 TTL default 300 and T-2 token header from the scheme", lambdaGet(secured, tokenScheme("")),
			func(t *testing.T, d *Definition) {
				a := d.Authorizers["TokenAuth"]
				want := []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}}
				if a == nil || a.TTLSeconds != 300 || !reflect.DeepEqual(a.IdentitySources, want) || a.Function != "TokenAuthorizer" {
					t.Errorf("authorizer: got %+v; want TOKEN, ttl 300, %v, function TokenAuthorizer", a, want)
				}
				if got := d.Routes[0].Authorizer; got != "TokenAuth" {
					t.Errorf("route authorizer: got %q; want TokenAuth", got)
				}
			}},
		{"C-1 TTL 0 disables caching", lambdaGet(secured, tokenScheme("        authorizerResultTtlInSeconds: 0\n")),
			func(t *testing.T, d *Definition) {
				if got := d.Authorizers["TokenAuth"].TTLSeconds; got != 0 {
					t.Errorf("ttl: got %d; want 0", got)
				}
			}},
		{"R-4 REQUEST without sources when not caching", lambdaGet("      security: [{ReqAuth: []}]\n", requestScheme("        authorizerResultTtlInSeconds: 0\n")),
			func(t *testing.T, d *Definition) {
				if a := d.Authorizers["ReqAuth"]; a == nil || a.Type != api.AuthorizerRequest || len(a.IdentitySources) != 0 {
					t.Errorf("authorizer: got %+v; want REQUEST without identity sources", a)
				}
			}},
		{"T-4 TOKEN validation expression compiled at load", lambdaGet(secured, tokenScheme("        identityValidationExpression: 'allow|deny'\n")),
			func(t *testing.T, d *Definition) {
				a := d.Authorizers["TokenAuth"]
				if a.ValidationExpression != "allow|deny" || a.Validation == nil || !a.Validation.MatchString("deny") || a.Validation.MatchString("denied") {
					t.Errorf("validation: got %q compiled to %v; want allow|deny matching whole tokens", a.ValidationExpression, a.Validation)
				}
			}},
		{"T-4 REQUEST ignores the validation expression with a warning", lambdaGet("", requestScheme("        identitySource: method.request.header.h\n        identityValidationExpression: '^x$'\n")),
			func(t *testing.T, d *Definition) {
				if got := d.Authorizers["ReqAuth"].ValidationExpression; got != "" {
					t.Errorf("validation expression: got %q; want none", got)
				}
				wantWarning(t, d, "ReqAuth.x-amazon-apigateway-authorizer.identityValidationExpression")
			}},
		{"global security applies, security [] is NONE", oas("security: [{TokenAuth: []}]\npaths:\n  /a:\n    get: {x-amazon-apigateway-integration: {type: aws_proxy, uri: " + listPetsURI + "}}\n  /b:\n    get: {security: [], x-amazon-apigateway-integration: {type: aws_proxy, uri: " + listPetsURI + "}}\n" + tokenScheme("")),
			func(t *testing.T, d *Definition) {
				if got, want := routeKeys(d), []string{"GET /a -> TokenAuth", "GET /b -> "}; !slices.Equal(got, want) {
					t.Errorf("routes: got %q; want %q", got, want)
				}
			}},
		{"empty requirement object is NONE", lambdaGet("      security: [{}]\n", tokenScheme("")),
			func(t *testing.T, d *Definition) {
				if got := d.Routes[0].Authorizer; got != "" {
					t.Errorf("authorizer: got %q; want NONE", got)
				}
			}},
		{"api key is a warning, not an error", lambdaGet("      security: [{key: []}]\n", schemes("key", "      type: apiKey\n      name: x-api-key\n      in: header\n")),
			func(t *testing.T, d *Definition) {
				wantWarning(t, d, "components.securitySchemes.key: API key requirement")
			}},
		{"unused Cognito scheme is no error", lambdaGet("", schemes("Pool", "      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authtype: cognito_user_pools\n")),
			func(t *testing.T, d *Definition) {
				if len(d.Authorizers) != 0 {
					t.Errorf("authorizers: got %v; want none", d.Authorizers)
				}
			}},
		{"misspelt method is a warning", oas("paths:\n  /pets:\n    gett: {}\n"),
			func(t *testing.T, d *Definition) {
				wantWarning(t, d, "paths./pets.gett: not a path item field")
			}},
		{"unknown extension is a warning", oas("x-amazon-apigateway-new: 1\npaths: {}\n"),
			func(t *testing.T, d *Definition) {
				wantWarning(t, d, "x-amazon-apigateway-new: unknown API Gateway extension")
			}},
		{"operation without integration has a zero integration", oas("paths:\n  /pets:\n    get: {}\n"),
			func(t *testing.T, d *Definition) {
				if d.Routes[0].Integration.Type != "" {
					t.Errorf("integration: got %+v; want none", d.Routes[0].Integration)
				}
				err := d.CheckIntegrations()
				if !errors.Is(err, ErrNoIntegration) || !strings.Contains(err.Error(), "api.yaml: paths./pets.get: GET /pets has no x-amazon-apigateway-integration") {
					t.Errorf("CheckIntegrations: got %v; want ErrNoIntegration at paths./pets.get", err)
				}
			}},
		{"JSON document", `{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/":{"get":{"x-amazon-apigateway-integration":{"type":"mock","responses":{"default":{"statusCode":"200"}}}}}}}`,
			func(t *testing.T, d *Definition) {
				if m := d.Routes[0].Integration.Mock; m == nil || m.StatusCode != 200 {
					t.Errorf("mock: got %+v; want status 200", m)
				}
			}},
		{"Swagger 2 keeps security [] and extensions through conversion", "swagger: '2.0'\ninfo: {title: t, version: '1'}\nsecurity: [{TokenAuth: []}]\npaths:\n  /a:\n    get: {security: [], x-amazon-apigateway-integration: {type: aws_proxy, uri: " + listPetsURI + "}}\n    x-amazon-apigateway-any-method: {x-amazon-apigateway-integration: {type: aws_proxy, uri: " + listPetsURI + "}}\nsecurityDefinitions:\n  TokenAuth: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: custom, x-amazon-apigateway-authorizer: {type: token, authorizerUri: " + authURI + "}}\n",
			func(t *testing.T, d *Definition) {
				if got, want := routeKeys(d), []string{"ANY /a -> TokenAuth", "GET /a -> "}; !slices.Equal(got, want) {
					t.Errorf("routes: got %q; want %q", got, want)
				}
				if a := d.Authorizers["TokenAuth"]; a == nil || a.Source.Field != "securityDefinitions.TokenAuth" {
					t.Errorf("authorizer: got %+v; want one at securityDefinitions.TokenAuth", a)
				}
			}},
		{"L-11 operationId becomes the operation name (OpenAPI 3, Swagger 2, any-method; absent is empty)", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: MyOperationName, x-amazon-apigateway-integration: {type: aws_proxy, uri: " + listPetsURI + "}}\n    post: {x-amazon-apigateway-integration: {type: aws_proxy, uri: " + listPetsURI + "}}\n    x-amazon-apigateway-any-method: {operationId: AnyOp, x-amazon-apigateway-integration: {type: aws_proxy, uri: " + listPetsURI + "}}\n",
			func(t *testing.T, d *Definition) {
				got := map[string]string{}
				for _, r := range d.Routes {
					got[r.Method] = r.OperationName
				}
				if want := map[string]string{"ANY": "AnyOp", "GET": "MyOperationName", "POST": ""}; !reflect.DeepEqual(got, want) {
					t.Errorf("operation names: got %v; want %v", got, want)
				}
			}},
		{"L-11 operationId in OpenAPI 3", lambdaGet("      operationId: ListPetsOp\n", ""),
			func(t *testing.T, d *Definition) {
				if got := d.Routes[0].OperationName; got != "ListPetsOp" {
					t.Errorf("operation name: got %q; want ListPetsOp", got)
				}
			}},
		{"OpenAPI 3.1", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /:\n    get: {x-amazon-apigateway-integration: {type: mock, responses: {default: {}}}}\n",
			func(t *testing.T, d *Definition) {
				if len(d.Routes) != 1 {
					t.Errorf("routes: got %d; want 1", len(d.Routes))
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := Load([]byte(tt.doc), Options{File: testFile, FunctionByARN: resolveTestFunction})
			if err != nil {
				t.Fatalf("Load: got %v; want no error", err)
			}
			tt.check(t, d)
		})
	}
}

func wantWarning(t *testing.T, d *Definition, part string) {
	t.Helper()
	for _, w := range d.Warnings {
		if strings.Contains(w, part) {
			return
		}
	}
	t.Errorf("warnings: got %q; want one containing %q", d.Warnings, part)
}

// TestLoadLocations pins how Options place errors: under an inline body's
// field, or in a document file of its own with the referencing logical id.
func TestLoadLocations(t *testing.T) {
	t.Parallel()
	doc := []byte(getWith("{type: lambda}", ""))
	tmpl := api.Location{File: "template.yaml", LogicalID: "MyApi", Field: "Properties.DefinitionBody"}
	tests := []struct {
		name string
		opts Options
		want api.Location
	}{
		{"inline DefinitionBody", Options{Location: tmpl}, api.Location{File: "template.yaml", LogicalID: "MyApi", Field: "Properties.DefinitionBody.paths./pets.get.x-amazon-apigateway-integration.type"}},
		{"DefinitionUri file", Options{File: "api.yaml", Location: tmpl}, api.Location{File: "api.yaml", LogicalID: "MyApi", Field: "paths./pets.get.x-amazon-apigateway-integration.type"}},
		{"bare file", Options{File: "api.yaml"}, api.Location{File: "api.yaml", Field: "paths./pets.get.x-amazon-apigateway-integration.type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(doc, tt.opts)
			var ae *api.Error
			if !errors.As(err, &ae) || ae.Location != tt.want {
				t.Fatalf("Load: got %v (%+v); want location %+v", err, ae, tt.want)
			}
		})
	}
}

func TestLoadReportsEveryError(t *testing.T) {
	t.Parallel()
	doc := oas("paths:\n  /a:\n    get: {x-amazon-apigateway-integration: {type: lambda}}\n  /b/{x+}/c:\n    get: {}\n")
	_, err := Load([]byte(doc), Options{File: testFile})
	got := errorFields(err)
	want := []string{"paths./a.get.x-amazon-apigateway-integration.type", "paths./b/{x+}/c"}
	if !slices.Equal(got, want) {
		t.Fatalf("error fields: got %q; want %q", got, want)
	}
}

func TestLogicalIDForFile(t *testing.T) {
	t.Parallel()
	tests := []struct{ path, want string }{
		{"api.yaml", "api"},
		{"/srv/specs/pet-store.v2.json", "petstorev2"},
		{"PetStore.yml", "PetStore"},
		{"---.yaml", "OpenApi"},
	}
	for _, tt := range tests {
		if got := LogicalIDForFile(tt.path); got != tt.want {
			t.Errorf("LogicalIDForFile(%q) = %q; want %q", tt.path, got, tt.want)
		}
	}
}

func TestLoadFileMissing(t *testing.T) {
	t.Parallel()
	_, err := LoadFile("testdata/no-such-file.yaml")
	var ae *api.Error
	if !errors.Is(err, api.KindIO) || !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &ae) || ae.File != "testdata/no-such-file.yaml" {
		t.Fatalf("LoadFile: got %v; want KindIO wrapping fs.ErrNotExist, naming the file", err)
	}
}

func TestLoadFileWithoutIntegration(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/api.yaml"
	writeFile(t, path, oas("paths:\n  /pets:\n    get: {}\n"))
	_, err := LoadFile(path)
	if !errors.Is(err, ErrNoIntegration) || !errors.Is(err, api.KindInvalid) {
		t.Fatalf("LoadFile: got %v; want ErrNoIntegration of KindInvalid", err)
	}
}

// TestQualifiedFunctionARN: a version or alias of a template's function
// names that function; the ARN is parsed by arn.ParseInvocation.
func TestQualifiedFunctionARN(t *testing.T) {
	t.Parallel()
	d, err := Load([]byte(getWith("{type: aws_proxy, uri: "+testFunctionARNPrefix+"ListPets:live}", "")), Options{File: testFile, FunctionByARN: resolveTestFunction})
	if err != nil || len(d.Routes) != 1 || d.Routes[0].Integration.Function != "ListPets" {
		t.Fatalf("Load = %+v, %v; want GET /pets on ListPets", d, err)
	}
}

// TestMockRequestTemplateStatus: a mock's application/json request
// template picks its status: plain JSON, or the unquoted key CDK writes
// for every CORS preflight ({ statusCode: 200 }); anything else is VTL,
// a gap on the route.
func TestMockRequestTemplateStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, tmpl string
		want       int // 0: a gap
	}{
		{"JSON", `{"statusCode": 201}`, 201},
		{"CDK's unquoted key", `{ statusCode: 200 }`, 200},
		{"unquoted, no spaces", `{statusCode:404}`, 404},
		{"VTL", `#if($x) {"statusCode": 200} #end`, 0},
		{"out of range", `{ statusCode: 700 }`, 0},
		{"another key", `{ status: 200 }`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := getWith("{type: mock, requestTemplates: {application/json: '"+tt.tmpl+"'}, responses: {default: {}}}", "")
			d, err := Load([]byte(doc), Options{File: testFile})
			if err != nil {
				t.Fatal(err)
			}
			in := d.Routes[0].Integration
			if tt.want == 0 {
				if !in.Gap.Missing() || !strings.Contains(in.Gap.What, "VTL request templates") {
					t.Errorf("integration %+v; want a VTL gap", in)
				}
				return
			}
			if in.Gap.Missing() || in.Mock == nil || in.Mock.StatusCode != tt.want {
				t.Errorf("integration %+v mock %+v; want status %d served", in, in.Mock, tt.want)
			}
		})
	}
}

// TestHTTPProxyPathMappings: an http_proxy's requestParameters may give a
// URI placeholder the value of a path parameter under another name
// (integration.request.path.X: method.request.path.Y): the URI is served
// with {Y}; a mapping from anything else is a gap, as is any mapping on
// aws_proxy.
func TestHTTPProxyPathMappings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, integ, wantURI string
		wantGap                    bool
	}{
		{"same name", "/pets/{proxy+}", `{type: http_proxy, httpMethod: ANY, uri: 'http://x/{proxy}', requestParameters: {integration.request.path.proxy: method.request.path.proxy}}`, "http://x/{proxy}", false},
		{"renamed", "/pets/{id}", `{type: http_proxy, httpMethod: GET, uri: 'http://x/items/{item}', requestParameters: {integration.request.path.item: method.request.path.id}}`, "http://x/items/{id}", false},
		{"swapped at once", "/{a}/{b}", `{type: http_proxy, httpMethod: GET, uri: 'http://x/{a}/{b}', requestParameters: {integration.request.path.a: method.request.path.b, integration.request.path.b: method.request.path.a}}`, "http://x/{b}/{a}", false},
		{"from no parameter of the route", "/pets/{id}", `{type: http_proxy, httpMethod: GET, uri: 'http://x/{id}', requestParameters: {integration.request.path.item: method.request.path.nope}}`, "", true},
		{"from a header", "/pets/{id}", `{type: http_proxy, httpMethod: GET, uri: 'http://x/{id}', requestParameters: {integration.request.path.id: method.request.header.X}}`, "", true},
		{"on aws_proxy", "/pets/{id}", `{type: aws_proxy, uri: ` + listPetsURI + `, requestParameters: {integration.request.path.id: method.request.path.id}}`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := oas("paths:\n  " + tt.path + ":\n    get:\n      x-amazon-apigateway-integration: " + tt.integ + "\n")
			d, err := Load([]byte(doc), Options{File: testFile, FunctionByARN: resolveTestFunction})
			if err != nil {
				t.Fatal(err)
			}
			in := d.Routes[0].Integration
			if in.Gap.Missing() != tt.wantGap || (!tt.wantGap && in.URI != tt.wantURI) {
				t.Errorf("integration URI %q gap %+v; want URI %q, gap %v", in.URI, in.Gap, tt.wantURI, tt.wantGap)
			}
			if tt.wantGap && !strings.Contains(in.Gap.What, "request parameter mappings") {
				t.Errorf("gap %q; want request parameter mappings", in.Gap.What)
			}
		})
	}
}
