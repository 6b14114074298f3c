package openapi

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigw/apigw/internal/api"
)

// Fields of x-amazon-apigateway-authorizer.
const (
	fieldAuthorizerURI         = "authorizerUri"
	fieldAuthorizerCredentials = "authorizerCredentials"
	fieldIdentitySource        = "identitySource"
	fieldValidationExpression  = "identityValidationExpression"
	fieldAuthorizerTTL         = "authorizerResultTtlInSeconds"
	fieldProviderARNs          = "providerARNs"
	fieldAuthorizerPayload     = "authorizerPayloadFormatVersion"
	fieldSimpleResponses       = "enableSimpleResponses"
	fieldJWTConfiguration      = "jwtConfiguration"
)

var authorizerFields = []string{
	fieldType, fieldAuthorizerURI, fieldAuthorizerCredentials, fieldIdentitySource,
	fieldValidationExpression, fieldAuthorizerTTL, fieldProviderARNs,
	fieldAuthorizerPayload, fieldSimpleResponses, fieldJWTConfiguration,
}

// Values of x-amazon-apigateway-authtype and of the authorizer's type,
// compared case-insensitively.
const (
	authTypeCustom    = "custom"
	authTypeCognito   = "cognito_user_pools"
	authTypeSigV4     = "awssigv4"
	authorizerToken   = "token"
	authorizerRequest = "request"
	authorizerJWT     = "jwt"
)

// Security scheme fields and values.
const (
	fieldSchemeType  = "type"
	schemeTypeAPIKey = "apiKey"
	inHeader         = "header"
)

type schemeKind int

const (
	schemeLambda      schemeKind = iota + 1 // an authorizer in Definition.Authorizers (Lambda or Cognito)
	schemeAPIKey                            // an API key requirement (usage plans)
	schemeUnsupported                       // an authorizer apigw cannot run: an error where used
	schemeBroken                            // already reported as invalid
)

// scheme is what a security scheme turned out to be.
type scheme struct {
	kind  schemeKind
	field string
	// what it is and the rest of its finding ("are not supported yet"),
	// for schemeUnsupported.
	what, rest string
}

// Authorization apigw cannot run yet, in a SAM user's words.
const (
	cognitoWhat = "Cognito user pool authorizers (COGNITO_USER_POOLS)"
	iamWhat     = "IAM authorization (AWS_IAM)"
)

// securitySchemes reads every security scheme; Lambda authorizers go to
// Definition.Authorizers whether or not a route uses them, as in AWS.
func (l *loader) securitySchemes(schemes openapi3.SecuritySchemes, field string) {
	for _, name := range sortedKeys(schemes) {
		at := join(field, name)
		ref := schemes[name]
		if ref == nil || ref.Value == nil {
			l.fail(api.KindInvalid, l.at(at), "empty security scheme")
			l.schemes[name] = &scheme{kind: schemeBroken, field: at}
			continue
		}
		l.schemes[name] = l.securityScheme(name, ref.Value, at)
	}
}

func (l *loader) securityScheme(name string, s *openapi3.SecurityScheme, field string) *scheme {
	l.scanExtensions(s.Extensions, field, extAuthType, extAuthorizer)
	authType, _ := l.str(object{m: s.Extensions, field: field}, extAuthType)
	if raw, ok := s.Extensions[extAuthorizer]; ok {
		return l.authorizerScheme(name, s, authType, raw, field)
	}
	unsupported := func(what, rest string) *scheme {
		return &scheme{kind: schemeUnsupported, field: field, what: what, rest: rest}
	}
	switch strings.ToLower(authType) {
	case authTypeCustom:
		l.fail(api.KindInvalid, l.at(join(field, extAuthType)), "custom needs %s next to it", extAuthorizer)
		return &scheme{kind: schemeBroken, field: field}
	case authTypeCognito:
		return unsupported(cognitoWhat+" without x-amazon-apigateway-authorizer (its providerARNs name the user pools)", "cannot be run")
	case authTypeSigV4:
		return unsupported("IAM authorization (awsSigv4)", notYet)
	case "":
		if s.Type == schemeTypeAPIKey {
			return &scheme{kind: schemeAPIKey, field: field}
		}
		return unsupported("OpenAPI "+s.Type+" security schemes without an API Gateway authorizer", areNotYet)
	}
	return unsupported("authorization type "+authType, notYet)
}

