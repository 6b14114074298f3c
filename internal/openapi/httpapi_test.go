package openapi

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestIsHTTPAPIExport: the import/export version AWS writes on an HTTP
// API's export makes a bare document an HTTP API's; a payload format on
// an integration, which REST APIs read too, does not.
func TestIsHTTPAPIExport(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      bool
	}{
		{"an HTTP API export", "openapi: 3.0.1\nx-amazon-apigateway-importexport-version: '1.0'\npaths: {}\n", true},
		{"a payload format alone stays REST",
			"openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: aws_proxy, payloadFormatVersion: '2.0'}\n", false},
		{"a REST API", "openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST}\n", false},
		{"the mark nested, not at the top", "openapi: 3.0.1\ninfo: {x-amazon-apigateway-importexport-version: '1.0'}\n", false},
		{"not a mapping", "- x-amazon-apigateway-importexport-version\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tt.doc), &doc); err != nil {
				t.Fatal(err)
			}
			if got := IsHTTPAPIExport(doc.Content[0]); got != tt.want {
				t.Fatalf("IsHTTPAPIExport = %v; want %v", got, tt.want)
			}
		})
	}
}
