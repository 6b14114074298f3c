package runtimeapi

import (
	"errors"
	"strconv"

	"github.com/apigw/apigw/internal/event"
)

var (
	// ErrBusy: Submit while an invocation is pending or running.
	ErrBusy = errors.New("runtimeapi: an invocation is already in progress")
	// ErrClosed: the server was closed.
	ErrClosed = errors.New("runtimeapi: closed")
	// ErrInvalidRequestID: a post named a request id that is not running.
	ErrInvalidRequestID = errors.New("runtimeapi: " + MessageInvalidRequestID)
	// ErrTooLarge: a body over MaxPayloadSize.
	ErrTooLarge = errors.New("runtimeapi: payload exceeds 6291456 bytes")
	// errGone: the poller went away before anything was handed to it.
	errGone = errors.New("runtimeapi: poller disconnected")
)

// InitError is the error a runtime reported on /runtime/init/error. It
// unwraps to the function error the runtime posted.
type InitError struct {
	Err *event.FunctionError
}

func (e *InitError) Error() string { return "init error: " + e.Err.Error() }

// Unwrap returns the posted function error.
func (e *InitError) Unwrap() error { return e.Err }

// RequestIDError is a post for a request id other than the running one.
type RequestIDError struct {
	Got, Running string // Running is "" when nothing runs
}

func (e *RequestIDError) Error() string {
	return "runtime posted for request id " + quote(e.Got) + ", running " + quote(e.Running)
}

// Unwrap makes the error match ErrInvalidRequestID.
func (e *RequestIDError) Unwrap() error { return ErrInvalidRequestID }

// quote shortens s (an id a runtime made up may be long) and quotes it.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strconv.Quote(s)
}
