package sam

import (
	"errors"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/cfn"
	"github.com/apigw/apigw/internal/mapping"
	"github.com/apigw/apigw/internal/openapi"
	"go.yaml.in/yaml/v3"
)

// HTTP APIs load as api.APIs of KindHTTP: their routes keyed as
// configured (V-11), the $default route as one route matched last, Lambda
// proxy integrations with their payload version (2.0 unless set). What
// apigw cannot run there yet (their authorizers, other integration types)
// is a Gap on the part that needs it, so those routes fail closed.
// WebSocket APIs load as an api.API with a Gap: routed, failing closed.
// Nothing in them refuses the template: what cannot be routed is left out
// with a warning, never a load error.

// What HTTP and WebSocket APIs are, in a SAM user's words.
const (
	v2HTTPWhat = "HTTP APIs (AWS::ApiGatewayV2::Api)"
	wsAPIWhat  = "WebSocket APIs"
	notYet     = "are not supported yet"
	isNotYet   = "is not supported yet"
)

// HTTP API route keys and markers.
const (
	httpDefaultRoute = "$default"
	anyMethodKey     = "x-amazon-apigateway-any-method"
	protocolWS       = "WEBSOCKET"
)

// HTTP API property names.
const (
	propStageVariables = "StageVariables"
	propRoutes         = "Routes"
	propProtocolType   = "ProtocolType"
	propTarget         = "Target"
	propRouteKey       = "RouteKey"
	propAPIID          = "ApiId"
	propAuthorizerID   = "AuthorizerId"
	propIntegrationURI = "IntegrationUri"
)

// newGapAPI starts a WebSocket API: routed, failing closed.
func (l *loader) newGapAPI(id string, loc api.Location, stage string, gap api.Gap) *apiBuild {
	b := l.newAPI(id, loc)
	b.http, b.serverless = true, true
	b.a.Stage, b.a.Gap = stage, gap
	return b
}

// newHTTPAPI starts an HTTP API.
func (l *loader) newHTTPAPI(id string, loc api.Location, stage string) *apiBuild {
	b := l.newAPI(id, loc)
	b.http, b.serverless = true, true
	b.a.Stage, b.a.Kind = stage, api.KindHTTP
	return b
}

// What apigw cannot run yet of HTTP API authorizers, in a SAM user's words.
const (
	httpV2AuthWhat = "HTTP API authorizers declared outside Auth.Authorizers (AWS::ApiGatewayV2::Authorizer, OpenAPI securitySchemes)"
)

// HTTP API Lambda authorizer properties (SAM LambdaAuthorizer).
const (
	authPayloadVersion = "AuthorizerPayloadFormatVersion"
	authSimple         = "EnableSimpleResponses"
)

// httpLambdaAuthorizer reads one of an HttpApi's Auth.Authorizers: a
// Lambda authorizer (it has FunctionArn) with its payload version (V-1),
// simple responses, identity sources (V-5) and cache TTL (V-6); or a JWT
// authorizer (JwtConfiguration).
func (l *loader) httpLambdaAuthorizer(name string, f fields, loc api.Location) *api.Authorizer {
	if !f.has(authFunctionArn) {
		if !f.has(propJWTConfig) {
			f.fail(authFunctionArn, "an HTTP API authorizer needs FunctionArn (Lambda) or JwtConfiguration (JWT)")
		}
		return l.jwtAuthorizer(name, f, samJWTKeys)
	}
	az := &api.Authorizer{Name: name, Type: api.AuthorizerRequest, Source: loc, SimpleResponses: f.boolean(authSimple)}
	az.Function, az.Gap = l.authorizerFunction(f)
	az.PayloadVersion = l.authorizerPayload(f, authPayloadVersion)
	id := f.sub(authIdentity)
	az.IdentitySources = l.requestSources(id)
	az.TTLSeconds = id.integer(identityReauthorize, 0)
	if !id.has(identityReauthorize) && len(az.IdentitySources) > 0 {
		l.warnAt(loc, "authorizer %s: no Identity.ReauthorizeEvery, so its results are not cached (V-6: the default is not documented; the console proposes 300)", name)
	}
	return az
}

// authorizerPayload is a Lambda authorizer's payload format version, the
// property key: required, 1.0 or 2.0 (V-1).
func (l *loader) authorizerPayload(f fields, key string) string {
	v := f.str(key, "")
	if v != api.PayloadV1 && v != api.PayloadV2 {
		f.fail(key, "%q: a Lambda authorizer of an HTTP API needs 1.0 or 2.0 (V-1)", v)
		return api.PayloadV2
	}
	return v
}

