package sam

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// httpAuthTemplate is an HttpApi with Lambda authorizer L (props), used by
// a function's HttpApi event on /x, and a $default event.
func httpAuthTemplate(props string) string {
	return errHeader + errFn + `      Events:
        E: {Type: HttpApi, Properties: {Path: /x, Method: get, ApiId: !Ref H}}
        D: {Type: HttpApi, Properties: {ApiId: !Ref H, Auth: {Authorizer: NONE}}}
  H:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: L
        Authorizers:
          L:
            FunctionArn: !GetAtt Fn.Arn
` + props
}

// TestHTTPAPILambdaAuthorizer pins how an HttpApi's Lambda authorizer
// loads: payload version (V-1), simple responses (V-4), identity sources
// in SAM's order (V-5), ReauthorizeEvery as the TTL with 0 when absent
// (V-6), and the routes that use it (V-11).
func TestHTTPAPILambdaAuthorizer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, props string
		wantErr     string // "" loads
		want        api.Authorizer
		wantWarn    string
	}{
		{name: "V-1 V-4 V-6 2.0 simple, cached", props: "            AuthorizerPayloadFormatVersion: '2.0'\n            EnableSimpleResponses: true\n" +
			"            Identity: {Headers: [x-user], QueryStrings: [qs], StageVariables: [stage], Context: [routeKey], ReauthorizeEvery: 60}\n",
			want: api.Authorizer{PayloadVersion: "2.0", SimpleResponses: true, TTLSeconds: 60, IdentitySources: []api.IdentitySource{
				{Kind: api.SourceHeader, Name: "x-user"}, {Kind: api.SourceQueryString, Name: "qs"},
				{Kind: api.SourceStageVariable, Name: "stage"}, {Kind: api.SourceContext, Name: "routeKey"}}}},
		{name: "V-6 no ReauthorizeEvery: not cached, with a note", props: "            AuthorizerPayloadFormatVersion: 1.0\n            Identity: {Headers: [Authorization]}\n",
			want:     api.Authorizer{PayloadVersion: "1.0", IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}}},
			wantWarn: "not cached"},
		{name: "V-1 payload version required", props: "            Identity: {Headers: [a]}\n", wantErr: "AuthorizerPayloadFormatVersion"},
		{name: "V-1 simple responses need 2.0", props: "            AuthorizerPayloadFormatVersion: '1.0'\n            EnableSimpleResponses: true\n", wantErr: "simple responses need payload format version 2.0"},
		{name: "V-6 caching needs an identity source", props: "            AuthorizerPayloadFormatVersion: '2.0'\n            Identity: {ReauthorizeEvery: 300}\n", wantErr: "no identity sources"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Load(writeTemplate(t, httpAuthTemplate(tt.props)), Options{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load: %v; want an error about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			h := apiByID(t, tpl, "H")
			az := h.Authorizers["L"]
			if az == nil || az.Gap.Missing() || az.Function != "Fn" || az.Type != api.AuthorizerRequest || az.PayloadVersion != tt.want.PayloadVersion ||
				az.SimpleResponses != tt.want.SimpleResponses || az.TTLSeconds != tt.want.TTLSeconds || !slices.Equal(az.IdentitySources, tt.want.IdentitySources) {
				t.Fatalf("authorizer %+v; want %+v", az, tt.want)
			}
			if tt.wantWarn != "" && !slices.ContainsFunc(tpl.Warnings, func(w string) bool { return strings.Contains(w, tt.wantWarn) }) {
				t.Fatalf("warnings %q; want one about %q", tpl.Warnings, tt.wantWarn)
			}
			keys := map[string]string{}
			for _, r := range h.Routes {
				keys[r.RouteKey()] = r.Authorizer
			}
			if len(keys) != 2 || keys["GET /x"] != "L" || keys["$default"] != "" {
				t.Fatalf("routes %v; want GET /x behind L and $default without an authorizer", keys)
			}
		})
	}
}

