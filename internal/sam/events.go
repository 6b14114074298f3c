package sam

import (
	"maps"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
)

// Event types and properties.
const (
	eventAPI          = "Api"
	eventHTTPAPI      = "HttpApi"
	eventType         = "Type"
	eventProperties   = "Properties"
	eventPath         = "Path"
	eventMethod       = "Method"
	eventRestAPIID    = "RestApiId"
	eventAPIID        = "ApiId"
	eventAuth         = "Auth"
	eventAuthorizer   = "Authorizer"
	eventOverrideAuth = "OverrideApiAuth"
	eventTimeout      = "TimeoutInMillis"
	eventRequestPars  = "RequestParameters"
	eventRequestMod   = "RequestModel"
	eventTransferMode = "ResponseTransferMode"
	eventPayload      = "PayloadFormatVersion"
	eventStage        = "Stage"
)

// apiEventProps are the properties SAM knows of an Api event; it refuses
// a template with any other ("property X not defined for resource of
// type Api").
var apiEventProps = []string{eventPath, eventMethod, eventRestAPIID, eventAuth, eventTimeout, eventRequestPars,
	eventRequestMod, eventTransferMode, eventStage}

var safeEventAuthProps = []string{"InvokeRole", propAuthScopes}

// apiEvent is a function's Api or HttpApi event, attached once every API
// is loaded.
type apiEvent struct {
	fn, api string // function and API logical ids
	http    bool   // an HttpApi event
	route   *api.Route
	authSet bool // Auth.Authorizer given (NONE included)
	// override is Auth.OverrideApiAuth: the event's Auth applies to the
	// API's own definition, which SAM otherwise leaves alone.
	override   bool
	authorizer string
	apiLoc     api.Location
	policy     []pathPolicy // Auth.ResourcePolicy, for this event's path
}

func (l *loader) functionEvents(res *cfn.Resource, events fields) {
	for _, name := range events.keys() {
		ev := events.sub(name)
		switch typ := ev.str(eventType, ""); typ {
		case eventAPI:
			l.apiEventOf(res.LogicalID, ev.sub(eventProperties))
		case eventHTTPAPI:
			l.httpEventOf(res.LogicalID, ev.sub(eventProperties))
		case "":
			ev.fail(eventType, "missing event Type")
		default:
			l.group("event type "+typ+" is not run locally", res.LogicalID+"."+name)
		}
	}
}

// eventLoc is where an event is declared, for its route.
func eventLoc(p fields) api.Location {
	loc := p.loc
	loc.Field = strings.TrimSuffix(loc.Field, "."+eventProperties)
	return loc
}

func (l *loader) apiEventOf(fn string, p fields) {
	e := &apiEvent{fn: fn, api: ImplicitAPI, route: &api.Route{
		Integration: api.Integration{Type: api.IntegrationLambdaProxy, Function: fn, PayloadVersion: api.PayloadV1,
			TimeoutMs: p.integer(eventTimeout, api.DefaultIntegrationTimeoutMs)},
		Source: eventLoc(p),
	}}
	l.eventRoute(p, e, true)
	if ms := e.route.Integration.TimeoutMs; ms < api.MinIntegrationTimeoutMs || ms > api.DefaultIntegrationTimeoutMs {
		p.fail(eventTimeout, "%d ms: API Gateway allows %d to %d", ms, api.MinIntegrationTimeoutMs, api.DefaultIntegrationTimeoutMs)
	}
	if p.has(eventRestAPIID) && !l.eventTarget(p, eventRestAPIID, e) {
		return
	}
	if mode := p.str(eventTransferMode, ""); strings.EqualFold(mode, transferStream) {
		e.route.Integration.Gap = p.gap(eventTransferMode, streamingWhat, "is not supported yet")
	}
	l.eventAuth(p.sub(eventAuth), e)
	for _, k := range []string{eventRequestPars, eventRequestMod} {
		if p.has(k) {
			l.group("request validation is not done locally", fn+"."+e.route.Source.Field+"."+k)
		}
	}
	for _, k := range p.keys() {
		if !slices.Contains(apiEventProps, k) {
			p.fail(k, "%s is not a property of Api events (SAM refuses the template: property %s not defined for resource of type Api)", k, k)
		}
	}
	l.events = append(l.events, e)
}

// streamingWhat names REST response streaming in a SAM user's words.
const streamingWhat = "REST response streaming (ResponseTransferMode: STREAM)"

const transferStream = "STREAM"

// eventRoute reads the event's Path and Method. A path or method only a
// deployment knows (a parameter without a value, an export) still makes
// a route, which fails closed. required: an Api event needs both.
func (l *loader) eventRoute(p fields, e *apiEvent, required bool) {
	mark := l.mark()
	e.route.Path = trimTrailingSlash(p.str(eventPath, ""))
	e.route.Method = strings.ToUpper(p.str(eventMethod, ""))
	if used := l.since(mark); len(used) > 0 {
		e.route.Integration.Gap = l.deploymentGap(e.route.Source, "a route path or method", used)
		if !slices.Contains(api.AnyMethods, e.route.Method) {
			e.route.Method = api.MethodAny
		}
	}
	if !required {
		return
	}
	if e.route.Path == "" {
		p.fail(eventPath, "an Api event needs a Path")
	}
	if e.route.Method == "" {
		p.fail(eventMethod, "an Api event needs a Method")
	}
}

