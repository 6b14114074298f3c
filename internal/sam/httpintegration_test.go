package sam

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// v2HTTPProxyTemplate is an AWS::ApiGatewayV2::Api whose route GET
// /pets/{id} has an HTTP_PROXY integration with props, and a stage.
func v2HTTPProxyTemplate(props string) string {
	return errHeader + `  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: a, ProtocolType: HTTP}}
  Stage: {Type: AWS::ApiGatewayV2::Stage, Properties: {ApiId: !Ref Api, StageName: live, StageVariables: {host: backend.local}}}
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Api, RouteKey: 'GET /pets/{id}', Target: !Sub 'integrations/${Integ}'}
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: HTTP_PROXY
      IntegrationUri: 'http://example.com/pets/{id}'
      PayloadFormatVersion: '1.0'
` + props
}

// TestHTTPAPIHTTPProxy pins how HTTP API HTTP proxy integrations load from
// each place they are declared: URL, method, TimeoutInMillis (50-30000),
// payload 1.0, the parameter mapping checked at load; a quick-create
// Target URL; an AWS::ApiGatewayV2::Stage's name and variables.
func TestHTTPAPIHTTPProxy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, api, wantErr string
		want                     api.Integration
	}{
		{name: "AWS::ApiGatewayV2::Integration", api: "Api", body: v2HTTPProxyTemplate("      IntegrationMethod: POST\n      TimeoutInMillis: 5000\n" +
			"      RequestParameters: {'overwrite:header.x-user': $request.header.X-User, 'remove:querystring.debug': ''}\n"),
			want: api.Integration{Type: api.IntegrationHTTPProxy, URI: "http://example.com/pets/{id}", HTTPMethod: "POST", TimeoutMs: 5000, PayloadVersion: "1.0",
				RequestParameters: map[string]string{"overwrite:header.x-user": "$request.header.X-User", "remove:querystring.debug": ""}}},
		{name: "method defaults to ANY", api: "Api", body: v2HTTPProxyTemplate(""),
			want: api.Integration{Type: api.IntegrationHTTPProxy, URI: "http://example.com/pets/{id}", HTTPMethod: "ANY", TimeoutMs: 30000, PayloadVersion: "1.0"}},
		{name: "a reserved header mapping is refused", body: v2HTTPProxyTemplate("      RequestParameters: {'overwrite:header.Authorization': x}\n"), wantErr: "reserved header"},
		{name: "a bad value is refused", body: v2HTTPProxyTemplate("      RequestParameters: {'overwrite:header.a': '${request.path'}\n"), wantErr: "unclosed"},
		{name: "payload 2.0 is refused", body: strings.Replace(v2HTTPProxyTemplate(""), "'1.0'", "'2.0'", 1), wantErr: "payload format 1.0"},
		{name: "TimeoutInMillis over 30000 is refused", body: v2HTTPProxyTemplate("      TimeoutInMillis: 30001\n"), wantErr: "50 to 30000"},
		{name: "quick create with a URL Target", api: "Q", body: errHeader + "  Q: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: q, ProtocolType: HTTP, Target: 'https://example.com/'}}\n",
			want: api.Integration{Type: api.IntegrationHTTPProxy, URI: "https://example.com/", HTTPMethod: "ANY", TimeoutMs: 30000, PayloadVersion: "1.0"}},
		{name: "OpenAPI http_proxy", api: "H", body: errHeader + "  H:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionBody:\n        openapi: 3.0.1\n        paths:\n          /pets/{id}:\n            get:\n" +
			"              x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: 'http://example.com/{id}', payloadFormatVersion: '1.0', timeoutInMillis: 100,\n" +
			"                requestParameters: {'append:header.x-stage': '$stageVariables.v'}, responseParameters: {'404': {'overwrite:statuscode': '410'}}}\n",
			want: api.Integration{Type: api.IntegrationHTTPProxy, URI: "http://example.com/{id}", HTTPMethod: "GET", TimeoutMs: 100, PayloadVersion: "1.0",
				RequestParameters: map[string]string{"append:header.x-stage": "$stageVariables.v"}, ResponseParameters: map[string]map[string]string{"404": {"overwrite:statuscode": "410"}}}},
		{name: "a bad response parameter is refused", body: v2HTTPProxyTemplate("      ResponseParameters: {'200': {'overwrite:querystring.a': x}}\n"), wantErr: "response key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := loadOrWantErr(t, tt.body, tt.wantErr)
			if tpl == nil {
				return
			}
			got := apiByID(t, tpl, tt.api).Routes[0].Integration
			if got.Type != tt.want.Type || got.URI != tt.want.URI || got.HTTPMethod != tt.want.HTTPMethod || got.TimeoutMs != tt.want.TimeoutMs ||
				got.PayloadVersion != tt.want.PayloadVersion || !maps.Equal(got.RequestParameters, tt.want.RequestParameters) || got.Gap.Missing() ||
				!reflect.DeepEqual(got.ResponseParameters, tt.want.ResponseParameters) {
				t.Fatalf("integration %+v; want %+v", got, tt.want)
			}
		})
	}
}