// authorizerScheme reads a scheme with x-amazon-apigateway-authorizer.
func (l *loader) authorizerScheme(name string, s *openapi3.SecurityScheme, authType string, raw any, field string) *scheme {
	o, ok := l.object(raw, join(field, extAuthorizer))
	if !ok {
		return &scheme{kind: schemeBroken, field: field}
	}
	l.checkFields(o, authorizerFields...)
	typ, _ := l.str(o, fieldType)
	var at api.AuthorizerType
	switch strings.ToLower(typ) {
	case authorizerToken:
		at = api.AuthorizerToken
	case authorizerRequest:
		at = api.AuthorizerRequest
	case authTypeCognito:
		return l.cognitoAuthorizer(name, s, o, field)
	case authorizerJWT:
		return &scheme{kind: schemeUnsupported, field: field, what: "JWT authorizers (an HTTP API feature)", rest: areNotYet}
	case "":
		l.fail(api.KindInvalid, l.at(join(o.field, fieldType)), "missing: want token or request")
		return &scheme{kind: schemeBroken, field: field}
	default:
		l.fail(api.KindInvalid, l.at(join(o.field, fieldType)), "%q: want token or request", typ)
		return &scheme{kind: schemeBroken, field: field}
	}
	if authType != "" && !strings.EqualFold(authType, authTypeCustom) {
		l.fail(api.KindInvalid, l.at(join(field, extAuthType)), "%q: a Lambda authorizer has authtype %s", authType, authTypeCustom)
	}
	if s.Type != schemeTypeAPIKey {
		l.fail(api.KindInvalid, l.at(join(field, fieldSchemeType)), "%q: a Lambda authorizer's security scheme has type %s", s.Type, schemeTypeAPIKey)
	}
	l.lambdaAuthorizer(name, s, at, o, field)
	return &scheme{kind: schemeLambda, field: field}
}

func (l *loader) lambdaAuthorizer(name string, s *openapi3.SecurityScheme, typ api.AuthorizerType, o object, field string) {
	a := &api.Authorizer{Name: name, Type: typ, Source: l.at(field)}
	a.TTLSeconds = l.integer(o, fieldAuthorizerTTL, api.DefaultAuthorizerTTL, 0, api.MaxAuthorizerTTL)
	a.IdentitySources = l.identitySources(o, s, a)
	l.validationExpression(o, a)
	a.Gap = l.authorizerExtras(o)
	if uri, ok := l.str(o, fieldAuthorizerURI); ok {
		fn := l.function(uri, join(o.field, fieldAuthorizerURI), "authorizer")
		a.Function = fn.id
		firstGap(&a.Gap, fn.gap)
	} else {
		l.requireField(o, fieldAuthorizerURI, "the authorizer function's invocation ARN")
	}
	l.def.Authorizers[name] = a
}

// identitySources reads identitySource; a TOKEN authorizer without one
// reads the header its scheme names. A TOKEN authorizer has exactly one
// header source (T-2); a caching REQUEST authorizer needs one.
func (l *loader) identitySources(o object, s *openapi3.SecurityScheme, a *api.Authorizer) []api.IdentitySource {
	at := l.at(join(o.field, fieldIdentitySource))
	list, ok := l.str(o, fieldIdentitySource)
	switch {
	case !ok && present(o, fieldIdentitySource):
		return nil // not a string: reported by str
	case !ok && a.Type == api.AuthorizerToken:
		if s.In != inHeader || s.Name == "" {
			l.fail(api.KindInvalid, at, "missing, and the security scheme names no header (in: header, name: NAME) to read the token from")
			return nil
		}
		list = api.Source{Kind: api.SourceHeader, Name: s.Name}.String()
	}
	sources, err := api.ParseIdentitySources(list)
	if err != nil {
		l.fail(api.KindInvalid, at, "%v", err)
		return nil
	}
	switch {
	case a.Type == api.AuthorizerToken && (len(sources) != 1 || sources[0].Kind != api.SourceHeader):
		l.fail(api.KindInvalid, at, "%q: a TOKEN authorizer reads exactly one header, method.request.header.NAME (T-2)", list)
	case a.Type == api.AuthorizerRequest && len(sources) == 0 && a.TTLSeconds > 0:
		l.fail(api.KindInvalid, at, "missing: a REQUEST authorizer that caches (ttl %ds) needs identity sources for its cache key (R-4)", a.TTLSeconds)
	}
	return sources
}

func present(o object, key string) bool {
	_, ok := o.m[key]
	return ok
}

// validationExpression compiles the TOKEN regex once, in Go's RE2 (T-4);
// REQUEST authorizers ignore it, as AWS does.
func (l *loader) validationExpression(o object, a *api.Authorizer) {
	expr, ok := l.str(o, fieldValidationExpression)
	if !ok {
		return
	}
	at := l.at(join(o.field, fieldValidationExpression))
	if a.Type == api.AuthorizerRequest {
		l.warn(at, "ignored: REQUEST authorizers do not validate identities with a regex (T-4)")
		return
	}
	if err := a.SetValidation(expr); err != nil {
		l.fail(api.KindInvalid, at, "%v", err)
	}
}

// authorizerExtras handles the fields that are not about Lambda
// authorizers; an HTTP API's settings give the authorizer a Gap.
func (l *loader) authorizerExtras(o object) api.Gap {
	var gap api.Gap
	if present(o, fieldAuthorizerCredentials) {
		l.warn(l.at(join(o.field, fieldAuthorizerCredentials)), "the invocation role is recognised and ignored: apigw invokes the function directly")
	}
	if present(o, fieldProviderARNs) {
		l.fail(api.KindInvalid, l.at(join(o.field, fieldProviderARNs)), "providerARNs belong to Cognito user pool authorizers, not Lambda authorizers")
	}
	for _, k := range []string{fieldAuthorizerPayload, fieldSimpleResponses, fieldJWTConfiguration} {
		if present(o, k) {
			firstGap(&gap, l.gap(l.at(join(o.field, k)), "HTTP API authorizer settings ("+k+")", areNotYet))
		}
	}
	return gap
}
