package sam

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
)

// AWS::ApiGatewayV2 resources: an Api (HTTP or WebSocket) loads as an
// API with a Gap (see httpapi.go), its routes from its Body, its quick
// create Target, or its AWS::ApiGatewayV2::Route resources. The other V2
// types (custom domains, mappings, VPC links, routing rules) serve REST
// APIs too and are ignored with a warning like their v1 equivalents (B3).
const (
	typeV2Route       = "AWS::ApiGatewayV2::Route"
	typeV2Integration = "AWS::ApiGatewayV2::Integration"
	typeV2Authorizer  = "AWS::ApiGatewayV2::Authorizer"
	integrationsRef   = "integrations/"
	// propAuthorizationType is a Route's NONE, AWS_IAM, CUSTOM or JWT.
	propAuthorizationType = "AuthorizationType"
)

// v2Declare is the first pass over an AWS::ApiGatewayV2:: resource.
func (l *loader) v2Declare(res *cfn.Resource) {
	switch res.Type {
	case cfn.TypeV2API:
	case typeV2Route:
		l.v2Routes = append(l.v2Routes, res)
	case typeV2Integration, typeV2Stage, typeV2Authorizer:
	default:
		l.group("ignored resource type "+res.Type, res.LogicalID)
	}
}

// v2API loads an AWS::ApiGatewayV2::Api.
func (l *loader) v2API(res *cfn.Resource) {
	f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
	what := v2HTTPWhat
	if strings.EqualFold(f.str(propProtocolType, ""), protocolWS) {
		what = wsAPIWhat + " (AWS::ApiGatewayV2::Api)"
	}
	if what != v2HTTPWhat {
		stage, _ := l.v2Stage(res.LogicalID)
		b := l.newGapAPI(res.LogicalID, f.loc, stage, l.gapAt(l.resourceLoc(res, "Type"), what, notYet))
		l.addGapRoute(b, &api.Route{Path: "/", Method: "GET", Source: f.loc})
		return
	}
	stage, vars := l.v2Stage(res.LogicalID)
	b := l.newHTTPAPI(res.LogicalID, f.loc, stage)
	b.a.StageVariables = vars
	if st, ok := l.v2StageOf(res.LogicalID); ok {
		b.a.AccessLog = l.accessLog(st, propAccessLogSettings)
	}
	l.v2Authorizers(b)
	if f.has(propTarget) {
		b.a.Cors = l.httpCors(f, nil, "")
		method, path := routeOfKey(f.str(propRouteKey, httpDefaultRoute))
		l.addGapRoutes(b, &api.Route{Path: path, Method: method, Source: f.at(propTarget), Integration: l.quickCreateIntegration(f)})
	} else {
		l.httpDefinition(b, f, propBody, propBodyS3Location)
	}
}

// quickCreateIntegration is the integration of a quick-create API's
// Target: an HTTP proxy to a URL, else a Lambda proxy (payload 2.0) to a
// function.
func (l *loader) quickCreateIntegration(f fields) api.Integration {
	target := f.str(propTarget, "")
	in := api.Integration{Type: api.IntegrationLambdaProxy, TimeoutMs: httpMaxTimeoutMs, PayloadVersion: api.PayloadV2}
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		in.Type, in.URI, in.HTTPMethod, in.PayloadVersion = api.IntegrationHTTPProxy, target, api.MethodAny, api.PayloadV1
		return in
	}
	if in.Function = l.functionOfURI(target); in.Function == "" {
		in.Gap = l.gapAt(f.at(propTarget), "a Lambda function outside this template", "cannot be called locally")
	}
	return in
}

// v2Stage is the stage an AWS::ApiGatewayV2::Stage gives the API (the
// first, in template order), with its StageVariables; else $default.
func (l *loader) v2Stage(apiID string) (string, map[string]string) {
	if f, ok := l.v2StageOf(apiID); ok {
		return f.str(propStageName, httpDefaultStage), f.strMap(propStageVariables)
	}
	return httpDefaultStage, nil
}

// v2StageOf is the properties of the first AWS::ApiGatewayV2::Stage of
// the API.
func (l *loader) v2StageOf(apiID string) (fields, bool) {
	for _, res := range l.tpl.Resources {
		if res.Type != typeV2Stage || !l.active(res) {
			continue
		}
		f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
		if id, ok := refTarget(f.raw(propAPIID)); ok && id == apiID {
			return f, true
		}
	}
	return fields{}, false
}

// attachV2Routes adds each AWS::ApiGatewayV2::Route to its API.
func (l *loader) attachV2Routes() {
	for _, res := range l.v2Routes {
		f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
		id, _ := refTarget(f.raw(propAPIID))
		b := l.apis[id]
		if b == nil || !b.http {
			l.group("ignored resource type "+res.Type+" (its API is not in this template)", res.LogicalID)
			continue
		}
		if !b.a.IsHTTP() {
			continue // a WebSocket API's routes are messages, not paths
		}
		method, path := routeOfKey(f.str(propRouteKey, ""))
		r := &api.Route{Path: path, Method: method, Source: f.loc}
		r.Integration = l.v2Integration(f.str(propTarget, ""), f.at(propTarget))
		if v, ok := refTarget(f.raw(propAuthorizerID)); ok {
			r.Authorizer = v
			r.Scopes = f.strings(propAuthScopes)
		}
		if strings.EqualFold(f.str(propAuthorizationType, ""), authIAM) {
			r.Authorizer = authIAM // never served without it: a gap, failing closed
			l.gapAuthorizer(b.a, authIAM, f.at(propAuthorizationType), iamAuthorization, isNotYet)
		}
		l.addGapRoutes(b, r)
	}
}

