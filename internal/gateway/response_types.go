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

// typeDefault is what a response type is before any customisation (G-1).
type typeDefault struct {
	status    int
	errorType string  // x-amzn-ErrorType
	message   *string // $context.error.message; nil renders messageString as null
	class     api.ResponseType
}

func text(s string) *string { return &s }

const (
	class4XX = api.ResponseDefault4XX
	class5XX = api.ResponseDefault5XX
)

// typeDefaults holds every type apigw can render: API Gateway's, from
// api's table (G-1), and apigw's own kinds above.
var typeDefaults = withAPITypes(map[api.ResponseType]typeDefault{
	responseLambdaProxyError: {502, "InternalServerErrorException", text("Internal server error"), class5XX},
	responseURITooLong:       {414, "RequestURITooLongException", text("Request URI too long"), class4XX},
	responseBadRequest:       {400, "BadRequestException", text("Bad Request"), class4XX},
	responseForbidden:        {403, "ForbiddenException", text(api.MessageForbidden), class4XX},
	responseRequestTimeout:   {408, "RequestTimeoutException", text("Request Timeout"), class4XX},
})

// withAPITypes adds API Gateway's response types to own.
func withAPITypes(own map[api.ResponseType]typeDefault) map[api.ResponseType]typeDefault {
	for _, t := range api.ResponseTypes() {
		d, _ := t.Defaults()
		td := typeDefault{status: d.Status, errorType: d.ErrorType, class: d.Parent}
		if d.Message != "" {
			td.message = text(d.Message)
		}
		own[t] = td
	}
	return own
}

// internal reports whether t is one of apigw's own response kinds.
func internal(t api.ResponseType) bool {
	switch t {
	case responseLambdaProxyError, responseURITooLong, responseBadRequest, responseForbidden, responseRequestTimeout:
		return true
	}
	return false
}
