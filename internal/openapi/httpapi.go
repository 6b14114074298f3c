package openapi

import (
	"go.yaml.in/yaml/v3"

	"github.com/apigw/apigw/internal/cfn"
)

// HTTP APIs' marks in an OpenAPI document: AWS writes the import/export
// version at the top of every HTTP API it exports (REST exports never
// carry it), and only an HTTP API's integrations have a payload format.
const (
	extImportExportVersion = "x-amazon-apigateway-importexport-version"
	fieldPayloadFormat     = "payloadFormatVersion"
)

// HTTPAPIMark reports what marks root, a bare document's top-level
// mapping, as an HTTP API's definition: the field that says so (its path
// inside the document), or "" when the document reads as a REST API's.
func HTTPAPIMark(root *yaml.Node) string {
	if cfn.Lookup(root, extImportExportVersion) != nil {
		return extImportExportVersion
	}
	paths := cfn.Lookup(root, "paths")
	for _, p := range cfn.Keys(paths) {
		item := cfn.Lookup(paths, p)
		for _, m := range cfn.Keys(item) {
			if cfn.Lookup(cfn.Lookup(cfn.Lookup(item, m), extIntegration), fieldPayloadFormat) != nil {
				return "paths." + p + "." + m + "." + extIntegration + "." + fieldPayloadFormat
			}
		}
	}
	return ""
}
