package authorizer

import (
	"errors"

	"github.com/apigw/apigw/internal/api"
)

// Errors of Authorize. Match them with errors.Is; ResponseType maps them to
// the gateway response to send.
var (
	// ErrUnauthorized: 401 UNAUTHORIZED (T-3, T-4, R-3, O-7).
	ErrUnauthorized = errors.New("authorizer: unauthorized")
	// ErrConfiguration: 500 AUTHORIZER_CONFIGURATION_ERROR (O-3, O-4, O-8).
	ErrConfiguration = errors.New("authorizer: configuration error")
	// ErrAccessDenied: 403 ACCESS_DENIED; the error is a *DeniedError (O-9).
	ErrAccessDenied = errors.New("authorizer: access denied")
	// ErrInvalidAuthorizer is returned by New for a configuration apigw
	// cannot serve.
	ErrInvalidAuthorizer = errors.New("invalid authorizer")
)

// The message of each deny, as API Gateway words it (O-9).
const (
	MessageExplicitDeny = api.MessageExplicitDeny
	MessageImplicitDeny = api.MessageImplicitDeny
)

// UnauthorizedMessage is the function error message that means 401 (O-7).
const UnauthorizedMessage = "Unauthorized"

// DeniedError is the error of a policy that does not allow the request.
// Authorize returns one of two shared values: read it, do not modify it.
type DeniedError struct {
	Explicit bool // a Deny statement matched
}

var (
	errExplicitDeny = &DeniedError{Explicit: true}
	errImplicitDeny = &DeniedError{Explicit: false}
)

// Message is API Gateway's text for this deny (O-9).
func (e *DeniedError) Message() string {
	if e.Explicit {
		return MessageExplicitDeny
	}
	return MessageImplicitDeny
}

func (e *DeniedError) Error() string { return "authorizer: " + e.Message() }

// Is makes errors.Is(err, ErrAccessDenied) true.
func (e *DeniedError) Is(target error) bool { return target == ErrAccessDenied }

// ResponseType is the gateway response for an error of Authorize: "" for
// nil, and AUTHORIZER_CONFIGURATION_ERROR for any error it does not know,
// so that an unexpected error never lets a request through.
func ResponseType(err error) api.ResponseType {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrUnauthorized):
		return api.ResponseUnauthorized
	case errors.Is(err, ErrAccessDenied):
		return api.ResponseAccessDenied
	default:
		return api.ResponseAuthorizerConfigurationError
	}
}
