package lambda

import (
	"errors"
	"fmt"
	"time"

	"github.com/apigw/apigw/internal/event"
)

var (
	// ErrClosed: the Runner was closed.
	ErrClosed = errors.New("lambda: runner closed")
	// ErrQueueTimeout: no process came free within Options.QueueTimeout.
	ErrQueueTimeout = errors.New("lambda: timed out waiting for a free process")
	// ErrRequestTooLarge: the event is over Lambda's MaxRequestSize.
	ErrRequestTooLarge = errors.New("lambda: request payload exceeds 6291456 bytes")
	// ErrInvalidResponse: the function's response is not JSON. It is
	// event.ErrMalformedOutput, so callers beyond this package can match it.
	ErrInvalidResponse = event.ErrMalformedOutput
	// ErrUnknownFunction: no function with that logical id.
	ErrUnknownFunction = errors.New("lambda: unknown function")
)

// Function error types Lambda reports for outcomes the runtime did not
// report itself.
const (
	ErrorTypeTimeout           = "Sandbox.Timedout"
	ErrorTypeExit              = "Runtime.ExitError"
	ErrorTypeInvalidEntrypoint = "Runtime.InvalidEntrypoint"
)

// timeoutError is what Lambda returns when a function runs past Timeout.
func timeoutError(requestID string, timeout time.Duration) *event.FunctionError {
	return &event.FunctionError{Type: ErrorTypeTimeout,
		Message: fmt.Sprintf("RequestId: %s Error: %s", requestID, timeoutText(timeout))}
}

// timeoutText is the phrase Lambda logs and returns: whole seconds, two
// decimals.
func timeoutText(timeout time.Duration) string {
	return fmt.Sprintf("Task timed out after %.2f seconds", timeout.Seconds())
}

// exitError is what Lambda returns when the runtime process exits before
// it posted an outcome.
func exitError(requestID string, cause *processExit) *event.FunctionError {
	reason := "Runtime exited without providing a reason"
	if cause.status != "" {
		reason = "Runtime exited with error: " + cause.status
	}
	return &event.FunctionError{Type: ErrorTypeExit, Message: fmt.Sprintf("RequestId: %s Error: %s", requestID, reason)}
}

// entrypointError is what Lambda returns when the runtime cannot be started.
func entrypointError(requestID string, err error) *event.FunctionError {
	return &event.FunctionError{Type: ErrorTypeInvalidEntrypoint, Message: fmt.Sprintf("RequestId: %s Error: %v", requestID, err)}
}

// processError is what Lambda returns for a process that ended before it
// posted an outcome: it exited, or could not be started.
func processError(requestID string, cause *processExit) *event.FunctionError {
	if cause.startErr != "" {
		return entrypointError(requestID, errors.New(cause.startErr))
	}
	return exitError(requestID, cause)
}

// processExit is the cause a process's Runtime API server is aborted with
// when the process ends.
type processExit struct {
	status string // "exit status 2", "signal: killed"; "" for a clean exit
	// startErr: the sandbox init could not start the function at all.
	startErr string
}

func (e *processExit) Error() string {
	switch {
	case e.startErr != "":
		return "process could not start: " + e.startErr
	case e.status == "":
		return "process exited"
	}
	return "process exited: " + e.status
}

// MaxRequestSize is the largest event a synchronous invocation takes.
const MaxRequestSize = 6291456
