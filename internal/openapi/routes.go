package openapi

import (
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigw/apigw/internal/api"
)

// Field names of the document's structure, used in locations.
const (
	fieldPaths               = "paths"
	fieldSecurity            = "security"
	fieldOperationID         = "operationId"
	fieldComponents          = "components"
	fieldSecuritySchemes     = "securitySchemes"
	fieldSecurityDefinitions = "securityDefinitions"
)

// operation is one method of a path item, from an OpenAPI operation or
// from x-amazon-apigateway-any-method.
type operation struct {
	method   string
	field    string                         // "paths./pets.get"
	id       string                         // operationId, "" when none
	security *openapi3.SecurityRequirements // nil: the document's
	ext      map[string]any
}

// document reads everything apigw serves from doc.
func (l *loader) document(doc *openapi3.T, swagger bool) {
	l.rootExtensions(doc.Extensions)
	schemesField := join(fieldComponents, fieldSecuritySchemes)
	if swagger {
		schemesField = fieldSecurityDefinitions
	}
	if doc.Components != nil {
		if !swagger {
			l.scanExtensions(doc.Components.Extensions, fieldComponents)
		}
		l.securitySchemes(doc.Components.SecuritySchemes, schemesField)
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		l.warn(l.at(fieldPaths), "the document defines no paths")
		return
	}
	l.scanExtensions(doc.Paths.Extensions, fieldPaths)
	l.paths(doc.Paths, doc.Security)
}

// paths adds the routes of every path, in sorted order.
func (l *loader) paths(paths *openapi3.Paths, global openapi3.SecurityRequirements) {
	variables := map[string]string{} // parent path -> its one variable segment
	for _, key := range sortedKeys(paths.Map()) {
		field := join(fieldPaths, key)
		p := trimTrailingSlash(key)
		t, msg := parsePath(p)
		if msg != "" {
			l.fail(api.KindInvalid, l.at(field), "path %s: %s", key, msg)
			continue
		}
		l.checkSiblings(variables, t, field)
		for _, op := range l.operations(paths.Value(key), field) {
			l.def.Routes = append(l.def.Routes, l.route(p, t, op, global))
		}
	}
	api.SortRoutes(l.def.Routes)
}

// trimTrailingSlash drops a path's trailing "/", as API Gateway does when
// it imports one (SAM writes event paths such as /plantest/ into the
// definition as they are, and they deploy; evidence/loading B9).
func trimTrailingSlash(p string) string {
	if len(p) > 1 && strings.HasSuffix(p, "/") {
		return strings.TrimRight(p, "/")
	}
	return p
}

// checkSiblings enforces API Gateway's rule that the children of a
// resource have at most one variable path part ({id} and {petId}, or {id}
// and {proxy+}, cannot be siblings).
func (l *loader) checkSiblings(seen map[string]string, t pathTemplate, field string) {
	for _, parent := range sortedKeys(t.variables) {
		seg := t.variables[parent]
		if prev, ok := seen[parent]; ok && prev != seg {
			l.fail(api.KindInvalid, l.at(field), "%s and %s are siblings under %s: API Gateway allows one variable path part per resource", prev, seg, parent)
			continue
		}
		seen[parent] = seg
	}
}

// operations lists the methods of a path item, x-amazon-apigateway-any-method
// included. Verbs API Gateway does not serve are errors.
func (l *loader) operations(item *openapi3.PathItem, field string) []operation {
	if item == nil {
		return nil
	}
	l.scanExtensions(item.Extensions, field, extAnyMethod)
	for _, k := range sortedKeys(item.Extensions) {
		if !strings.HasPrefix(k, "x-") {
			l.warn(l.at(join(field, k)), "not a path item field; ignored (a misspelt method?)")
		}
	}
	var ops []operation
	all := item.Operations()
	for _, method := range sortedKeys(all) {
		op := all[method]
		opField := join(field, strings.ToLower(method))
		if !slices.Contains(api.AnyMethods, method) {
			l.fail(api.KindUnsupported, l.at(opField), "method %s: API Gateway REST APIs serve only %v and ANY", method, api.AnyMethods)
			continue
		}
		ops = append(ops, operation{method: method, field: opField, id: op.OperationID, security: op.Security, ext: op.Extensions})
	}
	if raw, ok := item.Extensions[extAnyMethod]; ok {
		if op, ok := l.anyMethod(raw, join(field, extAnyMethod)); ok {
			ops = append(ops, op)
		}
	}
	return ops
}

// anyMethod reads the operation object of x-amazon-apigateway-any-method,
// which the OpenAPI libraries leave as raw data.
func (l *loader) anyMethod(raw any, field string) (operation, bool) {
	o, ok := l.object(raw, field)
	if !ok {
		return operation{}, false
	}
	op := operation{method: api.MethodAny, field: field, ext: map[string]any{}}
	op.id, _ = o.m[fieldOperationID].(string)
	for k, v := range o.m {
		if strings.HasPrefix(k, "x-") {
			op.ext[k] = v
		}
	}
	if v, ok := o.m[fieldSecurity]; ok {
		reqs := l.rawRequirements(v, join(field, fieldSecurity))
		op.security = &reqs
	}
	return op, true
}

// route builds the route of one operation.
func (l *loader) route(path string, t pathTemplate, op operation, global openapi3.SecurityRequirements) *api.Route {
	l.scanExtensions(op.ext, op.field, extIntegration, extAuth)
	r := &api.Route{Path: path, Method: op.method, OperationName: op.id, Source: l.at(op.field)}
	if raw, ok := op.ext[extIntegration]; ok {
		r.Integration = l.integration(raw, join(op.field, extIntegration), t)
	}
	r.Authorizer = l.routeAuthorizer(op, global, r)
	l.authExtension(op, r)
	return r
}
