package openapi

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

const (
	testFile    = "api.yaml"
	testHeader  = "openapi: 3.0.1\ninfo: {title: t, version: \"1\"}\n"
	listPetsURI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + testFunctionARNPrefix + "ListPets/invocations"
	authURI     = testFunctionARNPrefix + "TokenAuthorizer"
)

// oas is an OpenAPI 3 document with body after the header.
func oas(body string) string { return testHeader + body }

// getWith is a document with one GET /pets whose integration is integ
// (YAML flow mapping) plus the rest of the document.
func getWith(integ, rest string) string {
	return oas("paths:\n  /pets:\n    get:\n      x-amazon-apigateway-integration: " + integ + "\n" + rest)
}

// lambdaGet is GET /pets on ListPets with extra operation YAML (6 spaces).
func lambdaGet(opExtra, rest string) string {
	return oas("paths:\n  /pets:\n    get:\n" + opExtra + "      x-amazon-apigateway-integration: {type: aws_proxy, uri: " + listPetsURI + "}\n" + rest)
}

// schemes is a components.securitySchemes block with one scheme named name.
func schemes(name, body string) string {
	return "components:\n  securitySchemes:\n    " + name + ":\n" + body
}

// tokenScheme is a TOKEN authorizer scheme with extra authorizer fields.
func tokenScheme(extra string) string {
	return schemes("TokenAuth", "      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authtype: custom\n      x-amazon-apigateway-authorizer:\n        type: token\n        authorizerUri: "+authURI+"\n"+extra)
}

// requestScheme is a REQUEST authorizer scheme with extra authorizer fields.
func requestScheme(extra string) string {
	return schemes("ReqAuth", "      type: apiKey\n      name: Unused\n      in: header\n      x-amazon-apigateway-authtype: custom\n      x-amazon-apigateway-authorizer:\n        type: request\n        authorizerUri: "+authURI+"\n"+extra)
}

const secured = "      security: [{TokenAuth: []}]\n"

// errorFields lists the fields of every *api.Error joined in err.
func errorFields(err error) []string {
	var out []string
	for _, ae := range api.Errors(err) {
		out = append(out, ae.Field)
	}
	return out
}

// errorAt is the first *api.Error joined in err at field.
func errorAt(err error, field string) *api.Error {
	for _, ae := range api.Errors(err) {
		if ae.Field == field {
			return ae
		}
	}
	return nil
}

