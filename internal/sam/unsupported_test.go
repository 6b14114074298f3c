package sam

import (
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// gapAt finds the part of the model a check names and returns its Gap:
// "api ID", "auth API.NAME", "fn ID", or "route API METHOD PATH" (its
// api.RouteGap: the route must fail closed).
func gapAt(t *testing.T, tpl *api.Template, part string) api.Gap {
	t.Helper()
	kind, rest, _ := strings.Cut(part, " ")
	apis := map[string]*api.API{}
	for _, a := range tpl.APIs {
		apis[a.LogicalID] = a
	}
	switch kind {
	case "api":
		if a := apis[rest]; a != nil {
			return a.Gap
		}
	case "auth":
		id, name, _ := strings.Cut(rest, ".")
		if a := apis[id]; a != nil && a.Authorizers[name] != nil {
			return a.Authorizers[name].Gap
		}
	case "fn":
		if fn := tpl.Functions[rest]; fn != nil {
			return fn.Gap
		}
	case "route":
		f := strings.Fields(rest)
		for _, r := range apis[f[0]].Routes {
			if r.Method == f[1] && r.Path == f[2] {
				stage, gap := api.RouteGap(apis[f[0]], r, tpl.Functions)
				if stage == api.FailNone {
					t.Fatalf("route %s is served; want it to fail closed", rest)
				}
				return gap
			}
		}
	}
	t.Fatalf("no %s in the model", part)
	return api.Gap{}
}

const s3Fn = `  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/code.zip
      Handler: index.handler
      Runtime: nodejs20.x
`

// TestUnsupportedFindings: a template CloudFormation deploys loads (issue
// 9); what apigw cannot serve yet is one finding, located, in
// Template.Unsupported, and a Gap, in a SAM user's words, on the part
// that needs it, so its routes fail closed and the rest is served.
func TestUnsupportedFindings(t *testing.T) {
	t.Parallel()
	get := "      Events:\n        E: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /hi, Method: get%s}}\n"
	tests := []struct {
		name, body         string
		wantID, wantField  string
		msg, part, gapWhat string
	}{
		{name: "unknown runtime", body: errHeader + strings.Replace(errFn, "nodejs20.x", "java21", 1),
			wantID: "Fn", wantField: "Properties.Runtime", msg: `the java21 runtime is not supported yet`, part: "fn Fn", gapWhat: "java21"},
		{name: "authorizer FunctionArn names no function", body: errHeader + errFn +
			errAPI("            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:Nope\n"),
			wantID: "Api", wantField: "Properties.Auth.Authorizers.A.FunctionArn", msg: "outside this template", part: "auth Api.A", gapWhat: "outside this template"},
		{name: "authorizer function only a deployment knows", body: errHeader + errFn + errAPI("            FunctionArn: !ImportValue SharedAuthorizerArn\n"),
			wantID: "Api", wantField: "Properties.Auth.Authorizers.A.FunctionArn", msg: "Fn::ImportValue SharedAuthorizerArn", part: "auth Api.A", gapWhat: "only a deployment knows"},
		{name: "Cognito user pool only a deployment knows", body: "Parameters: {PoolArn: {Type: String}}\n" + errHeader + errFn + errAPI("            UserPoolArn: !Ref PoolArn\n"),
			wantID: "Api", wantField: "Properties.Auth.Authorizers.A.UserPoolArn", msg: "parameter PoolArn", part: "auth Api.A", gapWhat: "a Cognito user pool that only a deployment knows"},
		{name: "Cognito authorizer resource with a pool only a deployment knows", body: "Parameters: {PoolArn: {Type: String}}\n" + errHeader +
			"  R:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: r}\n" +
			"  A:\n    Type: AWS::ApiGateway::Authorizer\n    Properties: {Name: a, Type: COGNITO_USER_POOLS, RestApiId: !Ref R, IdentitySource: method.request.header.Authorization, ProviderARNs: [!Ref PoolArn]}\n" +
			"  M:\n    Type: AWS::ApiGateway::Method\n    Properties: {RestApiId: !Ref R, ResourceId: !GetAtt R.RootResourceId, HttpMethod: GET, AuthorizationType: COGNITO_USER_POOLS, AuthorizerId: !Ref A,\n" +
			"      Integration: {Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'}}\n" + errFn +
			"  D: {Type: AWS::ApiGateway::Deployment, Properties: {RestApiId: !Ref R, StageName: v1}}\n",
			wantID: "A", wantField: "Properties.ProviderARNs.0", msg: "parameter PoolArn", part: "auth R.A", gapWhat: "a Cognito user pool that only a deployment knows"},
		{name: "HttpApi HTTP proxy integration", body: errHeader + "  H:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionBody:\n        openapi: 3.0.1\n        paths:\n          /x:\n            get:\n              x-amazon-apigateway-integration: {type: http, uri: 'https://example.com/', payloadFormatVersion: '1.0'}\n",
			wantID: "H", wantField: "Properties.DefinitionBody.paths./x.get", msg: "other than Lambda proxy", part: "route H GET /x", gapWhat: "other than Lambda proxy"},
		{name: "layer from another account or stack", body: errHeader + errFn + "      Layers: [arn:aws:lambda:us-east-1:123456789012:layer:shared:3]\n",
			wantID: "Fn", wantField: "Properties.Layers", msg: "layers from other accounts or stacks (arn:aws:lambda:us-east-1:123456789012:layer:shared:3)", part: "fn Fn", gapWhat: "layers from other accounts or stacks"},
		{name: "S3 CodeUri", body: errHeader + s3Fn, wantID: "Fn", wantField: "Properties.CodeUri", msg: "S3", part: "fn Fn", gapWhat: "S3"},
		{name: "S3 DefinitionUri", body: errHeader + "  Api:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: x, DefinitionUri: {Bucket: b, Key: k}}\n",
			wantID: "Api", wantField: "Properties.DefinitionUri", msg: "S3", part: "route Api ANY /{proxy+}", gapWhat: "S3"},
		{name: "AWS::Include from S3", body: errHeader + "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: x\n      DefinitionBody:\n        Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/api.yaml}}\n",
			wantID: "Api", wantField: "Properties.DefinitionBody", msg: "S3", part: "api Api", gapWhat: "S3"},
		{name: "AWS_IAM on an event", body: errHeader + strings.Replace(errFn+get, "%s", ", Auth: {Authorizer: AWS_IAM}", 1) + "  Api:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: dev}\n",
			wantID: "Fn", wantField: "Properties.Events.E", msg: "IAM authorization (AWS_IAM) is not supported yet", part: "route Api GET /hi", gapWhat: "IAM authorization (AWS_IAM)"},
		{name: "runtime only a deployment knows, no follow-up about the placeholder", body: "Parameters: {Rt: {Type: String}}\n" + errHeader + strings.Replace(errFn, "nodejs20.x", "!Ref Rt", 1),
			wantID: "Fn", wantField: "Properties.Runtime", msg: "parameter Rt", part: "fn Fn", gapWhat: "only a deployment knows"},
		{name: "event path only a deployment knows", body: "Parameters: {Prefix: {Type: String}}\n" + errHeader + errFn + "      Events:\n        E: {Type: Api, Properties: {Path: !Sub '/${Prefix}/x', Method: get}}\n",
			wantID: "Fn", wantField: "Properties.Events.E", msg: "parameter Prefix", part: "route ServerlessRestApi GET /Prefix/x", gapWhat: "a route path or method that only a deployment knows"},
		{name: "transform apigw does not run", body: "Transform: [AWS::Serverless-2016-10-31, AWS::SecretsManager-2020-07-23]\nResources:\n" + errFn,
			wantField: "Transform", msg: "AWS::SecretsManager-2020-07-23"},
		{name: "RestApi basepath prepend", body: errHeader + "  R:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Parameters: {basepath: prepend}\n      Body: {openapi: 3.0.1, info: {title: t, version: '1'}, paths: {}}\n  D: {Type: AWS::ApiGateway::Deployment, Properties: {RestApiId: !Ref R, StageName: v1}}\n",
			wantID: "R", wantField: "Properties.Parameters.basepath", msg: "not supported yet", part: "api R", gapWhat: "basepath prepend"},
		{name: "RestApi that nothing deploys", body: errHeader + "  R:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body: {openapi: 3.0.1, info: {title: t, version: '1'}, paths: {}}\n",
			wantID: "R", wantField: "Properties", msg: "no AWS::ApiGateway::Stage", part: "route R ANY /", gapWhat: "deploys"},
		{name: "WebSocket API", body: errHeader + "  Ws:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: w, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}\n",
			wantID: "Ws", wantField: "Type", msg: "WebSocket APIs", part: "route Ws GET /", gapWhat: "WebSocket APIs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeTemplate(t, tt.body)
			tpl, err := Load(path, Options{})
			if err != nil {
				t.Fatalf("Load: %v; want it to load (CloudFormation deploys it)", err)
			}
			var got *api.Error
			for _, e := range tpl.Unsupported {
				if strings.Contains(e.Msg, tt.msg) {
					got = e
				}
			}
			if len(tpl.Unsupported) != 1 || got == nil || got.File != path || got.LogicalID != tt.wantID || got.Field != tt.wantField || got.Kind != api.KindUnsupported {
				t.Fatalf("Unsupported = %v; want exactly one, at %s %s, saying %q", tpl.Unsupported, tt.wantID, tt.wantField, tt.msg)
			}
			if tt.part == "" {
				return
			}
			if gap := gapAt(t, tpl, tt.part); !strings.Contains(gap.What, tt.gapWhat) || gap.Source.File == "" {
				t.Fatalf("%s: Gap %+v; want one about %q, located", tt.part, gap, tt.gapWhat)
			}
		})
	}
}
