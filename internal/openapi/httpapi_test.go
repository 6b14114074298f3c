package openapi

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestHTTPAPIMark: what makes a bare document an HTTP API's, and what
// leaves it a REST API's.
func TestHTTPAPIMark(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, doc, want string }{
		{name: "an HTTP API export", doc: "openapi: 3.0.1\nx-amazon-apigateway-importexport-version: '1.0'\npaths: {}\n",
			want: "x-amazon-apigateway-importexport-version"},
		{name: "a payload format on an integration",
			doc:  "openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: aws_proxy, payloadFormatVersion: '2.0'}\n",
			want: "paths./a.get.x-amazon-apigateway-integration.payloadFormatVersion"},
		{name: "a REST API", doc: "openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST}\n"},
		{name: "odd shapes", doc: "openapi: 3.0.1\npaths: [1]\n"},
		{name: "paths of scalars", doc: "openapi: 3.0.1\npaths: {/a: 1}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tt.doc), &doc); err != nil {
				t.Fatal(err)
			}
			if got := HTTPAPIMark(doc.Content[0]); got != tt.want {
				t.Fatalf("HTTPAPIMark = %q; want %q", got, tt.want)
			}
		})
	}
	if got := HTTPAPIMark(nil); got != "" {
		t.Fatalf("HTTPAPIMark(nil) = %q; want none", got)
	}
}