// httpAuthorizer is an HTTP API authorizer apigw cannot run yet (what).
func (l *loader) httpAuthorizer(name string, loc api.Location, what string) *api.Authorizer {
	return &api.Authorizer{Name: name, Source: loc, Gap: l.gapAt(loc, what, notYet)}
}

// httpAPI loads an AWS::Serverless::HttpApi (nil res: SAM's implicit one).
func (l *loader) httpAPI(id string, props *yaml.Node, loc api.Location, typeLoc api.Location) *apiBuild {
	f := l.fields(loc, merge(l.globals.httpAPI, props))
	stage := httpDefaultStage
	if f.has(propStageName) {
		stage = f.str(propStageName, httpDefaultStage)
	}
	b := l.newHTTPAPI(id, loc, stage)
	b.a.StageVariables = f.strMap(propStageVariables)
	b.a.AccessLog = l.accessLog(f, propAccessLogSettings)
	l.routeSettings(f, id)
	auth := f.sub(propAuth)
	as := auth.sub(authAuthorizers)
	for _, name := range as.keys() {
		b.a.Authorizers[name] = l.httpLambdaAuthorizer(name, as.sub(name), as.at(name))
		b.noteScopes(name, as.sub(name))
	}
	b.defaultAuth = auth.str(authDefault, "")
	l.httpDefinition(b, f, propDefinitionBody, propDefinitionURI)
	return b
}

// httpDefinition reads the routes of an HTTP API's OpenAPI definition.
func (l *loader) httpDefinition(b *apiBuild, f fields, bodyKey, uriKey string) {
	doc, file, from := l.readDefinition(f, b, bodyKey, uriKey)
	if from == "" {
		from = bodyKey
	}
	at := definitionAt(f, from, file)
	l.definitionAuthorizers(b, at, doc)
	b.a.Cors = l.httpCors(f, doc, from)
	paths := cfn.Lookup(doc, "paths")
	for _, p := range cfn.Keys(paths) {
		item := cfn.Lookup(paths, p)
		for _, m := range cfn.Keys(item) {
			if method := httpMethod(m); method != "" {
				l.httpOperation(b, p, method, cfn.Lookup(item, m), at("paths."+p+"."+m))
			}
		}
	}
}

// definitionAt places a field path inside a definition read from f's key:
// from the root of file when it has one (DefinitionUri, AWS::Include),
// else under the key in the template.
func definitionAt(f fields, key, file string) func(string) api.Location {
	if file == "" {
		return func(field string) api.Location { return f.at(key + "." + field) }
	}
	return func(field string) api.Location {
		return api.Location{File: file, LogicalID: f.loc.LogicalID, Field: field}
	}
}

// definitionAuthorizers adds the authorizers an HTTP API's OpenAPI
// definition declares (x-amazon-apigateway-authorizer under
// components.securitySchemes, or Swagger's securityDefinitions) that
// Auth.Authorizers does not: Lambda and JWT ones.
// at places a field path inside the definition.
func (l *loader) definitionAuthorizers(b *apiBuild, at func(string) api.Location, doc *yaml.Node) {
	schemes, key := cfn.Lookup(cfn.Lookup(doc, "components"), "securitySchemes"), "components.securitySchemes"
	if schemes == nil {
		schemes, key = cfn.Lookup(doc, "securityDefinitions"), "securityDefinitions"
	}
	for _, name := range cfn.Keys(schemes) {
		ext := cfn.Lookup(cfn.Lookup(schemes, name), authorizerExt)
		if ext == nil || b.a.Authorizers[name] != nil {
			continue
		}
		f := l.fields(at(key+"."+name+"."+authorizerExt), ext)
		b.a.Authorizers[name] = l.requestAuthorizer(name, f, oasAuthKeys)
	}
}

// authorizerExt is OpenAPI's authorizer extension.
const authorizerExt = "x-amazon-apigateway-authorizer"

// httpMethod is the route method an OpenAPI key or an event Method stands
// for; "" when it is no method.
func httpMethod(key string) string {
	m := strings.ToUpper(key)
	switch {
	case strings.EqualFold(key, anyMethodKey), m == api.MethodAny:
		return api.MethodAny
	case slices.Contains(api.AnyMethods, m):
		return m
	}
	return ""
}