// kindOf is the api.Kind of errors with cause want (or want itself): a
// Lambda function apigw cannot find is unsupported, since on AWS the ARN
// may name any function.
func kindOf(want error) api.Kind {
	switch want {
	case ErrNeedsTemplate, ErrUnknownFunction:
		return api.KindUnsupported
	case ErrSyntax, ErrNoIntegration:
		return api.KindInvalid
	}
	return want.(api.Kind)
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	integ := "paths./pets.get.x-amazon-apigateway-integration"
	auth := "components.securitySchemes.TokenAuth.x-amazon-apigateway-authorizer"
	tests := []struct {
		name      string
		doc       string
		wantKind  error
		wantField string
	}{
		{"unknown integration field", getWith("{type: mock, urii: x, responses: {default: {}}}", ""), api.KindInvalid, integ + ".urii"},
		{"missing integration type", getWith("{uri: x}", ""), api.KindInvalid, integ + ".type"},
		{"unknown integration type", getWith("{type: lambda}", ""), api.KindInvalid, integ + ".type"},
		{"section 10 timeout below 50 ms", getWith("{type: http_proxy, httpMethod: GET, uri: 'http://x/', timeoutInMillis: 49}", ""), api.KindInvalid, integ + ".timeoutInMillis"},
		{"section 10 timeout above 29 s", getWith("{type: http_proxy, httpMethod: GET, uri: 'http://x/', timeoutInMillis: 29001}", ""), api.KindInvalid, integ + ".timeoutInMillis"},
		{"timeout not a number", getWith("{type: http_proxy, httpMethod: GET, uri: 'http://x/', timeoutInMillis: soon}", ""), api.KindInvalid, integ + ".timeoutInMillis"},
		{"http_proxy without httpMethod", getWith("{type: http_proxy, uri: 'http://x/'}", ""), api.KindInvalid, integ + ".httpMethod"},
		{"http_proxy bad verb", getWith("{type: http_proxy, httpMethod: FETCH, uri: 'http://x/'}", ""), api.KindInvalid, integ + ".httpMethod"},
		{"http_proxy relative uri", getWith("{type: http_proxy, httpMethod: GET, uri: /pets}", ""), api.KindInvalid, integ + ".uri"},
		{"http_proxy uri is not a string", getWith("{type: http_proxy, httpMethod: GET, uri: {Fn::Sub: x}}", ""), api.KindInvalid, integ + ".uri"},
		{"L-4 placeholder names no path parameter", getWith("{type: http_proxy, httpMethod: GET, uri: 'http://x/{proxy}'}", ""), api.KindInvalid, integ + ".uri"},
		{"aws_proxy without uri", getWith("{type: aws_proxy}", ""), api.KindInvalid, integ + ".uri"},
		{"aws_proxy uri not an ARN", getWith("{type: aws_proxy, uri: 'https://lambda.example.com/fn'}", ""), api.KindInvalid, integ + ".uri"},
		{"aws_proxy uri names an S3 ARN", getWith("{type: aws_proxy, uri: 'arn:aws:s3:::bucket'}", ""), api.KindInvalid, integ + ".uri"},
		{"unknown transfer mode", getWith("{type: aws_proxy, uri: "+listPetsURI+", responseTransferMode: CHUNKED}", ""), api.KindInvalid, integ + ".responseTransferMode"},
		{"bad payload version", getWith("{type: aws_proxy, uri: "+listPetsURI+", payloadFormatVersion: '3.0'}", ""), api.KindInvalid, integ + ".payloadFormatVersion"},
		{"mock without responses", getWith("{type: mock}", ""), api.KindInvalid, integ + ".responses"},
		{"mock status not selected", getWith(`{type: mock, requestTemplates: {application/json: '{"statusCode": 404}'}, responses: {"200": {}}}`, ""), api.KindInvalid, integ + ".responses"},
		{"mock bad status", getWith("{type: mock, responses: {default: {statusCode: abc}}}", ""), api.KindInvalid, integ + ".responses.default.statusCode"},
		{"integration not an object", getWith("aws_proxy", ""), api.KindInvalid, integ},

		{"PIPE-4 greedy not last", oas("paths:\n  /{proxy+}/x:\n    get: {}\n"), api.KindInvalid, "paths./{proxy+}/x"},
		{"mixed segment", oas("paths:\n  /pets/{id}.json:\n    get: {}\n"), api.KindInvalid, "paths./pets/{id}.json"},
		{"duplicate parameter", oas("paths:\n  /a/{id}/b/{id}:\n    get: {}\n"), api.KindInvalid, "paths./a/{id}/b/{id}"},
		{"variable siblings", oas("paths:\n  /pets/{id}:\n    get: {}\n  /pets/{petId}/toys:\n    get: {}\n"), api.KindInvalid, "paths./pets/{petId}/toys"},
		{"greedy and variable siblings", oas("paths:\n  /{id}:\n    get: {}\n  /{proxy+}:\n    get: {}\n"), api.KindInvalid, "paths./{proxy+}"},
		{"any-method not an object", oas("paths:\n  /pets:\n    x-amazon-apigateway-any-method: yes\n"), api.KindInvalid, "paths./pets.x-amazon-apigateway-any-method"},
		{"any-method security not a list", oas("paths:\n  /pets:\n    x-amazon-apigateway-any-method: {security: none}\n"), api.KindInvalid, "paths./pets.x-amazon-apigateway-any-method.security"},

		{"C-1 TTL above 3600", lambdaGet(secured, tokenScheme("        authorizerResultTtlInSeconds: 3601\n")), api.KindInvalid, auth + ".authorizerResultTtlInSeconds"},
		{"C-1 TTL below 0", lambdaGet(secured, tokenScheme("        authorizerResultTtlInSeconds: -1\n")), api.KindInvalid, auth + ".authorizerResultTtlInSeconds"},
		{"C-1 TTL as a string", lambdaGet(secured, tokenScheme("        authorizerResultTtlInSeconds: '300'\n")), api.KindInvalid, auth + ".authorizerResultTtlInSeconds"},
		{"C-1 TTL fraction", lambdaGet(secured, tokenScheme("        authorizerResultTtlInSeconds: 1.5\n")), api.KindInvalid, auth + ".authorizerResultTtlInSeconds"},
		{"T-2 TOKEN with two sources", lambdaGet(secured, tokenScheme("        identitySource: method.request.header.A, method.request.header.B\n")), api.KindInvalid, auth + ".identitySource"},
		{"T-2 TOKEN from a query string", lambdaGet(secured, tokenScheme("        identitySource: method.request.querystring.token\n")), api.KindInvalid, auth + ".identitySource"},
		{"R-2 path parameter source", lambdaGet(secured, tokenScheme("        identitySource: method.request.path.id\n")), api.KindInvalid, auth + ".identitySource"},
		{"T-4 regex RE2 cannot run", lambdaGet(secured, tokenScheme("        identityValidationExpression: '^(a)\\1$'\n")), api.KindInvalid, auth + ".identityValidationExpression"},
		{"unknown authorizer field", lambdaGet(secured, tokenScheme("        ttl: 5\n")), api.KindInvalid, auth + ".ttl"},
		{"authorizer type missing", lambdaGet("", schemes("A", "      type: apiKey\n      x-amazon-apigateway-authorizer: {authorizerUri: "+authURI+"}\n")), api.KindInvalid, "components.securitySchemes.A.x-amazon-apigateway-authorizer.type"},
		{"authorizer without uri", lambdaGet("", schemes("A", "      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authorizer: {type: token}\n")), api.KindInvalid, "components.securitySchemes.A.x-amazon-apigateway-authorizer.authorizerUri"},
		{"authorizer scheme not apiKey", lambdaGet("", schemes("A", "      type: http\n      scheme: bearer\n      x-amazon-apigateway-authorizer: {type: request, authorizerUri: "+authURI+", authorizerResultTtlInSeconds: 0}\n")), api.KindInvalid, "components.securitySchemes.A.type"},
		{"authtype cognito with Lambda authorizer", lambdaGet("", schemes("A", "      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authtype: cognito_user_pools\n      x-amazon-apigateway-authorizer: {type: token, authorizerUri: "+authURI+"}\n")), api.KindInvalid, "components.securitySchemes.A.x-amazon-apigateway-authtype"},
		{"custom authtype without authorizer", lambdaGet("", schemes("A", "      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authtype: custom\n")), api.KindInvalid, "components.securitySchemes.A.x-amazon-apigateway-authtype"},
		{"TOKEN without a header to read", lambdaGet("", schemes("A", "      type: apiKey\n      name: token\n      in: query\n      x-amazon-apigateway-authorizer: {type: token, authorizerUri: "+authURI+"}\n")), api.KindInvalid, "components.securitySchemes.A.x-amazon-apigateway-authorizer.identitySource"},
		{"R-4 caching REQUEST without sources", lambdaGet("      security: [{ReqAuth: []}]\n", requestScheme("")), api.KindInvalid, "components.securitySchemes.ReqAuth.x-amazon-apigateway-authorizer.identitySource"},
		{"Cognito providerARNs on a Lambda authorizer", lambdaGet("", requestScheme("        authorizerResultTtlInSeconds: 0\n        providerARNs: [x]\n")), api.KindInvalid, "components.securitySchemes.ReqAuth.x-amazon-apigateway-authorizer.providerARNs"},
		{"unknown scheme", lambdaGet("      security: [{Nope: []}]\n", ""), api.KindInvalid, "paths./pets.get.security.0.Nope"},
		{"two authorizers on one method", lambdaGet("      security: [{TokenAuth: []}, {ReqAuth: []}]\n", tokenScheme("")+"    ReqAuth:\n      type: apiKey\n      x-amazon-apigateway-authorizer: {type: request, authorizerUri: "+authURI+", authorizerResultTtlInSeconds: 0}\n"), api.KindInvalid, "paths./pets.get.security"},
		{"auth extension NONE contradicts security", lambdaGet(secured+"      x-amazon-apigateway-auth: {type: NONE}\n", tokenScheme("")), api.KindInvalid, "paths./pets.get.x-amazon-apigateway-auth.type"},

		{"G-1 unknown gateway response", oas("x-amazon-apigateway-gateway-responses: {DEFAULT_6XX: {}}\npaths: {}\n"), api.KindInvalid, "x-amazon-apigateway-gateway-responses.DEFAULT_6XX"},
		{"G-4 gateway response maps a body", oas("x-amazon-apigateway-gateway-responses: {DEFAULT_4XX: {responseParameters: {gatewayresponse.body.x: \"'y'\"}}}\npaths: {}\n"), api.KindInvalid, "x-amazon-apigateway-gateway-responses.DEFAULT_4XX.responseParameters.gatewayresponse.body.x"},
		{"G-4 gateway response bad source", oas("x-amazon-apigateway-gateway-responses: {DEFAULT_4XX: {responseParameters: {gatewayresponse.header.x: y}}}\npaths: {}\n"), api.KindInvalid, "x-amazon-apigateway-gateway-responses.DEFAULT_4XX.responseParameters.gatewayresponse.header.x"},
		{"G-4 gateway response status", oas("x-amazon-apigateway-gateway-responses: {DEFAULT_4XX: {statusCode: '4xx'}}\npaths: {}\n"), api.KindInvalid, "x-amazon-apigateway-gateway-responses.DEFAULT_4XX.statusCode"},
		{"gateway response unknown field", oas("x-amazon-apigateway-gateway-responses: {DEFAULT_4XX: {status: 400}}\npaths: {}\n"), api.KindInvalid, "x-amazon-apigateway-gateway-responses.DEFAULT_4XX.status"},
		{"binary media type without slash", oas("x-amazon-apigateway-binary-media-types: [png]\npaths: {}\n"), api.KindInvalid, "x-amazon-apigateway-binary-media-types"},
		{"binary media types not a list", oas("x-amazon-apigateway-binary-media-types: image/png\npaths: {}\n"), api.KindInvalid, "x-amazon-apigateway-binary-media-types"},

		{"OpenAPI 4", "openapi: 4.0.0\n", ErrSyntax, "openapi"},
		{"Swagger 1.2", "swagger: '1.2'\n", ErrSyntax, "swagger"},
		{"Swagger version written as a number, not 2", "swagger: 1.2\n", ErrSyntax, "swagger"},
		{"OpenAPI version written as a number, not 3", "openapi: 4\n", ErrSyntax, "openapi"},
		{"no version", "paths: {}\n", ErrSyntax, ""},
		{"a list, not a document", "- openapi: 3.0.0\n", ErrSyntax, ""},
		{"YAML syntax error", "openapi: 3.0.1\npaths: [\n", ErrSyntax, ""},
		{"external reference", oas("paths:\n  /pets:\n    $ref: 'http://example.com/item.yaml'\n"), ErrSyntax, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := Options{File: testFile, FunctionByARN: resolveTestFunction}
			if tt.wantKind == ErrNeedsTemplate {
				opts.FunctionByARN = nil // a bare document
			}
			def, err := Load([]byte(tt.doc), opts)
			if err == nil {
				t.Fatalf("Load: got %d routes, no error; want %v at %q", len(def.Routes), tt.wantKind, tt.wantField)
			}
			if !errors.Is(err, tt.wantKind) {
				t.Errorf("Load: got %v; want kind %v", err, tt.wantKind)
			}
			if fields := errorFields(err); !slices.Contains(fields, tt.wantField) {
				t.Errorf("Load: got error fields %q (%v); want %q", fields, err, tt.wantField)
			}
			if ae := errorAt(err, tt.wantField); ae != nil && ae.Kind != kindOf(tt.wantKind) {
				t.Errorf("Load: error at %q is %v; want %v", tt.wantField, ae.Kind, kindOf(tt.wantKind))
			}
			if !strings.HasPrefix(err.Error(), testFile+": ") {
				t.Errorf("Load: got %q; want it to start with the file name", err)
			}
		})
	}
}
