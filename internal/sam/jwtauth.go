package sam

import (
	"go.yaml.in/yaml/v3"

	"github.com/apigw/apigw/internal/api"
)

// JWT and Cognito user pool authorizers: SAM's OAuth2Authorizer (an
// HttpApi's Auth.Authorizers with JwtConfiguration), its CognitoAuthorizer
// (an Api's Auth.Authorizers with UserPoolArn), AWS::ApiGatewayV2::Authorizer
// of type JWT and OpenAPI's x-amazon-apigateway-authorizer of type jwt.
// Routes name scopes with Auth.AuthorizationScopes (events), the
// authorizer's AuthorizationScopes (its default), or AuthorizationScopes
// (AWS::ApiGatewayV2::Route).

// jwtKeys name a JWT authorizer's properties in one spelling.
type jwtKeys struct{ config, issuer, audience, sources string }

var (
	samJWTKeys = jwtKeys{"JwtConfiguration", "issuer", "audience", "IdentitySource"}
	v2JWTKeys  = jwtKeys{"JwtConfiguration", "Issuer", "Audience", "IdentitySource"}
	oasJWTKeys = jwtKeys{"jwtConfiguration", "issuer", "audience", "identitySource"}
)

// Properties of JWT and Cognito authorizers and of routes using them.
const (
	propJWTConfig     = "JwtConfiguration"
	propAuthScopes    = "AuthorizationScopes"
	defaultJWTSource  = "$request.header.Authorization"
	jwtTypeV2         = "JWT"
	noAudienceWarning = "authorizer %s: JwtConfiguration has no audience, so every token is refused (aud or client_id must match one)"
)

// jwtAuthorizer reads a JWT authorizer of an HTTP API: its issuer, its
// audience and the one identity source the token is read from
// ($request.header.Authorization by default).
func (l *loader) jwtAuthorizer(name string, f fields, k jwtKeys) *api.Authorizer {
	az := &api.Authorizer{Name: name, Type: api.AuthorizerJWT, Source: f.loc, JWT: &api.JWTConfig{}}
	c := f.sub(k.config)
	if iss := c.str(k.issuer, ""); iss != "" {
		az.JWT.Issuers = []string{iss}
	} else {
		c.fail(k.issuer, "a JWT authorizer needs an issuer")
	}
	if az.JWT.Audience = c.strings(k.audience); len(az.JWT.Audience) == 0 {
		l.warnAt(c.loc, noAudienceWarning, name)
	}
	exprs := httpSources(f, k.sources)
	if len(exprs) == 0 {
		exprs = []string{defaultJWTSource}
	}
	for _, expr := range exprs {
		s, err := api.ParseHTTPIdentitySource(expr)
		if err != nil {
			f.fail(k.sources, "%v", err)
			continue
		}
		az.IdentitySources = append(az.IdentitySources, s)
	}
	return az
}

// cognitoAuthorizer reads SAM's CognitoAuthorizer: the issuer of each
// user pool UserPoolArn names (one ARN or a list), the header the token
// is read from (Identity.Header, default Authorization) and
// Identity.ValidationExpression, matched against aud (T-4).
func (l *loader) cognitoAuthorizer(name string, f fields, a *api.API) {
	az := &api.Authorizer{Name: name, Type: api.AuthorizerCognito, Source: f.loc, JWT: &api.JWTConfig{}}
	mark := l.mark()
	var arns []string
	if v := f.value(authUserPoolArn); v != nil && v.Kind == yaml.SequenceNode {
		arns = f.strings(authUserPoolArn)
	} else {
		arns = []string{f.str(authUserPoolArn, "")}
	}
	for _, arn := range arns {
		iss, err := api.CognitoIssuer(arn)
		if used := l.since(mark); err != nil && len(used) > 0 { // a pool only a deployment knows: its routes fail closed
			az.Gap = l.deploymentGap(f.at(authUserPoolArn), "a Cognito user pool", used)
			continue
		}
		if err != nil {
			f.fail(authUserPoolArn, "%v", err)
			continue
		}
		az.JWT.Issuers = append(az.JWT.Issuers, iss)
	}
	id := f.sub(authIdentity)
	az.IdentitySources = l.sources(id, identityHeader, api.SourceHeader, []string{id.str(identityHeader, defaultTokenHeader)})
	if err := az.SetValidation(id.str(identityValidation, "")); err != nil {
		id.fail(identityValidation, "%v", err)
	}
	a.Authorizers[name] = az
}

// defaultScopes gives route r its authorizer's AuthorizationScopes when
// its event named none.
func (b *apiBuild) defaultScopes(r *api.Route) {
	if r.Scopes == nil && r.Authorizer != "" {
		r.Scopes = b.authScopes[r.Authorizer]
	}
}

// noteScopes keeps an authorizer's AuthorizationScopes, the default of
// the routes that use it.
func (b *apiBuild) noteScopes(name string, f fields) {
	if s := f.strings(propAuthScopes); len(s) > 0 {
		if b.authScopes == nil {
			b.authScopes = map[string][]string{}
		}
		b.authScopes[name] = s
	}
}

// scalars are the strings of a YAML list (an OpenAPI security
// requirement's scopes); nil for anything else.
func scalars(n *yaml.Node) []string {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []string
	for _, c := range n.Content {
		if s, ok := cfnScalar(c); ok {
			out = append(out, s)
		}
	}
	return out
}