// v2Integration is the integration a route's Target ("integrations/ID")
// names, with its function when it calls one of the template's.
func (l *loader) v2Integration(target string, loc api.Location) api.Integration {
	id, ok := strings.CutPrefix(target, integrationsRef)
	res := l.tpl.Resource(id)
	if !ok || res == nil || res.Type != typeV2Integration {
		return api.Integration{Gap: l.gapAt(loc, "HTTP API routes without an integration of this template", notYet)}
	}
	return l.httpIntegration(l.fields(l.resourceLoc(res, "Properties"), res.Properties), v2IntegrationKeys)
}

// routeOfKey splits an HTTP API route key ("GET /pets", "$default") into
// its method and path; a key without a method stands for ANY.
func routeOfKey(key string) (method, path string) {
	method, path, ok := strings.Cut(key, " ")
	if !ok {
		return api.MethodAny, method
	}
	return httpMethod(method), path
}

// authKeys name an HTTP API Lambda authorizer's properties: an
// AWS::ApiGatewayV2::Authorizer spells them in PascalCase, OpenAPI's
// x-amazon-apigateway-authorizer in camelCase.
type authKeys struct {
	typ, uri, payload, simple, ttl, sources string
	jwt                                     jwtKeys
}

var (
	v2AuthKeys  = authKeys{"AuthorizerType", "AuthorizerUri", authPayloadVersion, authSimple, "AuthorizerResultTtlInSeconds", "IdentitySource", v2JWTKeys}
	oasAuthKeys = authKeys{"type", "authorizerUri", "authorizerPayloadFormatVersion", "enableSimpleResponses", "authorizerResultTtlInSeconds", "identitySource", oasJWTKeys}
)

// authorizerRequest is the type of a Lambda authorizer of an HTTP API.
const authorizerRequest = "REQUEST"

// v2Authorizers adds the AWS::ApiGatewayV2::Authorizer resources of b's
// API, by logical id (the name a Route's AuthorizerId names).
func (l *loader) v2Authorizers(b *apiBuild) {
	for _, res := range l.tpl.Resources {
		if res.Type != typeV2Authorizer || !l.active(res) {
			continue
		}
		f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
		if id, ok := refTarget(f.raw(propAPIID)); ok && id == b.a.LogicalID {
			b.a.Authorizers[res.LogicalID] = l.requestAuthorizer(res.LogicalID, f, v2AuthKeys)
		}
	}
}

// requestAuthorizer reads a REQUEST (Lambda) authorizer of an HTTP API
// whose properties k names: its function, payload version (V-1), simple
// responses, identity sources (V-5) and TTL (V-6); or a JWT authorizer
// (jwtAuthorizer).
func (l *loader) requestAuthorizer(name string, f fields, k authKeys) *api.Authorizer {
	switch typ := f.str(k.typ, ""); {
	case strings.EqualFold(typ, jwtTypeV2):
		return l.jwtAuthorizer(name, f, k.jwt)
	case !strings.EqualFold(typ, authorizerRequest):
		f.fail(k.typ, "%q: an HTTP API authorizer is REQUEST or JWT", typ)
	}
	az := &api.Authorizer{Name: name, Type: api.AuthorizerRequest, Source: f.loc, SimpleResponses: f.boolean(k.simple),
		TTLSeconds: f.integer(k.ttl, 0)}
	if az.Function = l.functionOfURI(f.str(k.uri, "")); az.Function == "" {
		az.Gap = l.missingFunction(f.at(k.uri), f.str(k.uri, ""), "authorizer", "a Lambda authorizer function outside this template", notYet)
	}
	az.PayloadVersion = l.authorizerPayload(f, k.payload)
	for _, expr := range httpSources(f, k.sources) {
		s, err := api.ParseHTTPIdentitySource(expr)
		if err != nil {
			f.fail(k.sources, "%v", err)
			continue
		}
		az.IdentitySources = append(az.IdentitySources, s)
	}
	if !f.has(k.ttl) && len(az.IdentitySources) > 0 {
		l.warnAt(f.loc, "authorizer %s: no %s, so its results are not cached (V-6: the default is not documented; the console proposes 300)", name, k.ttl)
	}
	return az
}

// httpSources reads identity sources given as a list or as one
// comma-separated string (as OpenAPI definitions write them).
func httpSources(f fields, key string) []string {
	if v := f.value(key); v != nil && v.Kind == yaml.ScalarNode {
		var out []string
		for s := range strings.SplitSeq(v.Value, ",") {
			out = append(out, strings.TrimSpace(s))
		}
		return out
	}
	return f.strings(key)
}
