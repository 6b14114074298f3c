package sam

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// Auth property names (AWS::Serverless::Api and Api events).
const (
	authDefault         = "DefaultAuthorizer"
	authAuthorizers     = "Authorizers"
	authFunctionArn     = "FunctionArn"
	authPayloadType     = "FunctionPayloadType"
	authIdentity        = "Identity"
	authUserPoolArn     = "UserPoolArn"
	authAPIKeyRequired  = "ApiKeyRequired"
	authResourcePolicy  = "ResourcePolicy"
	authUsagePlan       = "UsagePlan"
	authCorsPreflight   = "AddDefaultAuthorizerToCorsPreflight"
	authNone            = "NONE"
	authIAM             = "AWS_IAM"
	identityHeader      = "Header"
	identityValidation  = "ValidationExpression"
	identityReauthorize = "ReauthorizeEvery"
	defaultTokenHeader  = "Authorization"
)

// apiKeysNotEnforced: API Gateway's API keys meter usage plans and are not
// authorization (its own guidance); apigw has no usage plans, so it serves
// such routes as OpenAPI's apiKey schemes are served, with a warning.
const apiKeysNotEnforced = "ApiKeyRequired is recognised and not enforced: routes are served without checking x-api-key"

var readAuthProps = []string{authDefault, authAuthorizers, authAPIKeyRequired, authResourcePolicy, authUsagePlan,
	authCorsPreflight, "InvokeRole", "AddApiKeyRequiredToCorsPreflight"}

// auth reads an API's Auth: its Lambda authorizers and default authorizer.
func (l *loader) auth(f fields, b *apiBuild) {
	if f.node == nil {
		return
	}
	as := f.sub(authAuthorizers)
	for _, name := range as.keys() {
		l.authorizer(name, as.sub(name), b.a)
	}
	if f.boolean(authAPIKeyRequired) {
		l.group(apiKeysNotEnforced, b.a.LogicalID)
	}
	if f.has(authResourcePolicy) {
		b.apiPolicy = []pathPolicy{{f: f.sub(authResourcePolicy)}}
	}
	if f.has(authUsagePlan) {
		l.group("usage plans are not enforced locally", b.a.LogicalID)
	}
	b.corsAuth = f.str(authCorsPreflight, "true") == "true"
	b.defaultAuth = f.str(authDefault, "")
	switch {
	case b.defaultAuth == authIAM:
		f.fail(authDefault, "AWS_IAM authorization is not supported yet")
		b.defaultAuth = ""
	case b.defaultAuth != "" && b.a.Authorizers[b.defaultAuth] == nil && !as.has(b.defaultAuth):
		f.fail(authDefault, "%q is not one of Auth.Authorizers", b.defaultAuth)
		b.defaultAuth = ""
	}
	f.unused(readAuthProps)
}

// authorizer reads one entry of Auth.Authorizers.
func (l *loader) authorizer(name string, f fields, a *api.API) {
	if f.has(authUserPoolArn) {
		f.fail(authUserPoolArn, "Cognito authorizers are not supported yet")
		return
	}
	if !f.has(authFunctionArn) {
		f.fail(authFunctionArn, "a Lambda authorizer needs FunctionArn")
		return
	}
	az := &api.Authorizer{Name: name, Source: f.loc}
	arn := f.str(authFunctionArn, "")
	fn, ok := l.functionByARN(arn)
	if !ok {
		f.fail(authFunctionArn, "%q names no function of this template", arn)
	}
	az.Function = fn
	az.Type = api.AuthorizerType(strings.ToUpper(f.str(authPayloadType, string(api.AuthorizerToken))))
	id := f.sub(authIdentity)
	az.TTLSeconds = id.integer(identityReauthorize, api.DefaultAuthorizerTTL)
	if az.TTLSeconds < 0 || az.TTLSeconds > api.MaxAuthorizerTTL {
		id.fail(identityReauthorize, "%d s is outside 0..%d (C-1)", az.TTLSeconds, api.MaxAuthorizerTTL)
		az.TTLSeconds = 0 // reported here; keeps Validate from repeating it
	}
	switch az.Type {
	case api.AuthorizerToken:
		az.IdentitySources = l.sources(id, identityHeader, api.SourceHeader, []string{id.str(identityHeader, defaultTokenHeader)})
		az.ValidationExpression = id.str(identityValidation, "")
	case api.AuthorizerRequest:
		az.IdentitySources = l.requestSources(id)
		if id.has(identityValidation) {
			l.group("ValidationExpression does not apply to REQUEST authorizers", a.LogicalID+"."+name)
		}
	default:
		f.fail(authPayloadType, "want TOKEN or REQUEST, got %q", az.Type)
	}
	a.Authorizers[name] = az
}

// requestSources builds a REQUEST authorizer's identity sources in SAM's
// order: headers, query strings, stage variables, context.
func (l *loader) requestSources(id fields) []api.IdentitySource {
	var out []api.IdentitySource
	for _, k := range []struct {
		key  string
		kind api.SourceKind
	}{{"Headers", api.SourceHeader}, {"QueryStrings", api.SourceQueryString},
		{"StageVariables", api.SourceStageVariable}, {"Context", api.SourceContext}} {
		out = append(out, l.sources(id, k.key, k.kind, id.strings(k.key))...)
	}
	return out
}

func (l *loader) sources(f fields, key string, kind api.SourceKind, names []string) []api.IdentitySource {
	out := make([]api.IdentitySource, 0, len(names))
	for _, n := range names {
		s := api.IdentitySource{Kind: kind, Name: n}
		if _, err := api.ParseIdentitySource(s.String()); err != nil {
			f.fail(key, "%v", err)
			continue
		}
		out = append(out, s)
	}
	return out
}

// functionByARN finds the function a Lambda ARN (or an API Gateway
// invocation URI holding one) names, by function name.
func (l *loader) functionByARN(arn string) (string, bool) {
	if _, fn, ok := strings.Cut(arn, "/functions/"); ok {
		arn = strings.TrimSuffix(fn, "/invocations")
	}
	p := strings.Split(arn, ":")
	if len(p) < 7 || len(p) > 8 || p[0] != "arn" || p[2] != "lambda" || p[5] != "function" {
		return "", false
	}
	id, ok := l.names[p[6]]
	return id, ok
}