// TestV2StageAndSettings: an AWS::ApiGatewayV2::Stage gives its API its
// name and StageVariables; RouteSettings are named once and ignored.
func TestV2StageAndSettings(t *testing.T) {
	t.Parallel()
	tpl, err := Load(writeTemplate(t, v2HTTPProxyTemplate("")+"  H:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefaultRouteSettings: {ThrottlingBurstLimit: 5}\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := apiByID(t, tpl, "Api")
	if a.Stage != "live" || a.StageVariables["host"] != "backend.local" {
		t.Fatalf("stage %q variables %v; want live with host=backend.local", a.Stage, a.StageVariables)
	}
	if !slices.ContainsFunc(tpl.Warnings, func(w string) bool { return strings.Contains(w, "DefaultRouteSettings ignored") }) {
		t.Fatalf("warnings %q; want DefaultRouteSettings named", tpl.Warnings)
	}
}

// loadOrWantErr loads the template body; with wantErr set, the load must
// fail with an error that holds it, and the result is nil.
func loadOrWantErr(t *testing.T, body, wantErr string) *api.Template {
	t.Helper()
	tpl, err := Load(writeTemplate(t, body), Options{})
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("err %v; want %q", err, wantErr)
		}
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// TestHTTPAPIIntegrationGaps: what apigw cannot do yet of an HTTP API
// integration loads (CloudFormation deploys it) and fails its route
// closed: a mapping from the body, an AWS service integration.
func TestHTTPAPIIntegrationGaps(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, props, what string }{
		{"a mapping from the body", "      RequestParameters: {'overwrite:header.a': $request.body.name}\n", "body"},
		{"an AWS service integration", "      IntegrationSubtype: SQS-SendMessage\n", "AWS service integrations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := loadOrWantErr(t, v2HTTPProxyTemplate(tt.props), "")
			in := apiByID(t, tpl, "Api").Routes[0].Integration
			if !strings.Contains(in.Gap.What, tt.what) || len(tpl.Unsupported) != 1 {
				t.Fatalf("gap %+v, unsupported %v; want %q named as a gap", in.Gap, tpl.Unsupported, tt.what)
			}
		})
	}
}

// TestHTTPAPIIAMRoutesFailClosed: a route that needs IAM authorization,
// which apigw does not check yet, is never served without it: an
// AWS::ApiGatewayV2::Route with AuthorizationType AWS_IAM (no AuthorizerId)
// and an HttpApi event with Auth.Authorizer AWS_IAM both get an authorizer
// with a gap.
func TestHTTPAPIIAMRoutesFailClosed(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body, api string }{
		{"AWS::ApiGatewayV2::Route", strings.Replace(v2HTTPProxyTemplate(""), "Target: !Sub", "AuthorizationType: AWS_IAM, Target: !Sub", 1), "Api"},
		{"HttpApi event", errHeader + errFn + "      Events:\n        E: {Type: HttpApi, Properties: {Path: /x, Method: get, Auth: {Authorizer: AWS_IAM}}}\n", "ServerlessHttpApi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := loadOrWantErr(t, tt.body, "")
			a := apiByID(t, tpl, tt.api)
			r := a.Routes[0]
			if stage, gap := api.RouteGap(a, r, tpl.Functions); stage != api.FailAuthorizer || !strings.Contains(gap.What, "AWS_IAM") {
				t.Fatalf("route %s: fails at %v with %+v; want the authorizer stage, IAM named", r.RouteKey(), stage, gap)
			}
		})
	}
}
