package openapi

import (
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigw/apigw/internal/api"
)

// x-amazon-apigateway-auth types.
const (
	authNone   = "NONE"
	authAWSIAM = "AWS_IAM"

	methodOptions = "OPTIONS"
)

// routeAuthorizer is the authorizer of the route op defines: its own
// security, else the document's, unless SAM's DefaultAuthorizer applies.
func (l *loader) routeAuthorizer(op operation, global openapi3.SecurityRequirements, r *api.Route) string {
	if sam := l.opts.SAM; sam != nil && sam.DefaultAuthorizer != "" && !(sam.SkipPreflight && r.Method == methodOptions) {
		return l.samDefaulted(op, r, sam.DefaultAuthorizer)
	}
	reqs, field := global, fieldSecurity
	if op.security != nil {
		reqs, field = *op.security, join(op.field, fieldSecurity)
	}
	return l.authorizerOf(reqs, field, r)
}

// samDefaulted applies SAM's DefaultAuthorizer to one operation: an
// authorizer it names stays, NONE means none, anything else (no security,
// an empty list, only API keys) gets the default. Failing open here would
// serve a route AWS protects.
func (l *loader) samDefaulted(op operation, r *api.Route, def string) string {
	var reqs openapi3.SecurityRequirements
	if op.security != nil {
		reqs = *op.security
	}
	if name := l.authorizerOf(reqs, join(op.field, fieldSecurity), r); name != "" {
		return name
	}
	if namesNone(reqs) {
		return ""
	}
	return def
}

func namesNone(reqs openapi3.SecurityRequirements) bool {
	for _, req := range reqs {
		if _, ok := req[authNone]; ok {
			return true
		}
	}
	return false
}

// authorizerOf returns the Lambda authorizer a route's security
// requirements name ("" for NONE: no requirements, an empty list, or only
// empty requirement objects). API Gateway runs one authorizer per method.
func (l *loader) authorizerOf(reqs openapi3.SecurityRequirements, field string, r *api.Route) string {
	var names []string
	for i, req := range reqs {
		for _, name := range sortedKeys(req) {
			at := l.at(join(field, strconv.Itoa(i), name))
			if l.requirement(name, req[name], at, r) && !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	if len(names) > 1 {
		l.fail(api.KindInvalid, l.at(field), "%s %s names authorizers %s: API Gateway runs one authorizer per method", r.Method, r.Path, strings.Join(names, ", "))
	}
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// requirement checks one scheme a route requires and reports whether it is
// a Lambda authorizer.
func (l *loader) requirement(name string, scopes []string, at api.Location, r *api.Route) bool {
	if sam := l.opts.SAM; sam != nil {
		switch {
		case name == authNone: // SAM's marker for no authorizer
			return false
		case sam.Authorizers[name]: // defined in Auth.Authorizers, not the document
			setScopes(r, scopes)
			return true
		}
	}
	s, ok := l.schemes[name]
	if !ok {
		l.fail(api.KindInvalid, at, "names no security scheme (have %s)", strings.Join(sortedKeys(l.schemes), ", "))
		return false
	}
	switch s.kind {
	case schemeLambda:
		if az := l.def.Authorizers[name]; az != nil && !az.IsLambda() {
			setScopes(r, scopes)
			return true
		}
		if len(scopes) > 0 && l.first("scopes:"+name) {
			l.warn(at, "scopes are recognised and ignored: they apply to Cognito authorizers only")
		}
		return true
	case schemeAPIKey:
		if l.first(name) {
			l.warn(l.at(s.field), "API key requirement (first used by %s %s) is recognised and not enforced: requests are served without checking x-api-key against usage plans", r.Method, r.Path)
		}
	case schemeUnsupported:
		// Never fail open: the route keeps an authorizer that fails closed.
		l.gapAuthorizer(name, l.at(s.field), s.what, "%s (first used by %s %s)", s.rest, r.Method, r.Path)
		return true
	}
	return false
}

// gapAuthorizer puts an authorizer apigw cannot run under name, noting it
// once, so that routes name it and fail closed.
func (l *loader) gapAuthorizer(name string, loc api.Location, what, rest string, args ...any) {
	if l.def.Authorizers[name] == nil {
		l.def.Authorizers[name] = &api.Authorizer{Name: name, Source: loc, Gap: l.gap(loc, what, rest, args...)}
	}
}

// first reports whether key is seen for the first time in this load.
func (l *loader) first(key string) bool {
	if l.noted[key] {
		return false
	}
	l.noted[key] = true
	return true
}

// rawRequirements reads a security requirement list left as raw data
// (inside x-amazon-apigateway-any-method).
func (l *loader) rawRequirements(v any, field string) openapi3.SecurityRequirements {
	list, ok := v.([]any)
	if !ok {
		l.fail(api.KindInvalid, l.at(field), "must be a list of security requirements, got %s", typeName(v))
		return openapi3.SecurityRequirements{}
	}
	reqs := make(openapi3.SecurityRequirements, 0, len(list))
	for i, item := range list {
		o, ok := l.object(item, join(field, strconv.Itoa(i)))
		if !ok {
			continue
		}
		req := openapi3.SecurityRequirement{}
		for _, name := range sortedKeys(o.m) {
			req[name] = l.stringList(o.m[name], join(o.field, name))
		}
		reqs = append(reqs, req)
	}
	return reqs
}

// authExtension checks x-amazon-apigateway-auth on an operation: NONE
// may not contradict a Lambda authorizer from the security requirements
// (write security: [] to opt out of a global one), AWS_IAM is not
// supported yet.
func (l *loader) authExtension(op operation, r *api.Route) {
	raw, ok := op.ext[extAuth]
	if !ok {
		return
	}
	o, ok := l.object(raw, join(op.field, extAuth))
	if !ok {
		return
	}
	l.checkFields(o, fieldType)
	typ, _ := l.str(o, fieldType)
	switch strings.ToUpper(typ) {
	case authNone:
		if r.Authorizer != "" {
			l.fail(api.KindInvalid, l.at(join(o.field, fieldType)), "NONE contradicts authorizer %s from the security requirements: write security: [] for no authorization", r.Authorizer)
		}
	case authAWSIAM:
		l.gapAuthorizer(authAWSIAM, l.at(join(o.field, fieldType)), iamWhat, notYet)
		r.Authorizer = authAWSIAM
	default:
		l.fail(api.KindInvalid, l.at(join(o.field, fieldType)), "%q: want %s or %s", typ, authNone, authAWSIAM)
	}
}
