package runtimeapi

// Version is the Runtime API version every path starts with.
const Version = "2018-06-01"

// Paths served, in net/http ServeMux pattern form ({id} is the request id).
const (
	PathNext              = "/" + Version + "/runtime/invocation/next"
	PathResponse          = "/" + Version + "/runtime/invocation/{id}/response"
	PathInvocationError   = "/" + Version + "/runtime/invocation/{id}/error"
	PathInitError         = "/" + Version + "/runtime/init/error"
	pathValueRequestID    = "id"
	contentTypeJSON       = "application/json"
	headerContentType     = "Content-Type"
	headerContentLength   = "Content-Length"
	acceptedBody          = `{"status":"OK"}`
	statusInvalidStateMsg = "state transition from %s by %s is not allowed"
)

// Headers of GET /next (to the runtime) and of POST /error (from it).
const (
	HeaderRequestID         = "Lambda-Runtime-Aws-Request-Id"
	HeaderDeadlineMs        = "Lambda-Runtime-Deadline-Ms"
	HeaderFunctionARN       = "Lambda-Runtime-Invoked-Function-Arn"
	HeaderTraceID           = "Lambda-Runtime-Trace-Id"
	HeaderClientContext     = "Lambda-Runtime-Client-Context"
	HeaderCognitoIdentity   = "Lambda-Runtime-Cognito-Identity"
	HeaderFunctionErrorType = "Lambda-Runtime-Function-Error-Type"
)

// MaxPayloadSize is the most a runtime may post as a response or an error:
// 6 MiB plus 100 bytes, the figure Lambda's Runtime API names in its 413
// (a synchronous Invoke request itself is limited to 6291456 bytes).
const MaxPayloadSize = 6291556

// Error types the Runtime API answers a misbehaving runtime with.
const (
	ErrorTypeInvalidStateTransition = "InvalidStateTransition"
	ErrorTypeInvalidRequestID       = "InvalidRequestID"
	ErrorTypeRequestEntityTooLarge  = "RequestEntityTooLarge"
	ErrorTypeInternalServerError    = "InternalServerError"
)

// Messages that go with those error types.
const (
	MessageInvalidRequestID = "Invalid request ID"
	MessageTooLarge         = "Exceeded maximum allowed payload size (6291556 bytes)."
	MessageClosed           = "Runtime API is shutting down"
)

// Function error types Lambda reports for outcomes the runtime did not
// choose itself.
const (
	ErrorTypeResponseTooLarge = "Function.ResponseSizeTooLarge"
	ErrorTypeUnknown          = "Runtime.Unknown"
	MessageResponseTooLarge   = "Response payload size exceeded maximum allowed payload size (6291556 bytes)."
)
