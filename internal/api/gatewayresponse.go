package api

import "strings"

// ResponseType names a gateway response (G-1).
type ResponseType string

// Gateway response types apigw produces or lets users customise.
const (
	ResponseAccessDenied                 ResponseType = "ACCESS_DENIED"
	ResponseAPIConfigurationError        ResponseType = "API_CONFIGURATION_ERROR"
	ResponseAuthorizerConfigurationError ResponseType = "AUTHORIZER_CONFIGURATION_ERROR"
	ResponseAuthorizerFailure            ResponseType = "AUTHORIZER_FAILURE"
	ResponseBadRequestParameters         ResponseType = "BAD_REQUEST_PARAMETERS"
	ResponseBadRequestBody               ResponseType = "BAD_REQUEST_BODY"
	ResponseDefault4XX                   ResponseType = "DEFAULT_4XX"
	ResponseDefault5XX                   ResponseType = "DEFAULT_5XX"
	ResponseExpiredToken                 ResponseType = "EXPIRED_TOKEN"
	ResponseIntegrationFailure           ResponseType = "INTEGRATION_FAILURE"
	ResponseIntegrationTimeout           ResponseType = "INTEGRATION_TIMEOUT"
	ResponseInvalidAPIKey                ResponseType = "INVALID_API_KEY"
	ResponseInvalidSignature             ResponseType = "INVALID_SIGNATURE"
	ResponseMissingAuthenticationToken   ResponseType = "MISSING_AUTHENTICATION_TOKEN"
	ResponseQuotaExceeded                ResponseType = "QUOTA_EXCEEDED"
	ResponseRequestTooLarge              ResponseType = "REQUEST_TOO_LARGE"
	ResponseResourceNotFound             ResponseType = "RESOURCE_NOT_FOUND"
	ResponseThrottled                    ResponseType = "THROTTLED"
	ResponseUnauthorized                 ResponseType = "UNAUTHORIZED"
	ResponseUnsupportedMediaType         ResponseType = "UNSUPPORTED_MEDIA_TYPE"
	ResponseWAFFiltered                  ResponseType = "WAF_FILTERED"
)

// GatewayResponse is a user's customisation of one response type.
type GatewayResponse struct {
	StatusCode int // 0: the type's default (or its DEFAULT_xXX's)
	// Headers maps a header name to its source expression as written:
	// "'static'", "method.request.header.X", "stageVariables.X", "context.X".
	Headers map[string]string
	// Templates maps a content type to a body template ($context.* substituted).
	Templates map[string]string
	// Source is where the customisation was declared.
	Source Location
}

// StaticValue returns the literal of a quoted parameter mapping source
// ('value'), as API Gateway writes static header values.
func StaticValue(expr string) (string, bool) {
	if len(expr) >= 2 && expr[0] == '\'' && expr[len(expr)-1] == '\'' {
		return expr[1 : len(expr)-1], true
	}
	return "", false
}

// headerSourcePrefixes start a gateway response header source that is not
// a 'static' value (G-4).
var headerSourcePrefixes = []string{
	"method.request.header.", "method.request.querystring.", "method.request.path.",
	"stageVariables.", "context.",
}

// ValidHeaderSource reports whether expr is a gateway response header
// source: a quoted 'static' value or one of the prefixes above with a name.
// Loaders check it so a bad value is reported with its location.
func ValidHeaderSource(expr string) bool {
	if _, ok := StaticValue(expr); ok {
		return true
	}
	for _, p := range headerSourcePrefixes {
		if rest, ok := strings.CutPrefix(expr, p); ok && rest != "" {
			return true
		}
	}
	return false
}
