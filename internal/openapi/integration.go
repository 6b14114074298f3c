package openapi

import (
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// Fields of x-amazon-apigateway-integration.
const (
	fieldType                 = "type"
	fieldURI                  = "uri"
	fieldHTTPMethod           = "httpMethod"
	fieldTimeout              = "timeoutInMillis"
	fieldPayloadFormatVersion = "payloadFormatVersion"
	fieldPassthroughBehavior  = "passthroughBehavior"
	fieldContentHandling      = "contentHandling"
	fieldRequestParameters    = "requestParameters"
	fieldRequestTemplates     = "requestTemplates"
	fieldResponses            = "responses"
	fieldCacheKeyParameters   = "cacheKeyParameters"
	fieldCacheNamespace       = "cacheNamespace"
	fieldCredentials          = "credentials"
	fieldConnectionType       = "connectionType"
	fieldConnectionID         = "connectionId"
	fieldTLSConfig            = "tlsConfig"
	fieldIntegrationSubtype   = "integrationSubtype"
	fieldResponseTransferMode = "responseTransferMode"
)

// integrationFields are every field API Gateway documents for the
// extension; any other is an error. passthroughBehavior, cacheKeyParameters,
// cacheNamespace and credentials change nothing apigw serves for proxy and
// mock integrations (no stage cache, no IAM), so they are accepted quietly.
var integrationFields = []string{
	fieldType, fieldURI, fieldHTTPMethod, fieldTimeout, fieldPayloadFormatVersion,
	fieldPassthroughBehavior, fieldContentHandling, fieldRequestParameters, fieldRequestTemplates,
	fieldResponses, fieldCacheKeyParameters, fieldCacheNamespace, fieldCredentials,
	fieldConnectionType, fieldConnectionID, fieldTLSConfig, fieldIntegrationSubtype,
	fieldResponseTransferMode,
}

// Integration types that need VTL mapping templates.
const (
	typeAWS  = "aws"
	typeHTTP = "http"
)

// Response transfer modes (responseTransferMode).
const (
	transferBuffered = "BUFFERED"
	transferStream   = "STREAM"
)

// Connection types.
const (
	connectionInternet = "INTERNET"
	connectionVPCLink  = "VPC_LINK"
)

// integration reads x-amazon-apigateway-integration at field for a route
// whose path has the parameters of t.
func (l *loader) integration(raw any, field string, t pathTemplate) api.Integration {
	o, ok := l.object(raw, field)
	if !ok {
		return api.Integration{}
	}
	l.checkFields(o, integrationFields...)
	l.connection(o)
	typ, _ := l.str(o, fieldType)
	switch api.IntegrationType(strings.ToLower(typ)) {
	case api.IntegrationLambdaProxy:
		return l.lambdaProxy(o)
	case api.IntegrationHTTPProxy:
		return l.httpProxy(o, t)
	case api.IntegrationMock:
		return l.mock(o)
	}
	at := l.at(join(field, fieldType))
	switch strings.ToLower(typ) {
	case typeAWS, typeHTTP:
		l.fail(api.KindUnsupported, at, "%s integrations (non-proxy, mapped with VTL templates) are not supported yet: use aws_proxy, http_proxy or mock", typ)
	case "":
		l.fail(api.KindInvalid, at, "missing: want aws_proxy, http_proxy or mock")
	default:
		l.fail(api.KindInvalid, at, "unknown integration type %q: want aws_proxy, http_proxy or mock", typ)
	}
	return api.Integration{}
}

// connection checks the fields about how the backend is reached.
func (l *loader) connection(o object) {
	if ct, ok := l.str(o, fieldConnectionType); ok {
		switch strings.ToUpper(ct) {
		case connectionInternet:
		case connectionVPCLink:
			l.fail(api.KindUnsupported, l.at(join(o.field, fieldConnectionType)), "VPC link integrations are not supported yet")
		default:
			l.fail(api.KindInvalid, l.at(join(o.field, fieldConnectionType)), "%q: want %s or %s", ct, connectionInternet, connectionVPCLink)
		}
	}
	if _, ok := o.m[fieldIntegrationSubtype]; ok {
		l.fail(api.KindUnsupported, l.at(join(o.field, fieldIntegrationSubtype)), "integration subtypes belong to HTTP APIs, which are not supported yet")
	}
	if _, ok := o.m[fieldTLSConfig]; ok {
		l.warn(l.at(join(o.field, fieldTLSConfig)), "tlsConfig is recognised and ignored: backend certificates are verified")
	}
	if _, ok := o.m[fieldContentHandling]; ok {
		l.warn(l.at(join(o.field, fieldContentHandling)), "contentHandling is recognised and ignored: bodies are not converted")
	}
	l.transferMode(o)
}

// transferMode checks responseTransferMode: BUFFERED is what apigw does.
func (l *loader) transferMode(o object) {
	mode, ok := l.str(o, fieldResponseTransferMode)
	at := l.at(join(o.field, fieldResponseTransferMode))
	switch {
	case !ok || mode == transferBuffered:
	case mode == transferStream:
		l.fail(api.KindUnsupported, at, "response streaming is not supported yet")
	default:
		l.fail(api.KindInvalid, at, "%q: want %s or %s", mode, transferBuffered, transferStream)
	}
}

func (l *loader) timeout(o object) int {
	return l.integer(o, fieldTimeout, api.DefaultIntegrationTimeoutMs, api.MinIntegrationTimeoutMs, api.DefaultIntegrationTimeoutMs)
}

// lambdaProxy reads an aws_proxy integration.
func (l *loader) lambdaProxy(o object) api.Integration {
	in := api.Integration{Type: api.IntegrationLambdaProxy, PayloadVersion: api.PayloadV1, TimeoutMs: l.timeout(o)}
	if m, ok := l.str(o, fieldHTTPMethod); ok && !strings.EqualFold(m, "POST") {
		l.fail(api.KindInvalid, l.at(join(o.field, fieldHTTPMethod)), "%q: API Gateway invokes Lambda functions with POST", m)
	}
	if v, ok := l.str(o, fieldPayloadFormatVersion); ok {
		at := l.at(join(o.field, fieldPayloadFormatVersion))
		switch v {
		case api.PayloadV1:
		case api.PayloadV2: // a REST API has no such setting: it always sends 1.0
			l.warn(at, "payload format %s is for HTTP APIs; a REST API sends its Lambda proxy integrations payload %s", v, api.PayloadV1)
		default:
			l.fail(api.KindInvalid, at, "%q: want %s or %s", v, api.PayloadV1, api.PayloadV2)
		}
	}
	l.noParameterMappings(o, nil)
	uri, ok := l.str(o, fieldURI)
	if !ok {
		l.requireField(o, fieldURI, "the function's invocation ARN")
		return in
	}
	in.Function, _ = l.function(uri, join(o.field, fieldURI), "integration")
	return in
}

// requireField reports a missing field (a wrong type is reported by str).
func (l *loader) requireField(o object, key, what string) {
	if _, present := o.m[key]; !present {
		l.fail(api.KindInvalid, l.at(join(o.field, key)), "missing: want %s", what)
	}
}

// noParameterMappings reports requestParameters other than the path
// mappings integration.request.path.X = method.request.path.X with X in
// params, which is what apigw does anyway.
func (l *loader) noParameterMappings(o object, params []string) {
	mappings := l.stringMap(o, fieldRequestParameters)
	for _, key := range sortedKeys(mappings) {
		name, ok := strings.CutPrefix(key, "integration.request.path.")
		if ok && slices.Contains(params, name) && mappings[key] == (api.Source{Kind: api.SourcePath, Name: name}).String() {
			continue
		}
		l.fail(api.KindUnsupported, l.at(join(o.field, fieldRequestParameters, key)), "request parameter mappings are not supported yet (only integration.request.path.NAME: method.request.path.NAME)")
	}
}

// httpProxy reads an http_proxy integration.
func (l *loader) httpProxy(o object, t pathTemplate) api.Integration {
	in := api.Integration{Type: api.IntegrationHTTPProxy, TimeoutMs: l.timeout(o)}
	if m, ok := l.str(o, fieldHTTPMethod); ok {
		in.HTTPMethod = strings.ToUpper(m)
		if in.HTTPMethod != api.MethodAny && !slices.Contains(api.AnyMethods, in.HTTPMethod) {
			l.fail(api.KindInvalid, l.at(join(o.field, fieldHTTPMethod)), "%q: want ANY or one of %v", m, api.AnyMethods)
		}
	} else {
		l.requireField(o, fieldHTTPMethod, "the verb sent to the backend, or ANY to keep the request's")
	}
	l.noParameterMappings(o, t.params)
	if uri, ok := l.str(o, fieldURI); ok {
		in.URI = uri
		l.backendURI(uri, join(o.field, fieldURI), t)
	} else {
		l.requireField(o, fieldURI, "the backend URL")
	}
	return in
}
