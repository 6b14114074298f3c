package record

import "context"

// invocationKey carries the Integration a function invocation reports to.
type invocationKey struct{}

// WithInvocation returns ctx carrying in: the function runner called under
// it fills in's FunctionRequestID and ColdStart (ReportInvocation). The
// caller owns in and reads it after the call returns; the runner writes
// it only during the call, on the caller's goroutine.
func WithInvocation(ctx context.Context, in *Integration) context.Context {
	return context.WithValue(ctx, invocationKey{}, in)
}

// ReportInvocation records, for the request of ctx if it asked
// (WithInvocation), the function's request id and whether the call
// started a new process.
func ReportInvocation(ctx context.Context, requestID string, coldStart bool) {
	if in, ok := ctx.Value(invocationKey{}).(*Integration); ok {
		in.FunctionRequestID, in.ColdStart = requestID, coldStart
	}
}
