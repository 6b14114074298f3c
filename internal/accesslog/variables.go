package accesslog

import (
	"strconv"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/record"
)

// variables render the $context variables a record knows.
var variables = map[string]renderer{
	"requestId":          str(func(r *record.Record) string { return r.RequestID }),
	"extendedRequestId":  str(func(r *record.Record) string { return r.ExtendedRequestID }),
	"apiId":              str(func(r *record.Record) string { return r.APIID }),
	"stage":              str(func(r *record.Record) string { return r.Stage }),
	"httpMethod":         str(func(r *record.Record) string { return r.Method }),
	"routeKey":           str(func(r *record.Record) string { return r.Route }),
	"resourcePath":       str(resourcePath),
	"protocol":           str(func(r *record.Record) string { return r.Protocol }),
	"domainName":         str(func(r *record.Record) string { return r.Host }),
	"domainPrefix":       str(domainPrefix),
	"identity.sourceIp":  str(func(r *record.Record) string { return r.SourceIP }),
	"identity.userAgent": str(func(r *record.Record) string { return r.UserAgent }),
	"error.responseType": str(func(r *record.Record) string { return r.ErrorType }),
	"error.message":      str(func(r *record.Record) string { return r.ErrorMessage }),
	"error.messageString": func(b []byte, r *record.Record, _ string) []byte {
		if r.ErrorMessage == "" {
			return b
		}
		return strconv.AppendQuote(b, r.ErrorMessage)
	},
	"integration.requestId": str(func(r *record.Record) string {
		return r.Integration.FunctionRequestID
	}),
	"authorizer.principalId": str(func(r *record.Record) string { return r.Auth.Principal }),
	"path":                   appendPath,
	"status":                 num(func(r *record.Record) (int64, bool) { return int64(r.Status), r.Status != 0 }),
	"responseLength":         num(func(r *record.Record) (int64, bool) { return int64(r.ResponseLength), true }),
	"requestTimeEpoch":       num(func(r *record.Record) (int64, bool) { return r.Time.UnixMilli(), !r.Time.IsZero() }),
	"requestTime":            appendRequestTime,
	"responseLatency":        millis(func(r *record.Record) (time.Duration, bool) { return r.Latency.Total, true }),
	"integrationLatency":     millis(integrationLatency),
	"integration.latency":    millis(integrationLatency),
	"authorizer.latency":     millis(authorizerLatency),
	"authorize.latency":      millis(authorizerLatency),
	"authorizer.status":      num(authorizeStatus),
	"authorize.status":       num(authorizeStatus),
	"integration.status": num(func(r *record.Record) (int64, bool) {
		return int64(r.Integration.Status), r.Integration.Status != 0
	}),
	"integrationStatus":             num(serviceStatus),
	"integration.integrationStatus": num(serviceStatus),
	"authorizer.integrationLatency": millis(func(r *record.Record) (time.Duration, bool) {
		return r.Latency.Authorizer, record.CalledFunction(r.Auth.Cache)
	}),
	"authorizer.integrationStatus": num(func(r *record.Record) (int64, bool) { return 200, record.CalledFunction(r.Auth.Cache) }),
	"accountId":                    func(b []byte, _ *record.Record, accountID string) []byte { return appendValue(b, accountID) },
}

// unrecorded are the variables API Gateway defines whose values apigw
// does not have (Cognito, IAM, WAF, X-Ray, custom domains, error
// messages): they render "-" without a warning.
var unrecorded = strings.Fields(`authenticate.error authenticate.latency authenticate.status
	authorize.error authorizer.error
	awsEndpointRequestId awsEndpointRequestId2 customDomain.basePathMatched dataProcessed
	error.validationErrorString
	identity.accountId identity.apiKey identity.apiKeyId identity.caller identity.clientCert.clientCertPem
	identity.clientCert.subjectDN identity.clientCert.issuerDN identity.clientCert.serialNumber
	identity.clientCert.validity.notBefore identity.clientCert.validity.notAfter
	identity.cognitoAuthenticationProvider identity.cognitoAuthenticationType identity.cognitoIdentityId
	identity.cognitoIdentityPoolId identity.principalOrgId identity.user identity.userArn identity.vpcId identity.vpceId
	integration.error integrationErrorMessage
	isCanaryRequest requestOverride.header requestOverride.path requestOverride.querystring
	responseOverride.header responseOverride.status resourceId waf.error waf.latency waf.status
	wafResponseCode webaclArn xrayTraceId`)