// trimTrailingSlash drops a path's trailing "/": API Gateway removes it
// (SAM's transform says so in push.py, B9).
func trimTrailingSlash(p string) string {
	if len(p) > 1 && strings.HasSuffix(p, "/") {
		return strings.TrimRight(p, "/")
	}
	return p
}

// eventTarget reads the API an event names (RestApiId, ApiId): !Ref of a
// resource of this template, or its logical id; SAM refuses anything else.
func (l *loader) eventTarget(p fields, key string, e *apiEvent) bool {
	e.apiLoc = p.at(key)
	id, ok := refTarget(p.raw(key))
	if !ok {
		p.fail(key, "want !Ref of an API of this template (SAM: %s must be a valid reference to an API resource in the same template)", key)
		return false
	}
	e.api = id
	return true
}

func (l *loader) eventAuth(a fields, e *apiEvent) {
	if a.node == nil {
		return
	}
	// An empty Authorizer, or one that resolves to AWS::NoValue, is not
	// set: SAM then applies the DefaultAuthorizer.
	if v := a.str(eventAuthorizer, ""); v != "" {
		e.authSet = true
		e.authorizer = v
	}
	if a.boolean(authAPIKeyRequired) {
		l.group(apiKeysNotEnforced, a.loc.LogicalID)
	}
	if a.has(authResourcePolicy) {
		e.policy = []pathPolicy{{f: a.sub(authResourcePolicy), path: e.route.Path}}
	}
	e.route.Scopes = a.strings(propAuthScopes)
	if e.override = a.boolean(eventOverrideAuth); e.override && !e.authSet && e.policy == nil && !a.has(authAPIKeyRequired) {
		a.fail(eventOverrideAuth, "needs one of Authorizer, ApiKeyRequired or ResourcePolicy next to it (SAM refuses it alone)")
	}
	a.unused([]string{eventAuthorizer, authAPIKeyRequired, authResourcePolicy, eventOverrideAuth}, safeEventAuthProps)
}

// attachEvents adds each event's route to its API as SAM's transform does,
// creating SAM's implicit APIs on first use.
func (l *loader) attachEvents() {
	for _, e := range l.events {
		if e.http {
			l.attachHTTP(e)
			continue
		}
		if b := l.restTarget(e); b != nil {
			l.attach(b, e)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(l.apis)) {
		l.applyCors(l.apis[id])
	}
}

// restTarget is the API an Api event adds its route to, or nil when SAM
// adds none: an API with its own definition (without MergeDefinitions)
// or a resource that is not an AWS::Serverless::Api only gets a Lambda
// permission (B1, B10).
func (l *loader) restTarget(e *apiEvent) *apiBuild {
	b := l.apis[e.api]
	switch {
	case b == nil && e.api == ImplicitAPI:
		l.serverlessAPI(ImplicitAPI, l.globals.api, api.Location{File: l.file, LogicalID: ImplicitAPI, Field: "Globals.Api"}, true)
		return l.apis[ImplicitAPI]
	case b == nil && l.tpl.Resource(e.api) == nil:
		l.failAt(e.apiLoc, "%q is not a resource of this template (SAM: RestApiId must be a valid reference to an AWS::Serverless::Api resource in the same template)", e.api)
	case b != nil && b.http:
		l.failAt(e.apiLoc, "%q is an HTTP API; an Api event needs an AWS::Serverless::Api (use an HttpApi event)", e.api)
	case b == nil || !b.serverless:
		l.group("Api events on an API SAM does not manage add no route (SAM only adds a Lambda permission)", e.fn+"."+e.route.Source.Field)
	case b.own && !b.merge:
		l.group("Api events on an API with its own definition add no route (SAM only adds a Lambda permission; MergeDefinitions: true merges them)", e.fn+"."+e.route.Source.Field)
		if e.override {
			l.overrideAuth(b, e)
		}
	default:
		return b
	}
	return nil
}

// overrideAuth applies an event's Auth to the operation of the API's own
// definition at its path and method (OverrideApiAuth), as SAM's transform
// does; there is nothing to apply when the definition has no such
// operation.
func (l *loader) overrideAuth(b *apiBuild, e *apiEvent) {
	b.eventPolicies = append(b.eventPolicies, e.policy...)
	for _, d := range b.a.Routes {
		if d.Path == e.route.Path && d.Method == e.route.Method && e.authSet {
			d.Authorizer = l.eventAuthorizer(b, e)
		}
	}
}

// eventAuthorizer is the authorizer an event's Auth gives its route.
func (l *loader) eventAuthorizer(b *apiBuild, e *apiEvent) string {
	name := b.defaultAuth
	if e.authSet {
		name = e.authorizer
	}
	switch name {
	case authNone:
		return ""
	case authIAM:
		l.gapAuthorizer(b.a, authIAM, e.route.Source, iamAuthorization, isNotYet)
	}
	return name
}

func (l *loader) attach(b *apiBuild, e *apiEvent) {
	b.eventPolicies = append(b.eventPolicies, e.policy...)
	r := e.route
	r.Authorizer = l.eventAuthorizer(b, e)
	b.defaultScopes(r)
	if b.merge {
		for _, d := range b.a.Routes {
			if b.defined[d] && d.Path == r.Path && d.Method == r.Method {
				// MergeDefinitions: SAM's generated operation wins over the
				// definition's, key by key.
				d.Integration, d.Source = r.Integration, r.Source
				if e.authSet {
					d.Authorizer, d.Scopes = r.Authorizer, r.Scopes
				}
				return
			}
		}
	}
	b.a.Routes = append(b.a.Routes, r)
}
