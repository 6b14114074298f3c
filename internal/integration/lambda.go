package integration

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/request"
)

// lambdaIntegration is a Lambda proxy integration (aws_proxy).
type lambdaIntegration struct {
	invoker  Invoker
	timeout  time.Duration
	binary   mediaTypes
	opts     Options
	event    func(l *lambdaIntegration, b []byte, req *request.Request, auth *Authorization) []byte
	response func(l *lambdaIntegration, out []byte, req *request.Request) (*Response, error)
	// traced: responses carry X-Amzn-Trace-Id (L-8, REST payload 1.0).
	traced bool
	// parts: the route's fixed 1.0 event bytes, once its first request
	// wrote them (eventroute.go).
	parts atomic.Pointer[routeParts]
}

func newLambda(cfg api.Integration, lookup func(string) (Invoker, error), opts Options) (*lambdaIntegration, error) {
	l := &lambdaIntegration{timeout: timeoutOf(cfg), binary: newMediaTypes(opts.BinaryMediaTypes), opts: opts}
	switch cfg.PayloadVersion {
	case api.PayloadV1, "":
		l.event, l.response = (*lambdaIntegration).appendEventV1, (*lambdaIntegration).responseV1
		l.traced = true
	case api.PayloadV2:
		l.event, l.response = (*lambdaIntegration).appendEventV2, (*lambdaIntegration).responseV2
	default:
		return nil, fmt.Errorf("integration: payload format version %q is not 1.0 or 2.0", cfg.PayloadVersion)
	}
	if lookup == nil {
		return nil, errors.New("integration: no function lookup for aws_proxy")
	}
	inv, err := lookup(cfg.Function)
	if err != nil {
		return nil, fmt.Errorf("integration: function %q: %w", cfg.Function, err)
	}
	l.invoker = inv
	return l, nil
}

// Serve builds the event, invokes the function within the integration
// timeout and reads its response (L-1, L-2, L-3).
func (l *lambdaIntegration) Serve(ctx context.Context, req *request.Request, auth *Authorization) (*Response, error) {
	buf := getBuffer(len(req.Body))
	defer putBuffer(buf)
	*buf = l.event(l, (*buf)[:0], req, auth)
	out, err := l.invoke(ctx, *buf)
	if err != nil {
		return nil, err
	}
	resp, err := l.response(l, out, req)
	if err == nil && l.traced {
		resp.Headers = withTraceID(resp.Headers, req.TraceID())
	}
	return resp, err
}

// withTraceID gives a Lambda proxy response the request's X-Amzn-Trace-Id
// (L-8), the one the event carried; it replaces any the function set.
func withTraceID(h []request.Field, traceID string) []request.Field {
	h = slices.DeleteFunc(h, func(f request.Field) bool { return strings.EqualFold(f.Name, headerTraceID) })
	return append(h, request.Field{Name: headerTraceID, Value: traceID})
}

// DeadlineInvoker is an Invoker that bounds a call by a deadline itself,
// without a context derived per call: once the deadline passes the call
// ends as it would under a context with that deadline and cause, its error
// wrapping cause. The Lambda pool is one, on its watchdog; cli asserts that
// at compile time, since an Invoker without it still works, at the cost of
// a context per call.
type DeadlineInvoker interface {
	InvokeUntil(ctx context.Context, payload []byte, deadline time.Time, cause error) ([]byte, error)
}

// invoke calls the function within the integration's deadline, through
// the invoker's own bound when it has one, else under a derived context;
// a failure comes back classified (invokeError).
func (l *lambdaIntegration) invoke(ctx context.Context, payload []byte) ([]byte, error) {
	if di, ok := l.invoker.(DeadlineInvoker); ok {
		deadline := time.Now().Add(l.timeout)
		out, err := di.InvokeUntil(ctx, payload, deadline, errIntegrationDeadline)
		if err != nil {
			return nil, invokeError(ctx, err, deadline)
		}
		return out, nil
	}
	ctx, cancel := withDeadline(ctx, l.timeout)
	defer cancel()
	out, err := l.invoker.Invoke(ctx, payload)
	if err != nil {
		return nil, invokeError(ctx, err, time.Time{})
	}
	return out, nil
}

// invokeError classifies a failed invocation: the function's own error is
// ErrFunction and output that is not JSON ErrMalformedResponse (both 502,
// L-3, BAD-2), running out of time ErrTimeout, anything else ErrFailure.
// deadline, when set, is the one the invoker bounded the call by itself:
// a failure once it passed is the integration's timeout, as under a
// context that ran out.
func invokeError(ctx context.Context, err error, deadline time.Time) error {
	if fe, ok := errors.AsType[*event.FunctionError](err); ok {
		return fmt.Errorf("%w: %w", ErrFunction, fe)
	}
	if errors.Is(err, event.ErrMalformedOutput) {
		return fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	}
	if !deadline.IsZero() && ctx.Err() == nil && !time.Now().Before(deadline) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return classify(ctx, err, ErrFailure)
}

// Event buffers are reused: Invoke must not keep its payload after it
// returns.
var eventBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// maxPooledBuffer keeps one large body from pinning memory in the pool.
const maxPooledBuffer = 64 << 10

func getBuffer(bodyLen int) *[]byte {
	b := eventBuffers.Get().(*[]byte)
	if need := 1024 + bodyLen*4/3; cap(*b) < need {
		*b = make([]byte, 0, need)
	}
	return b
}

func putBuffer(b *[]byte) {
	if cap(*b) <= maxPooledBuffer {
		eventBuffers.Put(b)
	}
}
