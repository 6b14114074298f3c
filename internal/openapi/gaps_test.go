package openapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestLoadGaps: what API Gateway deploys and apigw cannot serve yet loads
// (issue 9): it is listed once, located, in Definition.Unsupported, and
// the route that needs it fails closed at the stage AWS would fail it
// (api.RouteGap), never served without its authorizer.
func TestLoadGaps(t *testing.T) {
	t.Parallel()
	integ := "paths./pets.get.x-amazon-apigateway-integration"
	auth := "components.securitySchemes.TokenAuth.x-amazon-apigateway-authorizer"
	streamURI := "'arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/" + testFunctionARNPrefix + "ListPets/response-streaming-invocations'"
	tests := []struct {
		name, doc string
		bare      bool // a document served on its own: no functions
		wantField string
		wantWhat  string
		wantStage api.FailStage // of GET /pets
		wantCause error
		findings  int // how many; 0 means 1
	}{
		{name: "non-proxy http needs VTL", doc: getWith("{type: http, uri: 'http://x/', httpMethod: GET}", ""),
			wantField: integ + ".type", wantWhat: "non-proxy HTTP integrations (type: http)", wantStage: api.FailIntegration},
		{name: "B11 non-proxy aws with fields apigw does not know", doc: getWith("{type: aws, uri: 'arn:aws:apigateway:us-east-1:sqs:path/1/q', integrationResponses: {}}", ""),
			wantField: integ + ".type", wantWhat: "(type: aws)", wantStage: api.FailIntegration},
		{name: "stage variables in uri", doc: getWith("{type: http_proxy, httpMethod: GET, uri: 'http://${stageVariables.host}/'}", ""),
			wantField: integ + ".uri", wantWhat: "stage variables", wantStage: api.FailIntegration},
		{name: "stage variable names the function", doc: getWith("{type: aws_proxy, uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:${stageVariables.fn}/invocations'}", ""),
			wantField: integ + ".uri", wantWhat: "stage variable", wantStage: api.FailIntegration},
		{name: "header mapping", doc: getWith("{type: http_proxy, httpMethod: GET, uri: 'http://x/', requestParameters: {integration.request.header.X-User: context.authorizer.principalId}}", ""),
			wantField: integ + ".requestParameters.integration.request.header.X-User", wantWhat: "request parameter mappings", wantStage: api.FailIntegration},
		{name: "VPC link", doc: getWith("{type: http_proxy, httpMethod: GET, uri: 'http://x/', connectionType: VPC_LINK, connectionId: abc}", ""),
			wantField: integ + ".connectionType", wantWhat: "VPC link integrations", wantStage: api.FailIntegration},
		{name: "HTTP API subtype", doc: getWith("{type: aws_proxy, uri: "+listPetsURI+", integrationSubtype: SQS-SendMessage}", ""),
			wantField: integ + ".integrationSubtype", wantWhat: "integrationSubtype", wantStage: api.FailIntegration},
		{name: "B2 response streaming uri", doc: getWith("{type: aws_proxy, uri: "+streamURI+"}", ""),
			wantField: integ + ".uri", wantWhat: streamingWhat, wantStage: api.FailIntegration},
		{name: "B2 response streaming mode and uri: one finding", doc: getWith("{type: aws_proxy, uri: "+streamURI+", responseTransferMode: STREAM}", ""),
			wantField: integ + ".responseTransferMode", wantWhat: streamingWhat, wantStage: api.FailIntegration},
		{name: "B-GETINT aws_proxy with GET fails only its route", doc: getWith("{type: aws_proxy, httpMethod: GET, uri: "+listPetsURI+"}", ""),
			wantField: integ + ".httpMethod", wantWhat: "httpMethod GET", wantStage: api.FailIntegration},
		{name: "aws_proxy in a bare document", doc: getWith("{type: aws_proxy, uri: "+listPetsURI+"}", ""), bare: true,
			wantField: integ + ".uri", wantWhat: "served on its own", wantStage: api.FailIntegration, wantCause: ErrNeedsTemplate},
		{name: "aws_proxy names a function outside the template", doc: getWith("{type: aws_proxy, uri: 'arn:aws:lambda:us-east-1:1:function:Elsewhere'}", ""),
			wantField: integ + ".uri", wantWhat: "outside this template", wantStage: api.FailIntegration, wantCause: ErrUnknownFunction},
		{name: "mock with VTL request template", doc: getWith(`{type: mock, requestTemplates: {application/json: '#if($x) {"statusCode": 200} #end'}, responses: {default: {}}}`, ""),
			wantField: integ + ".requestTemplates.application/json", wantWhat: "VTL request templates", wantStage: api.FailIntegration},
		{name: "mock dynamic header", doc: getWith("{type: mock, responses: {default: {responseParameters: {method.response.header.X: method.request.header.Y}}}}", ""),
			wantField: integ + ".responses.default.responseParameters.method.response.header.X", wantWhat: "not static", wantStage: api.FailIntegration},
		{name: "HTTP API authorizer field", doc: lambdaGet("      security: [{ReqAuth: []}]\n", requestScheme("        authorizerResultTtlInSeconds: 0\n        enableSimpleResponses: true\n")),
			wantField: "components.securitySchemes.ReqAuth.x-amazon-apigateway-authorizer.enableSimpleResponses", wantWhat: "HTTP API authorizer settings", wantStage: api.FailAuthorizer},
		{name: "authorizer in a bare document", doc: lambdaGet(secured, tokenScheme("")), bare: true,
			wantField: auth + ".authorizerUri", wantWhat: "served on its own", wantStage: api.FailAuthorizer, wantCause: ErrNeedsTemplate, findings: 2},
		{name: "Cognito authtype without authorizer object", doc: lambdaGet("      security: [{Pool: []}]\n", schemes("Pool", "      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authtype: cognito_user_pools\n")),
			wantField: "components.securitySchemes.Pool", wantWhat: "Cognito", wantStage: api.FailAuthorizer},
		{name: "IAM authorization used", doc: lambdaGet("      security: [{sigv4: []}]\n", schemes("sigv4", "      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authtype: awsSigv4\n")),
			wantField: "components.securitySchemes.sigv4", wantWhat: "IAM authorization", wantStage: api.FailAuthorizer},
		{name: "OAuth2 scheme used", doc: lambdaGet("      security: [{oauth: []}]\n", schemes("oauth", "      type: oauth2\n      flows: {implicit: {authorizationUrl: 'https://x/', scopes: {}}}\n")),
			wantField: "components.securitySchemes.oauth", wantWhat: "oauth2 security schemes", wantStage: api.FailAuthorizer},
		{name: "HTTP bearer scheme used by the document", doc: lambdaGet("", "security: [{bearer: []}]\n"+schemes("bearer", "      type: http\n      scheme: bearer\n")),
			wantField: "components.securitySchemes.bearer", wantWhat: "http security schemes", wantStage: api.FailAuthorizer},
		{name: "auth extension AWS_IAM", doc: lambdaGet("      x-amazon-apigateway-auth: {type: AWS_IAM}\n", ""),
			wantField: "paths./pets.get.x-amazon-apigateway-auth.type", wantWhat: "IAM authorization (AWS_IAM)", wantStage: api.FailAuthorizer},
		{name: "TRACE is not an API Gateway method", doc: oas("paths:\n  /pets:\n    trace: {}\n"),
			wantField: "paths./pets.trace", wantWhat: "TRACE", wantStage: api.FailNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := Options{File: testFile, FunctionByARN: resolveTestFunction}
			if tt.bare {
				opts.FunctionByARN = nil
			}
			def, err := Load([]byte(tt.doc), opts)
			if err != nil {
				t.Fatalf("Load: %v; want it to load, with the route failing closed", err)
			}
			var found *api.Error
			for _, e := range def.Unsupported {
				if e.Field == tt.wantField {
					found = e
				}
			}
			if found == nil || found.Kind != api.KindUnsupported || !strings.Contains(found.Msg, tt.wantWhat) || found.File != testFile {
				t.Fatalf("Unsupported = %v; want one at %s saying %q", def.Unsupported, tt.wantField, tt.wantWhat)
			}
			if tt.wantCause != nil && !errors.Is(found, tt.wantCause) {
				t.Errorf("finding %v: want cause %v", found, tt.wantCause)
			}
			if n := max(tt.findings, 1); len(def.Unsupported) != n {
				t.Errorf("Unsupported = %v; want %d (no follow-ups)", def.Unsupported, max(tt.findings, 1))
			}
			checkRouteGap(t, def, tt.wantStage, tt.wantWhat)
		})
	}
}

// checkRouteGap checks GET /pets fails at stage (or is absent, for
// FailNone) with a Gap saying what.
func checkRouteGap(t *testing.T, def *Definition, stage api.FailStage, what string) {
	t.Helper()
	a := &api.API{Routes: def.Routes, Authorizers: def.Authorizers}
	fns := map[string]*api.Function{"ListPets": {LogicalID: "ListPets"}, "TokenAuthorizer": {LogicalID: "TokenAuthorizer"}}
	if stage == api.FailNone {
		if len(def.Routes) != 0 {
			t.Errorf("routes = %d; want none", len(def.Routes))
		}
		return
	}
	if len(def.Routes) != 1 {
		t.Fatalf("routes = %d; want GET /pets", len(def.Routes))
	}
	got, gap := api.RouteGap(a, def.Routes[0], fns)
	if got != stage || !strings.Contains(gap.What+" "+gap.Source.Field, what) && !strings.Contains(what, gap.What) {
		t.Errorf("RouteGap = %v, %+v; want stage %v with a Gap about %q", got, gap, stage, what)
	}
	if gap.Source.File != testFile {
		t.Errorf("Gap source %+v; want it in %s", gap.Source, testFile)
	}
}
