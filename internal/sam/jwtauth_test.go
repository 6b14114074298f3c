package sam

import (
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// jwtTemplate has an HTTP API with a JWT authorizer (default scopes, an
// event with its own), a REST API with a Cognito authorizer on a pool of
// the template, and CloudFormation's V2 and REST resources of both kinds.
const jwtTemplate = errHeader + `  Pool:
    Type: AWS::Cognito::UserPool
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Read: {Type: HttpApi, Properties: {ApiId: !Ref Http, Path: /pets, Method: get}}
        Write: {Type: HttpApi, Properties: {ApiId: !Ref Http, Path: /pets, Method: post, Auth: {Authorizer: Jwt, AuthorizationScopes: [pets/write]}}}
        Open: {Type: HttpApi, Properties: {ApiId: !Ref Http, Path: /open, Method: get, Auth: {Authorizer: NONE}}}
        Me: {Type: Api, Properties: {RestApiId: !Ref Rest, Path: /me, Method: get}}
        Admin: {Type: Api, Properties: {RestApiId: !Ref Rest, Path: /admin, Method: get, Auth: {Authorizer: Cognito, AuthorizationScopes: [admin]}}}
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            AuthorizationScopes: [pets/read]
            JwtConfiguration:
              issuer: !Sub 'https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}'
              audience: [client-1, client-2]
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: !GetAtt Pool.Arn
            Identity: {Header: X-Token, ValidationExpression: 'client-.*'}
  V2:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: v2, ProtocolType: HTTP}
  V2Jwt:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref V2
      AuthorizerType: JWT
      Name: V2Jwt
      IdentitySource: [$request.querystring.token]
      JwtConfiguration: {Issuer: 'https://issuer.example', Audience: [aud]}
  V2Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref V2
      RouteKey: GET /things
      AuthorizationType: JWT
      AuthorizerId: !Ref V2Jwt
      AuthorizationScopes: [things/read]
      Target: !Sub integrations/${V2Int}
  V2Int:
    Type: AWS::ApiGatewayV2::Integration
    Properties: {ApiId: !Ref V2, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn, PayloadFormatVersion: '2.0'}
`

func TestLoadJWTAuthorizers(t *testing.T) {
	t.Parallel()
	tpl, err := Load(writeTemplate(t, jwtTemplate), Options{})
	if err != nil {
		t.Fatal(err)
	}
	pool := "https://cognito-idp.us-east-1.amazonaws.com/Pool"
	for _, tc := range []struct {
		api, authorizer string
		typ             api.AuthorizerType
		issuers, aud    []string
		source          string
	}{
		{"Http", "Jwt", api.AuthorizerJWT, []string{pool}, []string{"client-1", "client-2"}, "$request.header.Authorization"},
		{"Rest", "Cognito", api.AuthorizerCognito, []string{pool}, nil, "$request.header.X-Token"},
		{"V2", "V2Jwt", api.AuthorizerJWT, []string{"https://issuer.example"}, []string{"aud"}, "$request.querystring.token"},
	} {
		az := apiByID(t, tpl, tc.api).Authorizers[tc.authorizer]
		if az == nil || az.Gap.Missing() || az.Type != tc.typ || !slices.Equal(az.JWT.Issuers, tc.issuers) || !slices.Equal(az.JWT.Audience, tc.aud) ||
			len(az.IdentitySources) != 1 || az.IdentitySources[0].HTTPString() != tc.source {
			t.Errorf("%s.%s = %+v", tc.api, tc.authorizer, az)
		}
	}
	if az := apiByID(t, tpl, "Rest").Authorizers["Cognito"]; az.Validation == nil || !az.Validation.MatchString("client-1") {
		t.Errorf("Cognito validation expression %q not compiled", az.ValidationExpression)
	}
	want := map[string]string{
		"Http GET /pets": "Jwt [pets/read]", "Http POST /pets": "Jwt [pets/write]", "Http GET /open": " []",
		"Rest GET /me": "Cognito []", "Rest GET /admin": "Cognito [admin]", "V2 GET /things": "V2Jwt [things/read]",
	}
	for _, a := range tpl.APIs {
		for _, r := range a.Routes {
			got := r.Authorizer + " [" + strings.Join(r.Scopes, " ") + "]"
			if w, ok := want[a.LogicalID+" "+r.Method+" "+r.Path]; ok && got != w {
				t.Errorf("%s %s %s: %s, want %s", a.LogicalID, r.Method, r.Path, got, w)
			}
		}
	}
	if err := tpl.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
}

func TestLoadJWTAuthorizerErrors(t *testing.T) {
	t.Parallel()
	httpAPI := "  H:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      Auth:\n        Authorizers:\n          J: %s\n"
	restAPI := "  R:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: dev\n      Auth:\n        Authorizers:\n          C: %s\n"
	for _, tc := range []struct{ name, body, want string }{
		{"JWT without issuer", strings.Replace(httpAPI, "%s", "{JwtConfiguration: {audience: [a]}}", 1), "needs an issuer"},
		{"neither Lambda nor JWT", strings.Replace(httpAPI, "%s", "{IdentitySource: $request.header.A}", 1), "FunctionArn (Lambda) or JwtConfiguration"},
		{"bad identity source", strings.Replace(httpAPI, "%s", "{IdentitySource: header.A, JwtConfiguration: {issuer: 'https://i', audience: [a]}}", 1), "IdentitySource"},
		{"not a pool ARN", strings.Replace(restAPI, "%s", "{UserPoolArn: 'arn:aws:s3:::bucket'}", 1), "not a Cognito user pool ARN"},
	} {
		_, err := Load(writeTemplate(t, errHeader+errFn+tc.body), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestLoadCognitoResources: CloudFormation's REST resources, an
// AWS::ApiGateway::Authorizer of type COGNITO_USER_POOLS on a pool of the
// template and a Method with AuthorizationScopes.
func TestLoadCognitoResources(t *testing.T) {
	t.Parallel()
	body := `Resources:
  Pool:
    Type: AWS::Cognito::UserPool
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: api}
  Pets:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: pets}
  PoolAuth:
    Type: AWS::ApiGateway::Authorizer
    Properties: {RestApiId: !Ref Api, Name: pool, Type: COGNITO_USER_POOLS, ProviderARNs: [!GetAtt Pool.Arn], IdentitySource: method.request.header.X-Token}
  PetsPost:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Pets
      HttpMethod: POST
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref PoolAuth
      AuthorizationScopes: [pets/write]
      Integration: {Type: MOCK, RequestTemplates: {application/json: '{"statusCode": 201}'}, IntegrationResponses: [{StatusCode: 201}]}
`
	tpl, err := Load(writeTemplate(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := apiByID(t, tpl, "Api")
	az := a.Authorizers["PoolAuth"]
	if az == nil || az.Type != api.AuthorizerCognito || !slices.Equal(az.JWT.Issuers, []string{"https://cognito-idp.us-east-1.amazonaws.com/Pool"}) ||
		az.IdentitySources[0].Name != "X-Token" {
		t.Fatalf("PoolAuth = %+v", az)
	}
	if r := a.Routes[0]; r.Authorizer != "PoolAuth" || !slices.Equal(r.Scopes, []string{"pets/write"}) {
		t.Fatalf("route %+v", r)
	}
}
