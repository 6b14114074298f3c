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
	fieldIntegrationTarget    = "integrationTarget"
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
	fieldResponseTransferMode, fieldIntegrationTarget,
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
// whose path has the parameters of t. What apigw cannot call yet gives
// the integration a Gap, so that only its route fails.
func (l *loader) integration(raw any, field string, t pathTemplate) api.Integration {
	o, ok := l.object(raw, field)
	if !ok {
		return api.Integration{}
	}
	typ, _ := l.str(o, fieldType)
	at := l.at(join(field, fieldType))
	switch lower := strings.ToLower(typ); lower {
	case typeAWS, typeHTTP:
		// Nothing of it is used, so its fields are not checked.
		return api.Integration{Type: api.IntegrationType(lower), Gap: l.gap(at, nonProxyWhat[lower], "%s (they map requests and responses with VTL templates): use aws_proxy, http_proxy or mock", areNotYet)}
	case "":
		l.fail(api.KindInvalid, at, "missing: want aws_proxy, http_proxy or mock")
		return api.Integration{}
	}
	l.checkFields(o, integrationFields...)
	gap := l.connection(o)
	var in api.Integration
	switch api.IntegrationType(strings.ToLower(typ)) {
	case api.IntegrationLambdaProxy:
		in = l.lambdaProxy(o, gap)
	case api.IntegrationHTTPProxy:
		in = l.httpProxy(o, t)
	case api.IntegrationMock:
		in = l.mock(o)
	default:
		l.fail(api.KindInvalid, at, "unknown integration type %q: want aws_proxy, http_proxy or mock", typ)
		return api.Integration{}
	}
	if gap.Missing() {
		in.Gap = gap
	}
	return in
}

// nonProxyWhat names the integration types that need VTL mapping templates.
var nonProxyWhat = map[string]string{
	typeAWS:  "AWS service and non-proxy Lambda integrations (type: aws)",
	typeHTTP: "non-proxy HTTP integrations (type: http)",
}

// streamingWhat names REST response streaming in a SAM user's words.
const streamingWhat = "REST response streaming (responseTransferMode: STREAM)"

// connection checks the fields about how the backend is reached, and
// returns the Gap of the first that apigw cannot do yet.
func (l *loader) connection(o object) api.Gap {
	var gap api.Gap
	if ct, ok := l.str(o, fieldConnectionType); ok {
		at := l.at(join(o.field, fieldConnectionType))
		switch strings.ToUpper(ct) {
		case connectionInternet:
		case connectionVPCLink:
			firstGap(&gap, l.gap(at, "VPC link integrations (connectionType: VPC_LINK)", areNotYet))
		default:
			l.fail(api.KindInvalid, at, "%q: want %s or %s", ct, connectionInternet, connectionVPCLink)
		}
	}
	if _, ok := o.m[fieldIntegrationSubtype]; ok {
		firstGap(&gap, l.gap(l.at(join(o.field, fieldIntegrationSubtype)), "integration subtypes (integrationSubtype, an HTTP API feature)", areNotYet))
	}
	if _, ok := o.m[fieldTLSConfig]; ok {
		l.warn(l.at(join(o.field, fieldTLSConfig)), "tlsConfig is recognised and ignored: backend certificates are verified")
	}
	if _, ok := o.m[fieldContentHandling]; ok {
		l.warn(l.at(join(o.field, fieldContentHandling)), "contentHandling is recognised and ignored: bodies are not converted")
	}
	firstGap(&gap, l.transferMode(o))
	return gap
}

// transferMode checks responseTransferMode: BUFFERED is what apigw does.
func (l *loader) transferMode(o object) api.Gap {
	mode, ok := l.str(o, fieldResponseTransferMode)
	at := l.at(join(o.field, fieldResponseTransferMode))
	switch {
	case !ok || mode == transferBuffered:
	case mode == transferStream:
		return l.gap(at, streamingWhat, notYet)
	default:
		l.fail(api.KindInvalid, at, "%q: want %s or %s", mode, transferBuffered, transferStream)
	}
	return api.Gap{}
}