// httpOperation adds the route of one operation of an HTTP API definition.
func (l *loader) httpOperation(b *apiBuild, path, method string, op *yaml.Node, loc api.Location) {
	r := &api.Route{Path: path, Method: method, Source: loc, Authorizer: b.defaultAuth}
	in := l.fields(loc, cfn.Lookup(op, "x-amazon-apigateway-integration"))
	r.Integration = l.httpIntegration(in, oasIntegrationKeys)
	if sec := cfn.Lookup(op, "security"); sec != nil {
		r.Authorizer = ""
		if len(sec.Content) > 0 && len(cfn.Keys(sec.Content[0])) > 0 {
			r.Authorizer = cfn.Keys(sec.Content[0])[0]
			r.Scopes = scalars(cfn.Lookup(sec.Content[0], r.Authorizer))
		}
	}
	l.addGapRoutes(b, r)
}

// httpMaxTimeoutMs is an HTTP API integration's timeout (and its most).
const httpMaxTimeoutMs = 30000

// httpIntegrationKeys name an HTTP API integration's properties: OpenAPI's
// x-amazon-apigateway-integration in camelCase, an
// AWS::ApiGatewayV2::Integration in PascalCase.
type httpIntegrationKeys struct{ typ, subtype, uri, method, payload, timeout, params, responses string }

var (
	oasIntegrationKeys = httpIntegrationKeys{"type", "integrationSubtype", "uri", "httpMethod", "payloadFormatVersion", "timeoutInMillis", "requestParameters", "responseParameters"}
	v2IntegrationKeys  = httpIntegrationKeys{"IntegrationType", "IntegrationSubtype", propIntegrationURI, "IntegrationMethod", eventPayload, eventTimeout, "RequestParameters", "ResponseParameters"}
)

// httpIntegration is the HTTP API integration f declares (its property
// names k): a Lambda proxy integration of this template's functions
// (payload 2.0 unless set), or an HTTP proxy to a URL (payload 1.0); any
// other gets a Gap.
func (l *loader) httpIntegration(f fields, k httpIntegrationKeys) api.Integration {
	in := api.Integration{Type: api.IntegrationType(strings.ToLower(f.str(k.typ, ""))), TimeoutMs: l.httpTimeout(f, k.timeout)}
	in.ResponseParameters = l.responseParams(f, k.responses, &in)
	loc := f.loc
	switch {
	case f.has(k.subtype):
		in.Gap = l.gapAt(loc, "HTTP API AWS service integrations ("+k.subtype+")", notYet)
		return in
	case in.Type == api.IntegrationHTTPProxy:
		return l.httpProxyIntegration(f, k, in)
	case in.Type == api.IntegrationLambdaProxy:
	default:
		in.Gap = l.gapAt(loc, "HTTP API integrations other than Lambda proxy and HTTP proxy", notYet)
		return in
	}
	in.Function, in.PayloadVersion = l.functionOfURI(f.str(k.uri, "")), api.PayloadV2
	if in.Function == "" {
		in.Gap = l.missingFunction(loc, f.str(k.uri, ""), "integration", "a Lambda function outside this template", "cannot be called locally")
	}
	if v, ok := cfnScalar(f.value(k.payload)); ok {
		in.PayloadVersion = l.payloadVersion(v, f.at(k.payload))
	}
	if f.has(k.params) {
		l.warnAt(f.at(k.params), "parameter mapping on a Lambda proxy integration is not applied (apigw applies it to HTTP proxy integrations)")
	}
	return in
}

// httpProxyIntegration is an HTTP API's HTTP proxy integration: the URL,
// the method (ANY keeps the request's), payload 1.0 (the only one AWS
// takes for it) and the parameter mapping, checked here.
func (l *loader) httpProxyIntegration(f fields, k httpIntegrationKeys, in api.Integration) api.Integration {
	in.URI, in.HTTPMethod, in.PayloadVersion = f.str(k.uri, ""), strings.ToUpper(f.str(k.method, api.MethodAny)), api.PayloadV1
	if v, ok := cfnScalar(f.value(k.payload)); ok && v != api.PayloadV1 {
		f.fail(k.payload, "%q: an HTTP proxy integration takes payload format 1.0", v)
	}
	in.RequestParameters = f.strMap(k.params)
	_, err := mapping.ParseAll(in.RequestParameters)
	l.mappingProblem(f, k.params, err, &in)
	return in
}

// mappingProblem reports err, from checking the parameter mapping under
// key: a source apigw does not read yet ($request.body) makes the
// integration a gap, its route failing closed; anything else AWS would
// refuse is a load error.
func (l *loader) mappingProblem(f fields, key string, err error, in *api.Integration) {
	switch {
	case err == nil:
	case errors.Is(err, mapping.ErrUnsupported):
		if !in.Gap.Missing() {
			in.Gap = f.gap(key, "parameter mapping from the request or response body", notYet)
		}
	default:
		f.fail(key, "%v", err)
	}
}

