package sam

import (
	"slices"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// routeAuth renders an API's routes as "METHOD path -> authorizer".
func routeAuth(a *api.API) []string {
	var out []string
	for _, r := range a.Routes {
		out = append(out, r.Method+" "+r.Path+" -> "+r.Authorizer)
	}
	slices.Sort(out)
	return out
}

const authAPI = `  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: TokenAuth
        Authorizers:
          TokenAuth: {FunctionArn: !GetAtt Fn.Arn}
`

const petsInteg = `              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
`

// TestDefaultAuthorizerFailsClosed: SAM gives the DefaultAuthorizer to every
// definition operation and event that names neither an authorizer nor NONE
// (events add routes to a definition only with MergeDefinitions).
func TestDefaultAuthorizerFailsClosed(t *testing.T) {
	t.Parallel()
	definition := `      MergeDefinitions: true
      DefinitionBody:
        openapi: "3.0.1"
        info: {title: t, version: "1"}
        security: []
        paths:
          /open-list:
            get:
              security: []
` + petsInteg + `          /none:
            get:
              security: [{NONE: []}]
` + petsInteg + `          /named:
            get:
              security: [{TokenAuth: []}]
` + petsInteg
	events := `      Events:
        Empty: {Type: Api, Properties: {Path: /empty, Method: get, RestApiId: !Ref Api, Auth: {Authorizer: ""}}}
        NoValue: {Type: Api, Properties: {Path: /novalue, Method: get, RestApiId: !Ref Api, Auth: {Authorizer: !Ref AWS::NoValue}}}
        Open: {Type: Api, Properties: {Path: /open, Method: get, RestApiId: !Ref Api, Auth: {Authorizer: NONE}}}
`
	tpl, err := Load(writeTemplate(t, errHeader+authAPI+definition+errFn+events), Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := []string{"GET /empty -> TokenAuth", "GET /named -> TokenAuth", "GET /none -> ",
		"GET /novalue -> TokenAuth", "GET /open -> ", "GET /open-list -> TokenAuth"}
	if got := routeAuth(tpl.APIs[0]); !slices.Equal(got, want) {
		t.Fatalf("routes:\ngot  %q\nwant %q", got, want)
	}
}

// TestOverrideAPIAuth: B1 — an Api event on an API with its own definition
// adds no route (SAM only adds a permission), but with
// Auth.OverrideApiAuth its Auth applies to the definition's operation at
// its path and method, as SAM's transform does.
func TestOverrideAPIAuth(t *testing.T) {
	t.Parallel()
	definition := `      DefinitionBody:
        openapi: "3.0.1"
        info: {title: t, version: "1"}
        paths:
          /open:
            get:
` + petsInteg + `          /kept:
            get:
` + petsInteg
	events := `      Events:
        Open: {Type: Api, Properties: {Path: /open, Method: get, RestApiId: !Ref Api, Auth: {Authorizer: NONE, OverrideApiAuth: true}}}
        Kept: {Type: Api, Properties: {Path: /kept, Method: get, RestApiId: !Ref Api, Auth: {Authorizer: NONE}}}
        Extra: {Type: Api, Properties: {Path: /extra, Method: get, RestApiId: !Ref Api}}
`
	tpl, err := Load(writeTemplate(t, errHeader+authAPI+definition+errFn+events), Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := []string{"GET /kept -> TokenAuth", "GET /open -> "}
	if got := routeAuth(tpl.APIs[0]); !slices.Equal(got, want) {
		t.Fatalf("routes:\ngot  %q\nwant %q", got, want)
	}
}
