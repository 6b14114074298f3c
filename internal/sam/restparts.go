package sam

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
	"github.com/apigw/apigw/internal/openapi"
	"go.yaml.in/yaml/v3"
)

// A RestApi without a Body is assembled from AWS::ApiGateway::Resource,
// Method, Authorizer and GatewayResponse resources. apigw writes the
// OpenAPI document API Gateway would export for them (paths, the
// x-amazon-apigateway-integration of each method, a security scheme per
// authorizer, gateway responses) and reads it with internal/openapi, so
// both ways of declaring an API are read by one reader; every location
// the reader reports is then moved back to the resource and property the
// template author wrote.

// Resource types that assemble a RestApi.
const (
	typeAPIResource     = "AWS::ApiGateway::Resource"
	typeAPIMethod       = "AWS::ApiGateway::Method"
	typeAPIAuthorizer   = "AWS::ApiGateway::Authorizer"
	typeGatewayResponse = "AWS::ApiGateway::GatewayResponse"
)

// synthRoot is the field the written document's locations start with
// before they are moved back to the resources.
const synthRoot = "(assembled)"

// restParts are the resources that assemble RestApis, in template order.
type restParts struct {
	methods, authorizers, responses []*cfn.Resource
}

// restPart records one of the resources that assemble a RestApi and
// reports whether res is one.
func (l *loader) restPart(res *cfn.Resource) bool {
	switch res.Type {
	case typeAPIResource:
	case typeAPIMethod:
		l.rest.methods = append(l.rest.methods, res)
	case typeAPIAuthorizer:
		l.rest.authorizers = append(l.rest.authorizers, res)
	case typeGatewayResponse:
		l.rest.responses = append(l.rest.responses, res)
	default:
		return false
	}
	return true
}

// assembly is the document written for one RestApi and where each of its
// parts came from.
type assembly struct {
	doc     map[string]any
	origins map[string]api.Location // document field -> resource location
	// unknown are the paths only a deployment knows, by document field.
	unknown map[string]api.Gap
}

// partsOf lists the resources of kind (in rest) whose RestApiId is id.
func (l *loader) partsOf(list []*cfn.Resource, id string) []*cfn.Resource {
	var out []*cfn.Resource
	for _, res := range list {
		if target, ok := refTarget(cfn.Lookup(res.Properties, propRestAPIID)); ok && target == id && l.active(res) {
			out = append(out, res)
		}
	}
	return out
}

// restFromParts builds a RestApi from its Method and Authorizer resources.
func (l *loader) restFromParts(b *apiBuild, id string) {
	methods := l.partsOf(l.rest.methods, id)
	if len(methods) == 0 {
		return
	}
	mark := l.mark()
	as := &assembly{origins: map[string]api.Location{}, unknown: map[string]api.Gap{},
		doc: map[string]any{"openapi": "3.0.1", "info": map[string]any{"title": id, "version": "1"}}}
	paths := map[string]any{}
	for _, m := range methods {
		l.methodOp(as, paths, m, id)
	}
	as.doc["paths"] = paths
	schemes := map[string]any{}
	for _, az := range l.partsOf(l.rest.authorizers, id) {
		if s := l.authorizerScheme(as, az); s != nil {
			schemes[az.LogicalID] = s
		}
	}
	as.doc["components"] = map[string]any{"securitySchemes": schemes}
	l.loadAssembly(b, as, mark)
}

// loadAssembly reads the written document into the API; mark is where
// the placeholders its values used start.
func (l *loader) loadAssembly(b *apiBuild, as *assembly, mark int) {
	def := l.readAssembly(as, b.a.LogicalID, func(loc api.Location) ([]string, api.Location) { return l.under(mark, as.relocate(loc)) })
	if def != nil {
		l.mergeDefinition(b, def, b.loc)
	}
}

// readAssembly reads a written document with internal/openapi and moves
// what it reports back to the resources; nil when it has errors (noted).
func (l *loader) readAssembly(as *assembly, id string, unknown func(api.Location) ([]string, api.Location)) *openapi.Definition {
	data, err := json.Marshal(as.doc)
	if err != nil {
		l.failAt(api.Location{File: l.file, LogicalID: id}, "cannot write the API's document: %v", err)
		return nil
	}
	opts := openapi.Options{FunctionByARN: l.functionByARN, Location: api.Location{File: l.file, LogicalID: id, Field: synthRoot}, Unknown: unknown}
	def, err := openapi.Load(data, opts)
	for _, e := range api.Errors(err) {
		e.Location = as.relocate(e.Location)
	}
	if err != nil {
		l.fail(err)
		return nil
	}
	as.relocateDefinition(def)
	return def
}

