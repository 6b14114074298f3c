package gateway

import "github.com/apigw/apigw/internal/api"

// Responses apigw produces that are not gateway response types of their
// own. Users cannot customise them directly; they inherit the DEFAULT_xXX
// customisation of their status class (UNCONFIRMED on AWS) and report that
// class as $context.error.responseType.
const (
	// responseLambdaProxyError: malformed Lambda-proxy output or a function
	// error, 502 {"message":"Internal server error"} (L-3).
	responseLambdaProxyError api.ResponseType = "apigw:LAMBDA_PROXY_ERROR"
	// responseURITooLong: a method ARN over 1600 bytes (P-1, spec section 10).
	responseURITooLong api.ResponseType = "apigw:URI_TOO_LONG"
	// responseBadRequest: a request path the router cannot read (bad
	// percent-escape) or with a "." or ".." segment (BAD-3, before
	// routing), or such a path parameter for an HTTP backend (UNCONFIRMED
	// on AWS).
	responseBadRequest api.ResponseType = "apigw:BAD_REQUEST"
	// responseForbidden: with --stage-prefix, a path whose first segment is
	// no served stage; execute-api answers 403 {"message":"Forbidden"}
	// there (OBS: OWASP/Serverless-Goat#14, zappa/Zappa#502).
	responseForbidden api.ResponseType = "apigw:FORBIDDEN"
	// responseRequestTimeout: a client that did not send its whole request
	// (headers and body) within the front end's read timeout. AWS's edge
	// behaviour is undocumented; apigw answers 408 and closes.
	responseRequestTimeout api.ResponseType = "apigw:REQUEST_TIMEOUT"
)

// Messages of ACCESS_DENIED after a Lambda authorizer's policy (O-9).
const (
	MessageImplicitDeny = "User is not authorized to access this resource"
	MessageExplicitDeny = "User is not authorized to access this resource with an explicit deny"
)

// typeDefault is what a response type is before any customisation (G-1).
type typeDefault struct {
	status    int
	errorType string  // x-amzn-ErrorType
	message   *string // $context.error.message; nil renders messageString as null
	class     api.ResponseType
}

var (
	msgImplicitDeny = MessageImplicitDeny
	msgExplicitDeny = MessageExplicitDeny
)

// denyMessage returns the O-9 message for an explicit or implicit deny, to
// pass as renderVars.Message with ACCESS_DENIED.
func denyMessage(explicit bool) *string {
	if explicit {
		return &msgExplicitDeny
	}
	return &msgImplicitDeny
}

func text(s string) *string { return &s }

const (
	class4XX = api.ResponseDefault4XX
	class5XX = api.ResponseDefault5XX
)

// typeDefaults holds every type apigw can render. Statuses and the error
// types marked in G-1 come from AWS; messages are AWS's where a source
// exists (spec T-3, O-7..O-9, PIPE-2, section 10; OBS ministackorg/ministack#1746
// for INVALID_API_KEY, THROTTLED, QUOTA_EXCEEDED, BAD_REQUEST_BODY,
// UNSUPPORTED_MEDIA_TYPE) and UNCONFIRMED otherwise.
var typeDefaults = map[api.ResponseType]typeDefault{
	api.ResponseAccessDenied:                 {403, "AccessDeniedException", &msgImplicitDeny, class4XX},
	api.ResponseAPIConfigurationError:        {500, "ApiConfigurationException", text("Internal server error"), class5XX},
	api.ResponseAuthorizerConfigurationError: {500, "AuthorizerConfigurationException", nil, class5XX},
	api.ResponseAuthorizerFailure:            {500, "AuthorizerFailureException", nil, class5XX},
	api.ResponseBadRequestParameters:         {400, "BadRequestException", text("Invalid request parameters"), class4XX},
	api.ResponseBadRequestBody:               {400, "BadRequestException", text("Invalid request body"), class4XX},
	api.ResponseDefault4XX:                   {400, "BadRequestException", text("Bad Request"), ""},
	api.ResponseDefault5XX:                   {500, "InternalServerErrorException", text("Internal server error"), ""},
	api.ResponseExpiredToken:                 {403, "ExpiredTokenException", text("The security token included in the request is expired"), class4XX},
	api.ResponseIntegrationFailure:           {504, "InternalServerErrorException", text("Internal server error"), class5XX},
	api.ResponseIntegrationTimeout:           {504, "InternalServerErrorException", text("Endpoint request timed out"), class5XX},
	api.ResponseInvalidAPIKey:                {403, "ForbiddenException", text("Forbidden"), class4XX},
	api.ResponseInvalidSignature:             {403, "InvalidSignatureException", text("The request signature we calculated does not match the signature you provided"), class4XX},
	api.ResponseMissingAuthenticationToken:   {403, "MissingAuthenticationTokenException", text("Missing Authentication Token"), class4XX},
	api.ResponseQuotaExceeded:                {429, "LimitExceededException", text("Limit Exceeded"), class4XX},
	api.ResponseRequestTooLarge:              {413, "RequestTooLargeException", text("Request Too Long"), class4XX},
	api.ResponseResourceNotFound:             {404, "NotFoundException", text("Not Found"), class4XX},
	api.ResponseThrottled:                    {429, "TooManyRequestsException", text("Too Many Requests"), class4XX},
	api.ResponseUnauthorized:                 {401, "UnauthorizedException", text("Unauthorized"), class4XX},
	api.ResponseUnsupportedMediaType:         {415, "BadRequestException", text("Unsupported Media Type"), class4XX},
	api.ResponseWAFFiltered:                  {403, "WAFFilteredException", text("Forbidden"), class4XX},

	responseLambdaProxyError: {502, "InternalServerErrorException", text("Internal server error"), class5XX},
	responseURITooLong:       {414, "RequestURITooLongException", text("Request URI too long"), class4XX},
	responseBadRequest:       {400, "BadRequestException", text("Bad Request"), class4XX},
	responseForbidden:        {403, "ForbiddenException", text("Forbidden"), class4XX},
	responseRequestTimeout:   {408, "RequestTimeoutException", text("Request Timeout"), class4XX},
}

// internal reports whether t is one of apigw's own response kinds.
func internal(t api.ResponseType) bool {
	switch t {
	case responseLambdaProxyError, responseURITooLong, responseBadRequest, responseForbidden, responseRequestTimeout:
		return true
	}
	return false
}