// lookup finds name's renderer; known is false for a name API Gateway
// does not define. $context.authorizer.<key> is the authorizer context's
// key; $context.authorizer.claims.<name> (Cognito, JWT) is unrecorded.
func lookup(name string) (render renderer, known bool) {
	if r, ok := variables[name]; ok {
		return r, true
	}
	if isUnrecorded(name) {
		return none, true
	}
	if key, ok := strings.CutPrefix(name, "authorizer."); ok {
		return authorizerContext(key), true
	}
	return none, false
}

func isUnrecorded(name string) bool {
	for _, u := range unrecorded {
		if name == u {
			return true
		}
	}
	return strings.HasPrefix(name, "authorizer.claims.") || strings.HasPrefix(name, "requestOverride.") ||
		strings.HasPrefix(name, "responseOverride.")
}

func none(b []byte, _ *record.Record, _ string) []byte { return b }

func str(get func(*record.Record) string) renderer {
	return func(b []byte, r *record.Record, _ string) []byte { return appendValue(b, get(r)) }
}

func num(get func(*record.Record) (int64, bool)) renderer {
	return func(b []byte, r *record.Record, _ string) []byte {
		if n, ok := get(r); ok {
			return strconv.AppendInt(b, n, 10)
		}
		return b
	}
}

func millis(get func(*record.Record) (time.Duration, bool)) renderer {
	return num(func(r *record.Record) (int64, bool) {
		d, ok := get(r)
		return d.Milliseconds(), ok
	})
}

func authorizerContext(key string) renderer {
	return str(func(r *record.Record) string { return r.Auth.Context[key] })
}

// appendValue appends s with control characters escaped (a value never
// splits the line).
func appendValue(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			b = append(b, `\u00`...)
			b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
			continue
		}
		b = append(b, c)
	}
	return b
}

const hexDigits = "0123456789abcdef"

// resourcePath is the matched route's path: "GET /pets/{id}" gives
// "/pets/{id}"; an HTTP API's "$default" stays.
func resourcePath(r *record.Record) string {
	if _, path, ok := strings.Cut(r.Route, " "); ok {
		return path
	}
	return r.Route
}

// appendPath is the request path with its stage, as the client sent it
// ($context.path); an HTTP API's $default stage has no segment.
func appendPath(b []byte, r *record.Record, _ string) []byte {
	if r.Path == "" {
		return b
	}
	if r.Stage != "" && r.Stage != "$default" {
		b = appendValue(append(b, '/'), r.Stage)
	}
	return appendValue(b, r.Path)
}

func domainPrefix(r *record.Record) string {
	p, _, _ := strings.Cut(r.Host, ".")
	return p
}

// clfTime is the Common Log Format's time layout.
const clfTime = "02/Jan/2006:15:04:05 -0700"

func appendRequestTime(b []byte, r *record.Record, _ string) []byte {
	if r.Time.IsZero() {
		return b
	}
	return r.Time.UTC().AppendFormat(b, clfTime)
}

func integrationLatency(r *record.Record) (time.Duration, bool) {
	return r.Latency.Integration, r.Integration.Kind != "" && r.Latency.Integration > 0
}

func authorizerLatency(r *record.Record) (time.Duration, bool) {
	return r.Latency.Authorizer, r.Auth.Outcome != "" && r.Auth.Outcome != record.OutcomeSkipped
}

// authorizeStatuses are the statuses of the authorization step by outcome.
var authorizeStatuses = map[string]int64{
	record.OutcomeAllow: 200, record.OutcomeDeny: 403, record.OutcomeUnauthorized: 401, record.OutcomeError: 500,
}

func authorizeStatus(r *record.Record) (int64, bool) {
	s, ok := authorizeStatuses[r.Auth.Outcome]
	return s, ok
}

// serviceStatus is $context.integrationStatus: for a Lambda proxy
// integration the Lambda service's status, 200 once the function was
// invoked (a function error included; its own statusCode is
// integration.status), for the others the integration's status, as
// AWS's access-logging variables page defines them.
func serviceStatus(r *record.Record) (int64, bool) {
	if r.Integration.Kind == record.KindLambda {
		return 200, r.Integration.FunctionRequestID != ""
	}
	return int64(r.Integration.Status), r.Integration.Status != 0
}
