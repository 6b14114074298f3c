package api

import (
	"maps"
	"slices"
)

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

// ResponseDefaults is what a gateway response type is before any
// customisation (G-1).
type ResponseDefaults struct {
	Status    int    // default status code
	ErrorType string // x-amzn-ErrorType
	// Message is $context.error.message; "" renders messageString as null
	// (the authorizer 5xx types, O-8).
	Message string
	// Parent is the DEFAULT_4XX or DEFAULT_5XX type whose customisation
	// applies when this type has none (G-3); "" for those two.
	Parent ResponseType
}

// responseDefaults is the one table of gateway response types (G-1).
// Statuses and the error types marked in G-1 come from AWS; messages are
// AWS's where a source exists (spec T-3, O-7..O-9, PIPE-2, section 10; OBS
// ministackorg/ministack#1746 for INVALID_API_KEY, THROTTLED,
// QUOTA_EXCEEDED, BAD_REQUEST_BODY, UNSUPPORTED_MEDIA_TYPE) and UNCONFIRMED
// otherwise. G-1 gives DEFAULT_4XX and DEFAULT_5XX no status; 400 and 500
// are what they render as themselves. UNAUTHORIZED falls back to
// DEFAULT_4XX as LocalStack does (the docs name no parent).
var responseDefaults = map[ResponseType]ResponseDefaults{
	ResponseAccessDenied:                 {403, "AccessDeniedException", MessageImplicitDeny, ResponseDefault4XX},
	ResponseAPIConfigurationError:        {500, "ApiConfigurationException", "Internal server error", ResponseDefault5XX},
	ResponseAuthorizerConfigurationError: {500, "AuthorizerConfigurationException", "", ResponseDefault5XX},
	ResponseAuthorizerFailure:            {500, "AuthorizerFailureException", "", ResponseDefault5XX},
	ResponseBadRequestParameters:         {400, "BadRequestException", "Invalid request parameters", ResponseDefault4XX},
	ResponseBadRequestBody:               {400, "BadRequestException", "Invalid request body", ResponseDefault4XX},
	ResponseDefault4XX:                   {400, "BadRequestException", "Bad Request", ""},
	ResponseDefault5XX:                   {500, "InternalServerErrorException", "Internal server error", ""},
	ResponseExpiredToken:                 {403, "ExpiredTokenException", "The security token included in the request is expired", ResponseDefault4XX},
	ResponseIntegrationFailure:           {504, "InternalServerErrorException", "Internal server error", ResponseDefault5XX},
	ResponseIntegrationTimeout:           {504, "InternalServerErrorException", "Endpoint request timed out", ResponseDefault5XX},
	ResponseInvalidAPIKey:                {403, "ForbiddenException", MessageForbidden, ResponseDefault4XX},
	ResponseInvalidSignature:             {403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided", ResponseDefault4XX},
	ResponseMissingAuthenticationToken:   {403, "MissingAuthenticationTokenException", "Missing Authentication Token", ResponseDefault4XX},
	ResponseQuotaExceeded:                {429, "LimitExceededException", "Limit Exceeded", ResponseDefault4XX},
	ResponseRequestTooLarge:              {413, "RequestTooLargeException", "Request Too Long", ResponseDefault4XX},
	ResponseResourceNotFound:             {404, "NotFoundException", "Not Found", ResponseDefault4XX},
	ResponseThrottled:                    {429, "TooManyRequestsException", "Too Many Requests", ResponseDefault4XX},
	ResponseUnauthorized:                 {401, "UnauthorizedException", MessageUnauthorized, ResponseDefault4XX},
	ResponseUnsupportedMediaType:         {415, "BadRequestException", "Unsupported Media Type", ResponseDefault4XX},
	ResponseWAFFiltered:                  {403, "WAFFilteredException", MessageForbidden, ResponseDefault4XX},
}

// Defaults returns the type's defaults; ok is false for a type API
// Gateway does not have.
func (t ResponseType) Defaults() (d ResponseDefaults, ok bool) {
	d, ok = responseDefaults[t]
	return d, ok
}

// KnownResponseType reports whether t is one of API Gateway's response
// types, which users may customise (G-1).
func KnownResponseType(t ResponseType) bool {
	_, ok := responseDefaults[t]
	return ok
}

// ResponseTypes lists every gateway response type, sorted.
func ResponseTypes() []ResponseType {
	return slices.Sorted(maps.Keys(responseDefaults))
}

// ResponseHeaderPrefix starts a gateway response's responseParameters key
// (G-4): gatewayresponse.header.NAME. GatewayResponse.Headers keys are the
// names without it.
const ResponseHeaderPrefix = "gatewayresponse.header."

// GatewayResponse is a user's customisation of one response type.
type GatewayResponse struct {
	StatusCode int // 0: the type's default (or its DEFAULT_xXX's)
	// Headers maps a header name to its source expression as written:
	// "'static'", "method.request.header.X", "stageVariables.X", "context.X".
	// Loaders check each with ParseHeaderSource, which the gateway compiles
	// them with.
	Headers map[string]string
	// Templates maps a content type to a body template ($context.* substituted).
	Templates map[string]string
	// Source is where the customisation was declared.
	Source Location
}
