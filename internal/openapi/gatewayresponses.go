package openapi

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// Fields of a gateway response in x-amazon-apigateway-gateway-responses.
const (
	fieldStatusCode         = "statusCode"
	fieldResponseParameters = "responseParameters"
	fieldResponseTemplates  = "responseTemplates"
)

// gatewayHeaderPrefix starts a gateway response header mapping (G-4).
const gatewayHeaderPrefix = api.ResponseHeaderPrefix

// rootExtensions reads the document-level extensions.
func (l *loader) rootExtensions(ext map[string]any) {
	l.scanExtensions(ext, "", extBinaryMediaTypes, extGatewayResponses, extPolicy)
	if v, ok := ext[extPolicy]; ok {
		l.resourcePolicy(v, extPolicy)
	}
	if v, ok := ext[extBinaryMediaTypes]; ok {
		l.def.BinaryMediaTypes = l.mediaTypes(v, extBinaryMediaTypes)
	}
	if v, ok := ext[extGatewayResponses]; ok {
		l.gatewayResponses(v, extGatewayResponses)
	}
}

// mediaTypes reads x-amazon-apigateway-binary-media-types: type/subtype
// strings, wildcards allowed ("image/*", "*/*").
func (l *loader) mediaTypes(v any, field string) []string {
	list := l.stringList(v, field)
	for _, t := range list {
		if !strings.Contains(t, "/") {
			l.fail(api.KindInvalid, l.at(field), "binary media type %q: want type/subtype, such as image/png or */*", t)
		}
	}
	return list
}

func (l *loader) gatewayResponses(v any, field string) {
	o, ok := l.object(v, field)
	if !ok {
		return
	}
	for _, name := range sortedKeys(o.m) {
		rt := api.ResponseType(name)
		if !api.KnownResponseType(rt) {
			l.fail(api.KindInvalid, l.at(join(field, name)), "unknown gateway response type (G-1)")
			continue
		}
		if gr, ok := l.gatewayResponse(o.m[name], join(field, name)); ok {
			l.def.GatewayResponses[rt] = gr
		}
	}
}

func (l *loader) gatewayResponse(v any, field string) (*api.GatewayResponse, bool) {
	o, ok := l.object(v, field)
	if !ok {
		return nil, false
	}
	l.checkFields(o, fieldStatusCode, fieldResponseParameters, fieldResponseTemplates)
	gr := &api.GatewayResponse{
		StatusCode: l.statusCode(o, fieldStatusCode, 0),
		Headers:    map[string]string{},
		Templates:  l.stringMap(o, fieldResponseTemplates),
		Source:     l.at(field),
	}
	if gr.Templates == nil {
		gr.Templates = map[string]string{}
	}
	params := l.stringMap(o, fieldResponseParameters)
	for _, key := range sortedKeys(params) {
		at := l.at(join(field, fieldResponseParameters, key))
		name, ok := strings.CutPrefix(key, gatewayHeaderPrefix)
		if !ok || name == "" {
			l.fail(api.KindInvalid, at, "want %sNAME: gateway responses map headers only (G-4)", gatewayHeaderPrefix)
			continue
		}
		if _, err := api.ParseHeaderSource(params[key]); err != nil {
			l.fail(api.KindInvalid, at, "%v (G-4)", err)
			continue
		}
		gr.Headers[name] = params[key]
	}
	return gr, true
}
