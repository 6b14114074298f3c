package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

// Top-level fields naming the document's version.
const (
	fieldOpenAPI = "openapi"
	fieldSwagger = "swagger"
)

// versions are the version fields of a document, as written.
type versions struct {
	OpenAPI any `yaml:"openapi"`
	Swagger any `yaml:"swagger"`
}

// parse reads data as an OpenAPI 3.x document, or as Swagger 2.0 converted
// to OpenAPI 3 (the conversion keeps every x- extension). The common case,
// a well-formed OpenAPI 3 document, is parsed once; anything else is
// parsed again to say what it is or where its syntax breaks.
func (l *loader) parse(data []byte) (doc *openapi3.T, swagger bool, ok bool) {
	doc, err3 := load3(data)
	if err3 == nil && strings.HasPrefix(doc.OpenAPI, "3.") {
		return doc, false, true
	}
	if fixed, changed := l.normalize(data); changed {
		data = fixed
		if doc, err3 = load3(data); err3 == nil && strings.HasPrefix(doc.OpenAPI, "3.") {
			return doc, false, true
		}
	}
	v, ok := l.versions(data)
	if !ok {
		return nil, false, false
	}
	openAPI, swaggerVersion := versionText(v.OpenAPI), versionText(v.Swagger)
	switch {
	case isNumber(v.OpenAPI):
		l.syntax(l.at(fieldOpenAPI), "%s is a number: quote the version (openapi: \"3.0.1\")", openAPI)
	case isNumber(v.Swagger):
		l.syntax(l.at(fieldSwagger), "%s is a number: quote the version (swagger: \"2.0\")", swaggerVersion)
	case strings.HasPrefix(openAPI, "3."):
		l.syntax(l.at(""), "reading OpenAPI 3 document: %v", err3)
	case swaggerVersion == "2.0":
		doc, ok = l.parse2(data)
		return doc, true, ok
	case openAPI != "":
		l.syntax(l.at(fieldOpenAPI), "OpenAPI version %q: want 3.x (or swagger: \"2.0\")", openAPI)
	case swaggerVersion != "":
		l.syntax(l.at(fieldSwagger), "Swagger version %q: want \"2.0\" (or openapi: 3.x)", swaggerVersion)
	default:
		l.syntax(l.at(""), "neither an OpenAPI 3.x document (openapi: 3.x) nor Swagger 2.0 (swagger: \"2.0\")")
	}
	return nil, false, false
}

// versions reads the version fields, reporting YAML syntax errors with
// their line.
func (l *loader) versions(data []byte) (versions, bool) {
	var root yaml.Node
	var v versions
	if err := yaml.Unmarshal(data, &root); err != nil {
		l.syntax(l.at(""), "not a YAML or JSON document: %v", err)
		return v, false
	}
	if len(root.Content) == 1 && root.Content[0].Kind != yaml.MappingNode {
		l.syntax(l.at(""), "the document must be a mapping (an object) at the top, got a YAML %s at line %d", root.Content[0].ShortTag(), root.Content[0].Line)
		return v, false
	}
	if err := root.Decode(&v); err != nil {
		l.syntax(l.at(""), "reading the version: %v", err)
		return v, false
	}
	return v, true
}

// load3 reads an OpenAPI 3 document. JSON (what a caller re-encoding a
// template produces) goes straight to encoding/json: kin-openapi reads
// everything as YAML first, which costs several times more on long
// single-line JSON.
func load3(data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	if !looksLikeJSON(data) {
		return loader.LoadFromData(data)
	}
	doc := &openapi3.T{}
	if err := json.Unmarshal(data, doc); err != nil {
		return loader.LoadFromData(data) // JSON-looking YAML, or a syntax error to report
	}
	if err := loader.ResolveRefsIn(doc, nil); err != nil {
		return nil, err
	}
	return doc, nil
}

func looksLikeJSON(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return len(trimmed) > 0 && trimmed[0] == '{'
}

func isNumber(v any) bool {
	switch v.(type) {
	case int, float64:
		return true
	}
	return false
}

func versionText(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func (l *loader) parse2(data []byte) (*openapi3.T, bool) {
	var doc2 openapi2.T
	if err := openapi2.UnmarshalFromData(data, &doc2); err != nil {
		l.syntax(l.at(""), "reading Swagger 2.0 document: %v", err)
		return nil, false
	}
	doc, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		l.syntax(l.at(""), "converting Swagger 2.0 to OpenAPI 3: %v", err)
		return nil, false
	}
	return doc, true
}
