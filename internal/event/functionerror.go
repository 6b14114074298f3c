package event

import (
	"encoding/json"
	"errors"
)

// JSON field names of a function error, as the Lambda Runtime API and every
// official runtime client write them.
const (
	FieldErrorType    = "errorType"
	FieldErrorMessage = "errorMessage"
	FieldStackTrace   = "stackTrace"
)

// FunctionError is the error a function returned (a handler that threw or
// called back with an error, a timeout, a crash). Invokers return it, wrapped
// or not, as the error of Invoke; callers match it with errors.As.
type FunctionError struct {
	Type       string          `json:"errorType"`
	Message    string          `json:"errorMessage"`
	StackTrace json.RawMessage `json:"stackTrace,omitempty"`
	// Body is the raw error document the function posted, when it posted one.
	Body []byte `json:"-"`
}

// Error returns the function's error message, prefixed with its type when set.
func (e *FunctionError) Error() string {
	if e.Type == "" {
		return e.Message
	}
	return e.Type + ": " + e.Message
}

// ErrMalformedOutput is what an invoker's error wraps when the function
// answered with output that is no JSON value the caller can read: not JSON,
// empty, or JSON the decoder refuses (nested too deep). It is the function's
// fault, not the invoker's; callers match it with errors.Is (an integration
// answers it as a malformed response, L-3).
var ErrMalformedOutput = errors.New("function output is not valid JSON")