func apiByID(t *testing.T, tpl *api.Template, id string) *api.API {
	t.Helper()
	for _, a := range tpl.APIs {
		if a.LogicalID == id {
			return a
		}
	}
	t.Fatalf("no API %s", id)
	return nil
}

// TestHTTPAPICors pins how each spelling of an HTTP API's CORS
// configuration loads (DG http-api-cors): SAM's CorsConfiguration object
// or `true`, the definition's x-amazon-apigateway-cors, which SAM's
// property replaces; AllowCredentials with "*" is refused as AWS refuses it.
func TestHTTPAPICors(t *testing.T) {
	t.Parallel()
	body := "      DefinitionBody:\n        openapi: 3.0.1\n        x-amazon-apigateway-cors: {allowOrigins: ['https://b.example'], maxAge: 5}\n        paths: {}\n"
	tests := []struct {
		name, props string
		want        *api.Cors
		wantErr     string
	}{
		{"object", "      CorsConfiguration: {AllowOrigins: ['https://a.example'], AllowMethods: [get, post], AllowCredentials: true, MaxAge: 60}\n",
			&api.Cors{AllowOrigins: []string{"https://a.example"}, AllowMethods: []string{"GET", "POST"}, AllowCredentials: true, MaxAge: 60}, ""},
		{"true allows everything", "      CorsConfiguration: true\n", &api.Cors{AllowOrigins: []string{"*"}, AllowMethods: []string{"*"}, AllowHeaders: []string{"*"}, MaxAge: -1}, ""},
		{"from the definition", body, &api.Cors{AllowOrigins: []string{"https://b.example"}, MaxAge: 5}, ""},
		{"the property replaces the definition's", "      CorsConfiguration: {AllowOrigins: ['https://a.example']}\n" + body, &api.Cors{AllowOrigins: []string{"https://a.example"}, MaxAge: -1}, ""},
		{"credentials with every origin", "      CorsConfiguration: {AllowOrigins: ['*'], AllowCredentials: true}\n", nil, "AllowCredentials cannot be true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := loadOrWantErr(t, errHeader+"  H:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n"+tt.props, tt.wantErr)
			if tpl == nil {
				return
			}
			got := apiByID(t, tpl, "H").Cors
			if got == nil {
				t.Fatal("no CORS configuration")
			}
			got.Source = api.Location{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("cors %+v; want %+v", got, tt.want)
			}
		})
	}
}

// v2AuthTemplate is an AWS::ApiGatewayV2::Api with a Lambda authorizer
// (props) on route GET /pets.
func v2AuthTemplate(props string) string {
	return errHeader + errFn + `  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: a, ProtocolType: HTTP}}
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn, PayloadFormatVersion: '2.0'}
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Api, RouteKey: GET /pets, Target: !Sub 'integrations/${Integ}', AuthorizationType: CUSTOM, AuthorizerId: !Ref Auth}
  Auth:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref Api
      Name: auth
      AuthorizerType: REQUEST
      AuthorizerUri: !Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'
` + props
}

