package openapi

import (
	"go.yaml.in/yaml/v3"

	"github.com/apigw/apigw/internal/cfn"
)

// extImportExportVersion is the extension AWS writes at the top of every
// HTTP API it exports; its documentation gives it to HTTP APIs only.
const extImportExportVersion = "x-amazon-apigateway-importexport-version"

// IsHTTPAPIExport reports whether root, a bare document's top-level
// mapping, is an HTTP API's: it carries x-amazon-apigateway-importexport-
// version. Nothing else decides: a payloadFormatVersion on an integration
// is read by REST APIs too (1.0 quietly, 2.0 with a warning), so a
// document without the mark stays a REST API's, as before.
func IsHTTPAPIExport(root *yaml.Node) bool {
	return cfn.Lookup(root, extImportExportVersion) != nil
}