// relocateDefinition moves every location of def back to its resource.
func (as *assembly) relocateDefinition(def *openapi.Definition) {
	for _, e := range def.Unsupported {
		e.Location = as.relocate(e.Location)
	}
	for _, r := range def.Routes {
		field := strings.TrimPrefix(r.Source.Field, synthRoot+".")
		r.Source = as.relocate(r.Source)
		r.Integration.Gap.Source = as.relocate(r.Integration.Gap.Source)
		if g, ok := as.unknown[field]; ok && !r.Integration.Gap.Missing() {
			r.Integration.Gap = g
		}
	}
	for _, a := range def.Authorizers {
		a.Source, a.Gap.Source = as.relocate(a.Source), as.relocate(a.Gap.Source)
	}
	for _, g := range def.GatewayResponses {
		g.Source = as.relocate(g.Source)
	}
	for i, w := range def.Warnings {
		def.Warnings[i] = as.relocateWarning(w)
	}
}

// relocateWarning moves the location a warning line starts with
// ("file: Api: (assembled).paths./x.get...: message").
func (as *assembly) relocateWarning(w string) string {
	at := strings.Index(w, synthRoot+".")
	if at < 0 {
		return w
	}
	field, msg, ok := strings.Cut(w[at:], ": ")
	if !ok {
		return w
	}
	loc := as.relocate(api.Location{Field: field})
	if loc.Field == field {
		return w
	}
	return loc.String() + ": " + msg
}

// relocate moves a location in the written document to the resource and
// property it came from; other locations are returned as they are.
func (as *assembly) relocate(loc api.Location) api.Location {
	field, ok := strings.CutPrefix(loc.Field, synthRoot+".")
	if !ok {
		return loc
	}
	best := ""
	for prefix := range as.origins {
		if (field == prefix || strings.HasPrefix(field, prefix+".")) && len(prefix) > len(best) {
			best = prefix
		}
	}
	if best == "" {
		return loc
	}
	out := as.origins[best]
	out.Field = propertyPath(strings.TrimPrefix(strings.TrimPrefix(field, best), "."))
	return out
}

// cfnNames are the CloudFormation property names of the document's
// fields; a name ending the path is marked with a trailing "!".
var cfnNames = map[string]string{
	"x-amazon-apigateway-integration": "Integration", "x-amazon-apigateway-authorizer": "",
	"uri": "Uri", "httpMethod": "IntegrationHttpMethod", "type": "Type", "timeoutInMillis": "TimeoutInMillis",
	"connectionType": "ConnectionType", "connectionId": "ConnectionId", "requestParameters": "RequestParameters!",
	"requestTemplates": "RequestTemplates!", "responses": "IntegrationResponses!", "responseTransferMode": "ResponseTransferMode",
	"integrationSubtype": "IntegrationSubtype", "x-amazon-apigateway-auth": "AuthorizationType!", "security": "AuthorizerId!",
	"authorizerUri": "AuthorizerUri", "identitySource": "IdentitySource", "identityValidationExpression": "IdentityValidationExpression",
	"authorizerResultTtlInSeconds": "AuthorizerResultTtlInSeconds", "providerARNs": "ProviderARNs", "statusCode": "StatusCode",
	"responseParameters": "ResponseParameters!", "responseTemplates": "ResponseTemplates!", "operationId": "OperationName",
}

// propertyPath turns a field path of the document into the resource's
// property path ("x-amazon-apigateway-integration.uri" is
// "Properties.Integration.Uri").
func propertyPath(field string) string {
	out := []string{"Properties"}
	for _, seg := range strings.Split(field, ".") {
		name, known := cfnNames[seg]
		if !known || seg == "" {
			break
		}
		if name == "" {
			continue
		}
		last := strings.HasSuffix(name, "!")
		out = append(out, strings.TrimSuffix(name, "!"))
		if last {
			break
		}
	}
	return strings.Join(out, ".")
}

