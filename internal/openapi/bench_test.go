package openapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// generatedDocument is an OpenAPI 3 document with n paths, each a GET on a
// Lambda proxy behind a TOKEN authorizer, as a DefinitionBody would be.
func generatedDocument(n int) []byte {
	var b strings.Builder
	b.WriteString(testHeader + "security: [{TokenAuth: []}]\npaths:\n")
	for i := range n {
		fmt.Fprintf(&b, "  /resource%d/{id}:\n    get:\n      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n        uri: %s\n", i, listPetsURI)
	}
	b.WriteString(tokenScheme(""))
	return []byte(b.String())
}

// BenchmarkLoad200Paths measures loading a 200-path document, as YAML and
// as JSON (issue 3 asks that a 200-route template load in under 50 ms).
func BenchmarkLoad200Paths(b *testing.B) {
	doc := generatedDocument(200)
	var tree any
	if err := yaml.Unmarshal(doc, &tree); err != nil {
		b.Fatal(err)
	}
	asJSON, err := json.Marshal(tree)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("yaml", func(b *testing.B) { benchmarkLoad(b, doc) })
	b.Run("json", func(b *testing.B) { benchmarkLoad(b, asJSON) })
}

func benchmarkLoad(b *testing.B, doc []byte) {
	opts := Options{File: testFile, FunctionByARN: resolveTestFunction}
	if d, err := Load(doc, opts); err != nil || len(d.Routes) != 200 {
		b.Fatalf("Load: got %v; want 200 routes", err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(doc, opts); err != nil {
			b.Fatal(err)
		}
	}
}
