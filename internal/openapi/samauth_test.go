package openapi

import (
	"slices"
	"testing"
)

// TestSAMSecurity: the definition of an AWS::Serverless::Api is read as SAM's
// transform leaves it. With a DefaultAuthorizer, every operation that names
// neither an authorizer nor NONE is protected by the default, whatever the
// document-level security says; serving it open would be a fail-open.
func TestSAMSecurity(t *testing.T) {
	t.Parallel()
	const (
		pets    = "  /pets:\n    get:\n"
		options = "  /pets:\n    options:\n"
		integ   = "      x-amazon-apigateway-integration: {type: aws_proxy, uri: " + listPetsURI + "}\n"
	)
	doc := func(rootSecurity, path, opSecurity string) string {
		return oas(rootSecurity+"paths:\n"+path+opSecurity+integ) + tokenScheme("")
	}
	withDefault := &SAMAuth{Authorizers: map[string]bool{"SamAuth": true}, DefaultAuthorizer: "SamAuth"}
	noDefault := &SAMAuth{Authorizers: map[string]bool{"SamAuth": true}}
	skipPreflight := &SAMAuth{Authorizers: map[string]bool{"SamAuth": true}, DefaultAuthorizer: "SamAuth", SkipPreflight: true}
	tests := []struct {
		name string
		sam  *SAMAuth
		doc  string
		want string
	}{
		{"no security gets the default", withDefault, doc("", pets, ""), "GET /pets -> SamAuth"},
		{"security: [] gets the default", withDefault, doc("", pets, "      security: []\n"), "GET /pets -> SamAuth"},
		{"only an API key gets the default", withDefault, doc("", pets, "      security: [{api_key: []}]\n") + "    api_key: {type: apiKey, name: x-api-key, in: header}\n", "GET /pets -> SamAuth"},
		{"document-level security is not consulted", withDefault, doc("security: []\n", pets, ""), "GET /pets -> SamAuth"},
		{"NONE keeps it open", withDefault, doc("", pets, "      security: [{NONE: []}]\n"), "GET /pets -> "},
		{"an Auth.Authorizers name is kept", noDefault, doc("", pets, "      security: [{SamAuth: []}]\n"), "GET /pets -> SamAuth"},
		{"a document scheme is kept", withDefault, doc("", pets, "      security: [{TokenAuth: []}]\n"), "GET /pets -> TokenAuth"},
		{"no default: document-level security applies", noDefault, doc("security: [{SamAuth: []}]\n", pets, ""), "GET /pets -> SamAuth"},
		{"no default: NONE is no authorizer", noDefault, doc("", pets, "      security: [{NONE: []}]\n"), "GET /pets -> "},
		{"preflight gets the default", withDefault, doc("", options, ""), "OPTIONS /pets -> SamAuth"},
		{"AddDefaultAuthorizerToCorsPreflight: false", skipPreflight, doc("", options, ""), "OPTIONS /pets -> "},
	}
	for _, tt := range tests {
		d, err := Load([]byte(tt.doc), Options{File: testFile, FunctionByARN: resolveTestFunction, SAM: tt.sam})
		if err != nil {
			t.Errorf("%s: Load: %v", tt.name, err)
			continue
		}
		if got := routeKeys(d); !slices.Equal(got, []string{tt.want}) {
			t.Errorf("%s: got %q; want [%q]", tt.name, got, tt.want)
		}
	}
}

// TestBareDocumentHasNoSAMNames: outside SAM, NONE and Auth.Authorizers
// names are unknown schemes.
func TestBareDocumentHasNoSAMNames(t *testing.T) {
	t.Parallel()
	_, err := Load([]byte(lambdaGet("      security: [{NONE: []}]\n", "")), Options{File: testFile, FunctionByARN: resolveTestFunction})
	if err == nil {
		t.Fatal("Load: got no error; want NONE to name no security scheme")
	}
}

// TestPayloadV2IsHTTPAPIOnly: REST APIs send payload 1.0 whatever the
// integration says; 2.0 is an HTTP API setting and gets a warning.
func TestPayloadV2IsHTTPAPIOnly(t *testing.T) {
	t.Parallel()
	d, err := Load([]byte(getWith("{type: aws_proxy, uri: "+listPetsURI+", payloadFormatVersion: '2.0'}", "")), Options{File: testFile, FunctionByARN: resolveTestFunction})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := d.Routes[0].Integration.PayloadVersion; got != "1.0" {
		t.Errorf("payload version: got %q; want 1.0", got)
	}
	wantWarning(t, d, "payloadFormatVersion: payload format 2.0 is for HTTP APIs")
}
