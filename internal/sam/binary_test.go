package sam

import (
	"slices"
	"testing"
)

// TestBinaryMediaTypesReplaceDefinition pins SAM-1: an AWS::Serverless::Api's
// BinaryMediaTypes (its own or from Globals) replaces the definition's
// x-amazon-apigateway-binary-media-types, "~1" read as "/".
func TestBinaryMediaTypesReplaceDefinition(t *testing.T) {
	t.Parallel()
	const gifDefinition = `      DefinitionBody:
        openapi: "3.0.1"
        info: {title: t, version: "1"}
        x-amazon-apigateway-binary-media-types: [image/gif]
        paths: {}
`
	api := func(props string) string {
		return "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: dev\n" + props
	}
	tests := []struct {
		name, body string
		want       []string
	}{
		{"SAM-1 the API's list replaces the definition's", errHeader + api("      BinaryMediaTypes: [image~1png]\n"+gifDefinition), []string{"image/png"}},
		{"SAM-1 a list from Globals replaces it too", "Globals:\n  Api:\n    BinaryMediaTypes: [image~1png]\n" + errHeader + api(gifDefinition), []string{"image/png"}},
		{"SAM-1 without a list of its own the definition's stays", errHeader + api(gifDefinition), []string{"image/gif"}},
		{"SAM-1 an empty list leaves the definition's", errHeader + api("      BinaryMediaTypes: []\n"+gifDefinition), []string{"image/gif"}},
		{"SAM-1 ~1 is a slash without a definition", errHeader + api("      BinaryMediaTypes: [application~1pdf, image~1*]\n"), []string{"application/pdf", "image/*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Load(writeTemplate(t, tt.body+errFn), Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := tpl.APIs[0].BinaryMediaTypes; !slices.Equal(got, tt.want) {
				t.Errorf("binary media types: got %q; want %q", got, tt.want)
			}
		})
	}
}