// responseParams reads an integration's ResponseParameters (status code
// -> entries) and checks them.
func (l *loader) responseParams(f fields, key string, in *api.Integration) map[string]map[string]string {
	if !f.has(key) {
		return nil
	}
	sub := f.sub(key)
	out := map[string]map[string]string{}
	for _, code := range sub.keys() {
		out[code] = sub.strMap(code)
	}
	_, err := mapping.ParseResponses(out)
	l.mappingProblem(f, key, err, in)
	return out
}

// httpTimeout is an HTTP API integration's TimeoutInMillis: 50 to 30000
// ms, 30000 when unset.
func (l *loader) httpTimeout(f fields, key string) int {
	ms := f.integer(key, httpMaxTimeoutMs)
	if ms < api.MinIntegrationTimeoutMs || ms > httpMaxTimeoutMs {
		f.fail(key, "%d ms: HTTP APIs allow %d to %d", ms, api.MinIntegrationTimeoutMs, httpMaxTimeoutMs)
		return httpMaxTimeoutMs
	}
	return ms
}

// payloadVersion checks an HTTP API integration's payload format version
// (V-10): 1.0 or 2.0; anything else is refused, as AWS refuses it.
func (l *loader) payloadVersion(v string, loc api.Location) string {
	if v != api.PayloadV1 && v != api.PayloadV2 {
		l.failAt(loc, "PayloadFormatVersion %q is not 1.0 or 2.0", v)
		return api.PayloadV2
	}
	return v
}

// missingFunction is the Gap of a Lambda what ("integration",
// "authorizer") at loc whose function, named by uri, the template does
// not define: outside and rest are its words in a template. An HTTP API's
// document served on its own defines none; there it gets the words a bare
// REST document's do (openapi.NeedsTemplate).
func (l *loader) missingFunction(loc api.Location, uri, what, outside, rest string) api.Gap {
	if inv, err := arn.ParseInvocation(uri); err == nil && l.opts.document {
		e, gap := openapi.NeedsTemplate(loc, what, inv.Function)
		l.note(e)
		return gap
	}
	return l.gapAt(loc, outside, "%s", rest)
}

// functionOfURI is the template's function a Lambda ARN or invocation URI
// names; "" when it names none.
func (l *loader) functionOfURI(uri string) string {
	inv, err := arn.ParseInvocation(uri)
	if err != nil {
		return ""
	}
	id, ok := l.functionByARN(inv.Function)
	if !ok {
		id, _ = l.functionByARN(inv.Function.Unqualified())
	}
	return id
}

// addGapRoutes adds a route of an HTTP or WebSocket API, keyed as
// configured (V-11): an HTTP API's $default route is one route matched
// after all others. A route the model cannot hold (a path REST does not
// accept, a second variable part under one parent) is left out with a
// warning.
func (l *loader) addGapRoutes(b *apiBuild, r *api.Route) {
	if r.Path == httpDefaultRoute || r.Path == "/"+httpDefaultRoute {
		r.Method, r.Path = api.MethodAny, "/{proxy+}"
		if b.a.IsHTTP() {
			r.Key = api.RouteKeyDefault
		}
	}
	l.addGapRoute(b, r)
}

func (l *loader) addGapRoute(b *apiBuild, r *api.Route) {
	r.Path = trimTrailingSlash(r.Path)
	if b.a.IsHTTP() && r.Key == "" {
		r.Key = r.Method + " " + r.Path
	}
	if r.Authorizer != "" && b.a.Authorizers[r.Authorizer] == nil {
		b.a.Authorizers[r.Authorizer] = l.routeAuthorizer(b, r)
	}
	for _, d := range b.a.Routes {
		if d.Path == r.Path && d.Method == r.Method && d.Key == r.Key {
			d.Integration, d.Source = r.Integration, r.Source
			if r.Authorizer != "" {
				d.Authorizer, d.Scopes = r.Authorizer, r.Scopes
			}
			return
		}
	}
	if _, err := api.ParsePath(r.Path); err != nil || r.Method == "" || (!r.IsDefault() && conflictsWith(b.a.Routes, r.Path)) {
		l.group("routes of APIs apigw cannot serve yet left out (not a REST API resource path)", r.Method+" "+r.Path)
		return
	}
	b.a.Routes = append(b.a.Routes, r)
}

