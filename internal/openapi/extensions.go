package openapi

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// API Gateway's OpenAPI extensions that change what is served.
const (
	extPrefix           = "x-amazon-apigateway-"
	extAnyMethod        = "x-amazon-apigateway-any-method"
	extIntegration      = "x-amazon-apigateway-integration"
	extAuth             = "x-amazon-apigateway-auth"
	extAuthType         = "x-amazon-apigateway-authtype"
	extAuthorizer       = "x-amazon-apigateway-authorizer"
	extGatewayResponses = "x-amazon-apigateway-gateway-responses"
	extBinaryMediaTypes = "x-amazon-apigateway-binary-media-types"
	extPolicy           = "x-amazon-apigateway-policy"
)

// ignoredExtensions are recognised extensions that apigw serves without;
// each use is one warning line saying what is not done. An extension that
// can refuse a request (x-amazon-apigateway-policy) is never one of them.
var ignoredExtensions = map[string]string{
	"x-amazon-apigateway-request-validators":           "request validators are recognised and ignored: requests are not validated",
	"x-amazon-apigateway-request-validator":            "request validation is recognised and ignored: requests are not validated",
	"x-amazon-apigateway-api-key-source":               "the API key source is recognised and ignored: API keys are not checked",
	"x-amazon-apigateway-minimum-compression-size":     "compression is recognised and ignored: responses are not compressed",
	"x-amazon-apigateway-documentation":                "documentation parts are recognised and ignored",
	"x-amazon-apigateway-cors":                         "HTTP API CORS configuration is recognised and ignored: CORS headers are not added",
	"x-amazon-apigateway-endpoint-configuration":       "the endpoint configuration is recognised and ignored",
	extImportExportVersion:                             "the import/export version is recognised and ignored",
	"x-amazon-apigateway-tag-value":                    "tags are recognised and ignored",
	"x-amazon-apigateway-disable-execute-api-endpoint": "disabling the execute-api endpoint is recognised and ignored",
}

// scanExtensions warns about each x-amazon-apigateway-* key of ext (at
// field) that is not in handled: with what is not done for a recognised
// one, as unknown otherwise.
func (l *loader) scanExtensions(ext map[string]any, field string, handled ...string) {
	for _, name := range sortedKeys(ext) {
		if !strings.HasPrefix(name, extPrefix) || slices.Contains(handled, name) {
			continue
		}
		if why, ok := ignoredExtensions[name]; ok {
			l.warn(l.at(join(field, name)), "%s", why)
			continue
		}
		l.warn(l.at(join(field, name)), "unknown API Gateway extension; ignored")
	}
}

// resourcePolicy reads x-amazon-apigateway-policy: the API's resource
// policy, an object (or its JSON text). The gateway compiles it.
func (l *loader) resourcePolicy(v any, field string) {
	doc, err := policyJSON(v)
	if err != nil {
		l.fail(api.KindInvalid, l.at(field), "want a policy document (an object): %v", err)
		return
	}
	l.def.ResourcePolicy = &api.ResourcePolicy{Document: doc, Source: l.at(field)}
}

// policyJSON returns a policy document value as JSON; a string is taken as
// the document's JSON text.
func policyJSON(v any) ([]byte, error) {
	if s, ok := v.(string); ok {
		var doc any
		return []byte(s), json.Unmarshal([]byte(s), &doc)
	}
	return json.Marshal(v)
}