func (l *loader) timeout(o object) int {
	return l.integer(o, fieldTimeout, api.DefaultIntegrationTimeoutMs, api.MinIntegrationTimeoutMs, api.DefaultIntegrationTimeoutMs)
}

// lambdaProxy reads an aws_proxy integration; gap is what connection
// found missing already.
func (l *loader) lambdaProxy(o object, gap api.Gap) api.Integration {
	in := api.Integration{Type: api.IntegrationLambdaProxy, PayloadVersion: api.PayloadV1, TimeoutMs: l.timeout(o), Gap: gap}
	if m, ok := l.str(o, fieldHTTPMethod); ok && !strings.EqualFold(m, "POST") {
		// AWS deploys it; the route fails when called (more-bugs B-GETINT).
		firstGap(&in.Gap, l.gap(l.at(join(o.field, fieldHTTPMethod)), "a Lambda integration called with httpMethod "+strings.ToUpper(m),
			"fails on AWS too: API Gateway invokes Lambda functions with POST, so this route answers 500 when called"))
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
	firstGap(&in.Gap, l.noParameterMappings(o))
	uri, ok := l.str(o, fieldURI)
	if !ok {
		l.requireField(o, fieldURI, "the function's invocation ARN")
		return in
	}
	fn := l.function(uri, join(o.field, fieldURI), "integration")
	in.Function = fn.id
	firstGap(&in.Gap, fn.gap)
	if fn.streaming && !in.Gap.Missing() {
		in.Gap = l.gap(l.at(join(o.field, fieldURI)), streamingWhat, "%s (a response-streaming invocation URI)", notYet)
	}
	return in
}

// requireField reports a missing field (a wrong type is reported by str).
func (l *loader) requireField(o object, key, what string) {
	if _, present := o.m[key]; !present {
		l.fail(api.KindInvalid, l.at(join(o.field, key)), "missing: want %s", what)
	}
}

// noParameterMappings notes every requestParameters mapping of an
// integration that takes none and returns the Gap.
func (l *loader) noParameterMappings(o object) api.Gap {
	_, gap := l.pathMappings(o, nil)
	return gap
}

// pathMappings reads requestParameters: integration.request.path.X taken
// from method.request.path.Y, Y a parameter of the route (params), makes
// the URI's {X} the value of Y; renames maps X to Y. Any other mapping is
// noted and returned as the Gap.
func (l *loader) pathMappings(o object, params []string) (renames map[string]string, gap api.Gap) {
	mappings := l.stringMap(o, fieldRequestParameters)
	renames = map[string]string{}
	for _, key := range sortedKeys(mappings) {
		name, ok := strings.CutPrefix(key, "integration.request.path.")
		from, isPath := strings.CutPrefix(mappings[key], api.Source{Kind: api.SourcePath}.String())
		if ok && isPath && slices.Contains(params, from) {
			renames[name] = from
			continue
		}
		firstGap(&gap, l.gap(l.at(join(o.field, fieldRequestParameters, key)), "request parameter mappings (requestParameters)",
			"%s (only integration.request.path.NAME: method.request.path.PARAM)", areNotYet))
	}
	return renames, gap
}

// renamePlaceholders rewrites each {X} of uri with renames[X] to that
// name, all at once.
func renamePlaceholders(uri string, renames map[string]string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(uri, '{')
		end := strings.IndexByte(uri[max(open, 0):], '}')
		if open < 0 || end < 0 {
			return b.String() + uri
		}
		name := uri[open+1 : open+end]
		if to, ok := renames[name]; ok {
			name = to
		}
		b.WriteString(uri[:open] + "{" + name + "}")
		uri = uri[open+end+1:]
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
	renames, gap := l.pathMappings(o, t.params)
	in.Gap = gap
	uri, ok := l.str(o, fieldURI)
	if !ok {
		l.requireField(o, fieldURI, "the backend URL")
		return in
	}
	uri = renamePlaceholders(uri, renames)
	in.URI = uri
	field := join(o.field, fieldURI)
	if g := l.deploymentGap(field, "a backend URL"); g.Missing() {
		firstGap(&in.Gap, g)
		return in
	}
	firstGap(&in.Gap, l.backendURI(uri, field, t))
	return in
}