// routeAuthorizer is the authorizer a route names that its API does not
// declare (an AWS::ApiGatewayV2::Authorizer, a WebSocket API's).
func (l *loader) routeAuthorizer(b *apiBuild, r *api.Route) *api.Authorizer {
	switch {
	case b.a.IsHTTP() && r.Authorizer == authIAM:
		return l.httpAuthorizer(r.Authorizer, r.Source, iamAuthorization)
	case b.a.IsHTTP():
		return l.httpAuthorizer(r.Authorizer, r.Source, httpV2AuthWhat)
	}
	return &api.Authorizer{Name: r.Authorizer, Source: r.Source, Gap: b.a.Gap}
}

// conflictsWith reports whether path has a variable part where a route
// in routes has a different one under the same parent.
func conflictsWith(routes []*api.Route, path string) bool {
	segs := strings.Split(path, "/")
	for _, r := range routes {
		if r.IsDefault() {
			continue
		}
		other := strings.Split(r.Path, "/")
		for i := 1; i < len(segs) && i < len(other); i++ {
			if segs[i] != other[i] {
				if strings.HasPrefix(segs[i], "{") && strings.HasPrefix(other[i], "{") {
					return true
				}
				break
			}
		}
	}
	return false
}

// Route settings (throttling, logging, detailed metrics) change nothing a
// local request sees: they are named once and ignored.
var routeSettingsProps = []string{"RouteSettings", "DefaultRouteSettings"}

func (l *loader) routeSettings(f fields, id string) {
	for _, k := range routeSettingsProps {
		if f.has(k) {
			l.group("HTTP API "+k+" ignored (throttling and metrics are not reproduced)", id)
		}
	}
}

// httpEventOf reads a function's HttpApi event.
func (l *loader) httpEventOf(fn string, p fields) {
	e := &apiEvent{fn: fn, api: implicitHTTPAPI, http: true, route: &api.Route{
		Integration: api.Integration{Type: api.IntegrationLambdaProxy, Function: fn,
			PayloadVersion: l.payloadVersion(p.str(eventPayload, api.PayloadV2), p.at(eventPayload)), TimeoutMs: l.httpTimeout(p, eventTimeout)},
		Source: eventLoc(p),
	}}
	l.eventRoute(p, e, false)
	if e.route.Path == "" && e.route.Method == "" {
		e.route.Path = httpDefaultRoute
	}
	e.route.Method = httpMethod(e.route.Method)
	if p.has(eventAPIID) && !l.eventTarget(p, eventAPIID, e) {
		return
	}
	if v := p.sub(eventAuth).str(eventAuthorizer, ""); v != "" {
		e.authSet, e.authorizer = true, v
	}
	e.route.Scopes = p.sub(eventAuth).strings(propAuthScopes)
	l.routeSettings(p, fn)
	l.events = append(l.events, e)
}

// attachHTTP adds an HttpApi event's route to its API. SAM adds HttpApi
// events to an API's own definition too.
func (l *loader) attachHTTP(e *apiEvent) {
	b := l.apis[e.api]
	switch {
	case b == nil && e.api == implicitHTTPAPI:
		loc := api.Location{File: l.file, LogicalID: implicitHTTPAPI, Field: "Globals.HttpApi"}
		b = l.httpAPI(implicitHTTPAPI, nil, loc, e.route.Source)
	case b == nil:
		l.failAt(e.apiLoc, "%q is not an AWS::Serverless::HttpApi of this template", e.api)
		return
	case !b.http:
		e.route.Integration.Gap = l.gapAt(e.route.Source, "HttpApi events on a REST API", notYet)
	}
	e.route.Authorizer = b.defaultAuth
	if e.authSet {
		e.route.Authorizer = e.authorizer
	}
	if e.route.Authorizer == authNone {
		e.route.Authorizer = ""
	}
	b.defaultScopes(e.route)
	l.addGapRoutes(b, e.route)
}

// wsAPI loads an AWS::Serverless::WebSocketApi. Its routes are messages
// on one connection, not paths: the connection request (GET / on the
// stage) is its one route.
func (l *loader) wsAPI(res *cfn.Resource) {
	f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
	stage := f.str(propStageName, wsDefaultStage)
	gap := l.gapAt(l.resourceLoc(res, "Type"), wsAPIWhat+" ("+res.Type+")", notYet)
	b := l.newGapAPI(res.LogicalID, f.loc, stage, gap)
	l.addGapRoute(b, &api.Route{Path: "/", Method: "GET", Source: f.at(propRoutes)})
}