// TestV2Authorizer pins how an AWS::ApiGatewayV2::Authorizer loads (V-1,
// V-5, V-6) and reaches the route that names it.
func TestV2Authorizer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, props, wantErr string
		want                 api.Authorizer
	}{
		{name: "V-1 V-5 V-6 REQUEST authorizer", props: "      AuthorizerPayloadFormatVersion: '2.0'\n      EnableSimpleResponses: true\n" +
			"      IdentitySource: [$request.header.X-User, $context.routeKey]\n      AuthorizerResultTtlInSeconds: 120\n",
			want: api.Authorizer{PayloadVersion: "2.0", SimpleResponses: true, TTLSeconds: 120, IdentitySources: []api.IdentitySource{
				{Kind: api.SourceHeader, Name: "X-User"}, {Kind: api.SourceContext, Name: "routeKey"}}}},
		{name: "V-5 a REST-syntax identity source is refused", props: "      AuthorizerPayloadFormatVersion: '1.0'\n      IdentitySource: [method.request.header.X]\n",
			wantErr: "want $request.header.NAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Load(writeTemplate(t, v2AuthTemplate(tt.props)), Options{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load: %v; want an error about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			a := apiByID(t, tpl, "Api")
			az := a.Authorizers["Auth"]
			if az == nil || az.Gap.Missing() || az.Function != "Fn" || az.PayloadVersion != tt.want.PayloadVersion || az.SimpleResponses != tt.want.SimpleResponses ||
				az.TTLSeconds != tt.want.TTLSeconds || !slices.Equal(az.IdentitySources, tt.want.IdentitySources) {
				t.Fatalf("authorizer %+v; want %+v", az, tt.want)
			}
			if len(a.Routes) != 1 || a.Routes[0].RouteKey() != "GET /pets" || a.Routes[0].Authorizer != "Auth" || a.Routes[0].Integration.Function != "Fn" {
				t.Fatalf("routes %+v; want GET /pets -> Fn behind Auth", a.Routes)
			}
		})
	}
}

// TestHTTPAPIDefinitionAuthorizer pins the authorizers an HttpApi's
// OpenAPI definition declares: a request one runs (identity sources as
// one comma-separated string, V-5), a jwt one is a gap.
func TestHTTPAPIDefinitionAuthorizer(t *testing.T) {
	t.Parallel()
	body := errHeader + errFn + `  H:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: 3.0.1
        paths:
          /pets:
            get:
              security: [{Lam: []}]
              x-amazon-apigateway-integration: {type: aws_proxy, uri: !GetAtt Fn.Arn, payloadFormatVersion: '2.0'}
          /jwt:
            get:
              security: [{Jwt: [pets/read]}]
              x-amazon-apigateway-integration: {type: aws_proxy, uri: !GetAtt Fn.Arn}
        components:
          securitySchemes:
            Lam:
              type: apiKey
              name: X-User
              in: header
              x-amazon-apigateway-authorizer:
                type: request
                authorizerUri: !Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'
                authorizerPayloadFormatVersion: '2.0'
                enableSimpleResponses: true
                identitySource: '$request.header.X-User, $request.querystring.q'
                authorizerResultTtlInSeconds: 60
            Jwt:
              type: oauth2
              x-amazon-apigateway-authorizer: {type: jwt, identitySource: '$request.header.Authorization', jwtConfiguration: {issuer: 'https://i', audience: [a]}}
`
	tpl, err := Load(writeTemplate(t, body), Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	a := apiByID(t, tpl, "H")
	lam, jwt := a.Authorizers["Lam"], a.Authorizers["Jwt"]
	wantSources := []api.IdentitySource{{Kind: api.SourceHeader, Name: "X-User"}, {Kind: api.SourceQueryString, Name: "q"}}
	if lam == nil || lam.Gap.Missing() || lam.Function != "Fn" || !lam.SimpleResponses || lam.TTLSeconds != 60 || !slices.Equal(lam.IdentitySources, wantSources) {
		t.Fatalf("Lam %+v; want a cached 2.0 simple authorizer on Fn with %v", lam, wantSources)
	}
	if jwt == nil || jwt.Gap.Missing() || jwt.Type != api.AuthorizerJWT || !slices.Equal(jwt.JWT.Issuers, []string{"https://i"}) || !slices.Equal(jwt.JWT.Audience, []string{"a"}) {
		t.Fatalf("Jwt %+v; want a JWT authorizer of issuer https://i, audience a", jwt)
	}
	for _, r := range a.Routes {
		if r.Path == "/jwt" && (r.Authorizer != "Jwt" || !slices.Equal(r.Scopes, []string{"pets/read"})) {
			t.Fatalf("GET /jwt %+v; want Jwt with scope pets/read", r)
		}
	}
}