// methodOp writes the operation of one AWS::ApiGateway::Method.
func (l *loader) methodOp(as *assembly, paths map[string]any, m *cfn.Resource, apiID string) {
	f := l.fields(l.resourceLoc(m, "Properties"), m.Properties)
	mark := l.mark()
	path, ok := l.resourcePath(f.raw("ResourceId"), apiID, 0)
	if !ok {
		f.fail("ResourceId", "want !GetAtt %s.RootResourceId or !Ref of an AWS::ApiGateway::Resource of this template", apiID)
		return
	}
	method := strings.ToUpper(f.str("HttpMethod", ""))
	key := strings.ToLower(method)
	if method == api.MethodAny {
		key = "x-amazon-apigateway-any-method"
	}
	item, _ := paths[path].(map[string]any)
	if item == nil {
		item = map[string]any{}
		paths[path] = item
	}
	field := "paths." + path + "." + key
	as.origins[field] = f.loc
	if used := l.since(mark); len(used) > 0 {
		as.unknown[field] = l.deploymentGap(f.loc, "a route path", used)
	}
	item[key] = l.methodBody(f)
}

// methodBody is the operation object of a Method: its integration,
// authorization and operation name.
func (l *loader) methodBody(f fields) map[string]any {
	op := map[string]any{}
	if in := f.sub("Integration"); in.node != nil {
		op["x-amazon-apigateway-integration"] = l.integrationObject(in)
	}
	if name := f.str("OperationName", ""); name != "" {
		op["operationId"] = name
	}
	switch authType := strings.ToUpper(f.str("AuthorizationType", "NONE")); authType {
	case "NONE":
		op["security"] = []any{}
	case "AWS_IAM":
		op["x-amazon-apigateway-auth"] = map[string]any{"type": "AWS_IAM"}
	default: // CUSTOM, COGNITO_USER_POOLS: the authorizer resource's scheme
		id, _ := refTarget(f.raw("AuthorizerId"))
		scopes := []any{}
		for _, s := range f.strings(propAuthScopes) {
			scopes = append(scopes, s)
		}
		op["security"] = []any{map[string]any{id: scopes}}
	}
	if f.boolean(authAPIKeyRequired) {
		l.group(apiKeysNotEnforced, f.loc.LogicalID)
	}
	return op
}

// integrationKeys map an Integration's properties to the extension's fields.
var integrationKeys = map[string]string{
	"Uri": "uri", "IntegrationHttpMethod": "httpMethod", "TimeoutInMillis": "timeoutInMillis", "ConnectionType": "connectionType",
	"ConnectionId": "connectionId", "RequestParameters": "requestParameters", "RequestTemplates": "requestTemplates",
	"PassthroughBehavior": "passthroughBehavior", "ContentHandling": "contentHandling", "CacheKeyParameters": "cacheKeyParameters",
	"CacheNamespace": "cacheNamespace", "Credentials": "credentials", "ResponseTransferMode": "responseTransferMode",
	"IntegrationTarget": "integrationTarget",
}

// integrationObject writes an Integration property as the extension.
func (l *loader) integrationObject(in fields) map[string]any {
	out := map[string]any{"type": strings.ToLower(in.str("Type", ""))}
	for _, k := range in.keys() {
		if name, ok := integrationKeys[k]; ok {
			if v := plain(in.value(k)); v != nil {
				out[name] = v
			}
		}
	}
	if s, ok := out["timeoutInMillis"].(string); ok {
		if n, err := strconv.Atoi(s); err == nil {
			out["timeoutInMillis"] = n
		}
	}
	responses := map[string]any{}
	for _, r := range plainList(in.value("IntegrationResponses")) {
		pattern, _ := r["SelectionPattern"].(string)
		if pattern == "" {
			pattern = "default"
		}
		responses[pattern] = map[string]any{"statusCode": r["StatusCode"], "responseParameters": r["ResponseParameters"],
			"responseTemplates": r["ResponseTemplates"]}
	}
	if len(responses) > 0 {
		out["responses"] = dropNil(responses)
	}
	return out
}

// plain decodes a resolved value; nil for nothing.
func plain(n *yaml.Node) any {
	if n == nil {
		return nil
	}
	var v any
	if n.Decode(&v) != nil {
		return nil
	}
	return v
}

