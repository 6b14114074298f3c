package openapi

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/apigw/apigw/internal/api"
)

// defaultCognitoHeader is where a Cognito user pool authorizer reads the
// token when neither identitySource nor the scheme names a header.
const defaultCognitoHeader = "Authorization"

// cognitoAuthorizer reads a cognito_user_pools authorizer: the issuer of
// each user pool in providerARNs, the header the token is read from (its
// value is the token, no Bearer prefix), and the identityValidationExpression
// its aud is matched against (T-4). Its results are not cached.
func (l *loader) cognitoAuthorizer(name string, s *openapi3.SecurityScheme, o object, field string) *scheme {
	a := &api.Authorizer{Name: name, Type: api.AuthorizerCognito, Source: l.at(field), JWT: &api.JWTConfig{}}
	at := join(o.field, fieldProviderARNs)
	raw, ok := o.m[fieldProviderARNs]
	if !ok {
		l.requireField(o, fieldProviderARNs, "the user pool ARNs whose tokens it accepts")
	}
	for _, arn := range l.stringList(raw, at) {
		iss, err := api.CognitoIssuer(arn)
		if err != nil {
			l.badUserPool(a, at, err)
			continue
		}
		a.JWT.Issuers = append(a.JWT.Issuers, iss)
	}
	a.IdentitySources = l.cognitoSource(o, s)
	if expr, ok := l.str(o, fieldValidationExpression); ok {
		if err := a.SetValidation(expr); err != nil {
			l.fail(api.KindInvalid, l.at(join(o.field, fieldValidationExpression)), "%v", err)
		}
	}
	l.def.Authorizers[name] = a
	return &scheme{kind: schemeLambda, field: field}
}

// badUserPool fails a user pool ARN apigw cannot read, unless only a
// deployment knows it (a parameter without a value, an import): then the
// authorizer gets a Gap and its routes fail closed.
func (l *loader) badUserPool(a *api.Authorizer, at string, err error) {
	if gap := l.deploymentGap(at, "a Cognito user pool"); gap.Missing() {
		a.Gap = gap
		return
	}
	l.fail(api.KindInvalid, l.at(at), "%v", err)
}

// cognitoSource is the one header a Cognito authorizer reads.
func (l *loader) cognitoSource(o object, s *openapi3.SecurityScheme) []api.IdentitySource {
	list, ok := l.str(o, fieldIdentitySource)
	if !ok {
		name := defaultCognitoHeader
		if s.In == inHeader && s.Name != "" {
			name = s.Name
		}
		return []api.IdentitySource{{Kind: api.SourceHeader, Name: name}}
	}
	sources, err := api.ParseIdentitySources(list)
	if err != nil || len(sources) != 1 || sources[0].Kind != api.SourceHeader {
		l.fail(api.KindInvalid, l.at(join(o.field, fieldIdentitySource)), "%q: a Cognito authorizer reads exactly one header, method.request.header.NAME", list)
		return nil
	}
	return sources
}

// setScopes gives r the scopes its security requirement lists, if any.
func setScopes(r *api.Route, scopes []string) {
	if len(scopes) > 0 {
		r.Scopes = scopes
	}
}
