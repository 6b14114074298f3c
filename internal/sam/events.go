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
	eventAPI         = "Api"
	eventHTTPAPI     = "HttpApi"
	eventType        = "Type"
	eventProperties  = "Properties"
	eventPath        = "Path"
	eventMethod      = "Method"
	eventRestAPIID   = "RestApiId"
	eventAuth        = "Auth"
	eventAuthorizer  = "Authorizer"
	eventTimeout     = "TimeoutInMillis"
	eventRequestPars = "RequestParameters"
	eventRequestMod  = "RequestModel"
)

var readEventProps = []string{eventPath, eventMethod, eventRestAPIID, eventAuth, eventTimeout, eventRequestPars, eventRequestMod}

var safeEventAuthProps = []string{"InvokeRole", "AuthorizationScopes", "OverrideApiAuth"}

// apiEvent is a function's Api event, attached once every API is loaded.
type apiEvent struct {
	fn, api    string // function and API logical ids
	route      *api.Route
	authSet    bool // Auth.Authorizer given (NONE included)
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
			ev.unsupported(eventType, "HttpApi events are not supported yet (REST Api events are)")
		case "":
			ev.fail(eventType, "missing event Type")
		default:
			l.group("event type "+typ+" is not run locally", res.LogicalID+"."+name)
		}
	}
}

func (l *loader) apiEventOf(fn string, p fields) {
	loc := p.loc
	loc.Field = strings.TrimSuffix(loc.Field, "."+eventProperties)
	e := &apiEvent{fn: fn, api: ImplicitAPI, route: &api.Route{
		Path:   p.str(eventPath, ""),
		Method: eventMethodOf(p),
		Integration: api.Integration{Type: api.IntegrationLambdaProxy, Function: fn, PayloadVersion: api.PayloadV1,
			TimeoutMs: p.integer(eventTimeout, api.DefaultIntegrationTimeoutMs)},
		Source: loc,
	}}
	if e.route.Path == "" {
		p.fail(eventPath, "an Api event needs a Path")
	}
	if ms := e.route.Integration.TimeoutMs; ms < api.MinIntegrationTimeoutMs || ms > api.DefaultIntegrationTimeoutMs {
		p.fail(eventTimeout, "%d ms: API Gateway allows %d to %d", ms, api.MinIntegrationTimeoutMs, api.DefaultIntegrationTimeoutMs)
	}
	if p.has(eventRestAPIID) {
		e.apiLoc = p.at(eventRestAPIID)
		var ok bool
		if e.api, ok = refTarget(p.raw(eventRestAPIID)); !ok {
			p.fail(eventRestAPIID, "want !Ref of an AWS::Serverless::Api of this template")
			return
		}
	}
	l.eventAuth(p.sub(eventAuth), e)
	for _, k := range []string{eventRequestPars, eventRequestMod} {
		if p.has(k) {
			l.group("request validation is not done locally", fn+"."+loc.Field+"."+k)
		}
	}
	p.unused(readEventProps)
	l.events = append(l.events, e)
}

func eventMethodOf(p fields) string {
	m := strings.ToUpper(p.str(eventMethod, ""))
	if m == "" {
		p.fail(eventMethod, "an Api event needs a Method")
	}
	return m
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
		if e.authorizer == authIAM {
			a.unsupported(eventAuthorizer, "AWS_IAM authorization is not supported yet")
		}
	}
	if a.boolean(authAPIKeyRequired) {
		l.group(apiKeysNotEnforced, a.loc.LogicalID)
	}
	if a.has(authResourcePolicy) {
		e.policy = []pathPolicy{{f: a.sub(authResourcePolicy), path: e.route.Path}}
	}
	a.unused([]string{eventAuthorizer, authAPIKeyRequired, authResourcePolicy}, safeEventAuthProps)
}

// attachEvents adds each Api event's route to its API, creating SAM's
// implicit API on first use.
func (l *loader) attachEvents() {
	for _, e := range l.events {
		b := l.apis[e.api]
		switch {
		case b == nil && e.api == ImplicitAPI:
			l.serverlessAPI(ImplicitAPI, l.globals.api, api.Location{File: l.file, LogicalID: ImplicitAPI, Field: "Globals.Api"}, true)
			b = l.apis[ImplicitAPI]
		case b == nil:
			l.failAt(e.apiLoc, "%q is not an AWS::Serverless::Api of this template", e.api)
			continue
		case !b.serverless: // SAM accepts it and only adds a permission
			l.unsupportedAt(e.apiLoc, "%q is not an AWS::Serverless::Api of this template", e.api)
			continue
		}
		l.attach(b, e)
	}
	for _, id := range slices.Sorted(maps.Keys(l.apis)) {
		b := l.apis[id]
		l.applyCors(b)
	}
}

func (l *loader) attach(b *apiBuild, e *apiEvent) {
	b.eventPolicies = append(b.eventPolicies, e.policy...)
	r := e.route
	r.Authorizer = b.defaultAuth
	if e.authSet {
		r.Authorizer = e.authorizer
		if r.Authorizer == authNone {
			r.Authorizer = ""
		}
	}
	if r.Authorizer == authIAM {
		unsupportedAuthorizer(b.a, authIAM, r.Source, iamAuthorization)
	}
	for _, d := range b.a.Routes {
		if d.Path == r.Path && d.Method == r.Method && d.Integration.Type == "" {
			d.Integration = r.Integration
			if e.authSet {
				d.Authorizer = r.Authorizer
			}
			return
		}
	}
	b.a.Routes = append(b.a.Routes, r)
}
