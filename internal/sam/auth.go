package sam

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/openapi"
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
		b.noteScopes(name, as.sub(name))
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
		l.gapAuthorizer(b.a, authIAM, f.at(authDefault), iamAuthorization, isNotYet)
	case b.defaultAuth != "" && b.a.Authorizers[b.defaultAuth] == nil && !as.has(b.defaultAuth):
		f.fail(authDefault, "%q is not one of Auth.Authorizers", b.defaultAuth)
		b.defaultAuth = ""
	}
	f.unused(readAuthProps)
}

// authorizer reads one entry of Auth.Authorizers.
func (l *loader) authorizer(name string, f fields, a *api.API) {
	if f.has(authUserPoolArn) {
		l.cognitoAuthorizer(name, f, a)
		return
	}
	if !f.has(authFunctionArn) {
		f.fail(authFunctionArn, "a Lambda authorizer needs FunctionArn")
		return
	}
	az := &api.Authorizer{Name: name, Source: f.loc}
	az.Function, az.Gap = l.authorizerFunction(f)
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
		if err := az.SetValidation(id.str(identityValidation, "")); err != nil {
			id.fail(identityValidation, "%v", err)
		}
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

// Authorization apigw cannot run yet, in a SAM user's words.
const (
	iamAuthorization = "IAM authorization (AWS_IAM)"
)

// gapAuthorizer puts an authorizer apigw cannot run where routes can name
// it, noting it once: they fail closed instead of losing their
// authorization, and name no undefined authorizer (evidence/loading 7.1).
func (l *loader) gapAuthorizer(a *api.API, name string, loc api.Location, what, rest string) {
	if a.Authorizers[name] == nil {
		a.Authorizers[name] = &api.Authorizer{Name: name, Source: loc, Gap: l.gapAt(loc, what, "%s", rest)}
	}
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

// authorizerFunction is the logical id of the function FunctionArn names
// (a function ARN, or an API Gateway invocation URI holding one), or the
// Gap that keeps the authorizer from running: a function outside the
// template, or one only a deployment knows.
func (l *loader) authorizerFunction(f fields) (string, api.Gap) {
	mark := l.mark()
	s := f.str(authFunctionArn, "")
	if used := l.since(mark); len(used) > 0 {
		return "", l.deploymentGap(f.at(authFunctionArn), "a Lambda authorizer function", used)
	}
	inv, err := arn.ParseInvocation(s)
	if err != nil {
		f.fail(authFunctionArn, "%q: want a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)", s)
		return "", api.Gap{}
	}
	id, ok := l.functionByARN(inv.Function)
	if !ok {
		// On AWS the ARN may name any function (openapi does the same).
		l.note(api.NewError(api.KindUnsupported, f.at(authFunctionArn), "a Lambda authorizer function outside this template (%s) is not supported yet", s).Wrap(openapi.ErrUnknownFunction))
		return "", api.Gap{What: "a Lambda authorizer function outside this template", Source: f.at(authFunctionArn)}
	}
	return id, api.Gap{}
}

// functionByARN finds the template's function a Lambda ARN names, by
// function name: region, account and qualifier are not compared (as sam
// local does).
func (l *loader) functionByARN(fn arn.Function) (string, bool) {
	if id, ok := l.names[fn.Name]; ok {
		return id, ok
	}
	return l.nestedFunction(fn)
}
