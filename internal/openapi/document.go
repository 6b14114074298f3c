package openapi

import (
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
// to OpenAPI 3 (the conversion keeps every x- extension).
func (l *loader) parse(data []byte) (doc *openapi3.T, swagger bool, ok bool) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		l.fail(ErrSyntax, l.at(""), "not a YAML or JSON document: %v", err)
		return nil, false, false
	}
	var v versions
	if len(root.Content) == 1 && root.Content[0].Kind != yaml.MappingNode {
		l.fail(ErrSyntax, l.at(""), "the document must be a mapping (an object) at the top, got a YAML %s at line %d", root.Content[0].ShortTag(), root.Content[0].Line)
		return nil, false, false
	}
	if err := root.Decode(&v); err != nil {
		l.fail(ErrSyntax, l.at(""), "reading the version: %v", err)
		return nil, false, false
	}
	openAPI, swaggerVersion := versionText(v.OpenAPI), versionText(v.Swagger)
	switch {
	case strings.HasPrefix(openAPI, "3."):
		doc, ok = l.parse3(data)
		return doc, false, ok
	case swaggerVersion == "2.0" || swaggerVersion == "2":
		doc, ok = l.parse2(data)
		return doc, true, ok
	case openAPI != "":
		l.fail(ErrSyntax, l.at(fieldOpenAPI), "OpenAPI version %q: want 3.x (or swagger: \"2.0\")", openAPI)
	case swaggerVersion != "":
		l.fail(ErrSyntax, l.at(fieldSwagger), "Swagger version %q: want \"2.0\" (or openapi: 3.x)", swaggerVersion)
	default:
		l.fail(ErrSyntax, l.at(""), "neither an OpenAPI 3.x document (openapi: 3.x) nor Swagger 2.0 (swagger: \"2.0\")")
	}
	return nil, false, false
}

func versionText(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func (l *loader) parse3(data []byte) (*openapi3.T, bool) {
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		l.fail(ErrSyntax, l.at(""), "reading OpenAPI 3 document: %v", err)
		return nil, false
	}
	return doc, true
}

func (l *loader) parse2(data []byte) (*openapi3.T, bool) {
	var doc2 openapi2.T
	if err := openapi2.UnmarshalFromData(data, &doc2); err != nil {
		l.fail(ErrSyntax, l.at(""), "reading Swagger 2.0 document: %v", err)
		return nil, false
	}
	doc, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		l.fail(ErrSyntax, l.at(""), "converting Swagger 2.0 to OpenAPI 3: %v", err)
		return nil, false
	}
	return doc, true
}
