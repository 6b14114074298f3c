package sam

import (
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// An HTTP API's CORS configuration: SAM's and AWS::ApiGatewayV2::Api's
// CorsConfiguration (PascalCase; SAM also takes `true`, which allows every
// origin, header and method), or the definition's
// x-amazon-apigateway-cors (camelCase), which SAM's property replaces.

// propHTTPCors is an HTTP API's CORS configuration (SAM and AWS::ApiGatewayV2::Api).
const (
	propHTTPCors = "CorsConfiguration"
	corsExt      = "x-amazon-apigateway-cors"
)

// corsKeys name a CORS configuration's properties.
type corsKeys struct{ origins, methods, headers, expose, credentials, maxAge string }

var (
	cfnCorsKeys = corsKeys{"AllowOrigins", "AllowMethods", "AllowHeaders", "ExposeHeaders", "AllowCredentials", "MaxAge"}
	oasCorsKeys = corsKeys{"allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "allowCredentials", "maxAge"}
)

// httpCors reads the CORS configuration of an HTTP API whose properties
// are f and whose definition (nil for none) is doc, declared under docKey.
func (l *loader) httpCors(f fields, doc *yaml.Node, docKey string) *api.Cors {
	if v := f.value(propHTTPCors); v != nil {
		if v.Kind == yaml.ScalarNode {
			if !f.boolean(propHTTPCors) {
				return nil
			}
			all := []string{"*"}
			return &api.Cors{AllowOrigins: all, AllowMethods: all, AllowHeaders: all, MaxAge: -1, Source: f.at(propHTTPCors)}
		}
		return l.corsOf(f.sub(propHTTPCors), cfnCorsKeys)
	}
	if ext := cfn.Lookup(doc, corsExt); ext != nil {
		return l.corsOf(l.fields(f.at(docKey+"."+corsExt), ext), oasCorsKeys)
	}
	return nil
}

// corsOf reads one CORS configuration. AllowCredentials with every
// origin allowed is refused, as API Gateway refuses it.
func (l *loader) corsOf(f fields, k corsKeys) *api.Cors {
	c := &api.Cors{AllowOrigins: f.strings(k.origins), AllowMethods: upper(f.strings(k.methods)), AllowHeaders: f.strings(k.headers),
		ExposeHeaders: f.strings(k.expose), AllowCredentials: f.boolean(k.credentials), MaxAge: f.integer(k.maxAge, -1), Source: f.loc}
	if c.AllowCredentials && slices.Contains(c.AllowOrigins, "*") {
		f.fail(k.credentials, "AllowCredentials cannot be true when AllowOrigins has \"*\" (API Gateway refuses it)")
	}
	if f.has(k.maxAge) && (c.MaxAge < 0 || c.MaxAge > 86400) {
		f.fail(k.maxAge, "%d: MaxAge is 0 to 86400 seconds", c.MaxAge)
	}
	return c
}

func upper(s []string) []string {
	for i := range s {
		s[i] = strings.ToUpper(s[i])
	}
	return s
}