func plainList(n *yaml.Node) []map[string]any {
	list, _ := plain(n).([]any)
	var out []map[string]any
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// dropNil removes nil fields of each response object.
func dropNil(responses map[string]any) map[string]any {
	for _, r := range responses {
		m := r.(map[string]any)
		for k, v := range m {
			if v == nil {
				delete(m, k)
			}
		}
	}
	return responses
}

// resourcePath follows a Method's ResourceId (and each Resource's
// ParentId) up to the API's root.
func (l *loader) resourcePath(n *yaml.Node, apiID string, depth int) (string, bool) {
	if depth > 64 {
		return "", false
	}
	if name, args, ok := cfn.Call(n); ok && name == "Fn::GetAtt" {
		res, attr := getAttParts(args)
		return "/", res == apiID && attr == "RootResourceId"
	}
	id, ok := refTarget(n)
	res := l.tpl.Resource(id)
	if !ok || res == nil || res.Type != typeAPIResource {
		return "", false
	}
	parent, ok := l.resourcePath(cfn.Lookup(res.Properties, "ParentId"), apiID, depth+1)
	part := l.fields(l.resourceLoc(res, "Properties"), res.Properties).str("PathPart", "")
	if !ok || part == "" {
		return "", false
	}
	return strings.TrimSuffix(parent, "/") + "/" + part, true
}

// getAttParts reads Fn::GetAtt's arguments: [Res, Attr] or "Res.Attr".
func getAttParts(args *yaml.Node) (string, string) {
	if s, ok := cfnScalar(args); ok {
		res, attr, _ := strings.Cut(s, ".")
		return res, attr
	}
	if args != nil && args.Kind == yaml.SequenceNode && len(args.Content) == 2 {
		res, _ := cfnScalar(args.Content[0])
		attr, _ := cfnScalar(args.Content[1])
		return res, attr
	}
	return "", ""
}

// authorizerScheme writes an AWS::ApiGateway::Authorizer as the security
// scheme API Gateway exports for it.
func (l *loader) authorizerScheme(as *assembly, res *cfn.Resource) map[string]any {
	f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
	as.origins["components.securitySchemes."+res.LogicalID] = f.loc
	typ := strings.ToLower(f.str("Type", ""))
	az := map[string]any{"type": typ}
	for k, name := range map[string]string{"AuthorizerUri": "authorizerUri", "IdentitySource": "identitySource",
		"IdentityValidationExpression": "identityValidationExpression", "ProviderARNs": "providerARNs"} {
		if v := plain(f.value(k)); v != nil {
			az[name] = v
		}
	}
	az["authorizerResultTtlInSeconds"] = f.integer("AuthorizerResultTtlInSeconds", api.DefaultAuthorizerTTL)
	scheme := map[string]any{"type": "apiKey", "in": "header", "name": "Authorization", "x-amazon-apigateway-authorizer": az}
	if typ == "cognito_user_pools" {
		scheme["x-amazon-apigateway-authtype"] = "cognito_user_pools"
		return scheme
	}
	scheme["x-amazon-apigateway-authtype"] = "custom"
	if src, ok := az["identitySource"].(string); ok && typ == "token" {
		scheme["name"] = strings.TrimPrefix(src, "method.request.header.")
	}
	return scheme
}

// gatewayResponseResources applies the AWS::ApiGateway::GatewayResponse
// resources of an API: each replaces what the API's definition or
// GatewayResponses property says for its type, as a later
// PutGatewayResponse does on AWS.
func (l *loader) gatewayResponseResources(b *apiBuild) {
	list := l.partsOf(l.rest.responses, b.a.LogicalID)
	if len(list) == 0 {
		return
	}
	as := &assembly{origins: map[string]api.Location{}, unknown: map[string]api.Gap{},
		doc: map[string]any{"openapi": "3.0.1", "info": map[string]any{"title": b.a.LogicalID, "version": "1"}, "paths": map[string]any{"/": map[string]any{}}}}
	responses := map[string]any{}
	for _, res := range list {
		f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
		typ := f.str("ResponseType", "")
		as.origins["x-amazon-apigateway-gateway-responses."+typ] = f.loc
		gr := map[string]any{}
		for k, name := range map[string]string{"StatusCode": "statusCode", "ResponseParameters": "responseParameters", "ResponseTemplates": "responseTemplates"} {
			if v := plain(f.value(k)); v != nil {
				gr[name] = v
			}
		}
		responses[typ] = gr
	}
	as.doc["x-amazon-apigateway-gateway-responses"] = responses
	if def := l.readAssembly(as, b.a.LogicalID, nil); def != nil {
		for typ, gr := range def.GatewayResponses {
			b.a.GatewayResponses[typ] = gr
		}
	}
}
