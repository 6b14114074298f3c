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
	ctx, cancel := withDeadline(ctx, l.timeout)
	defer cancel()
	out, err := l.invoker.Invoke(ctx, *buf)
	if err != nil {
		return nil, invokeError(ctx, err)
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

// invokeError classifies a failed invocation: the function's own error is
// ErrFunction and output that is not JSON ErrMalformedResponse (both 502,
// L-3, BAD-2), running out of time ErrTimeout, anything else ErrFailure.
func invokeError(ctx context.Context, err error) error {
	if fe, ok := errors.AsType[*event.FunctionError](err); ok {
		return fmt.Errorf("%w: %w", ErrFunction, fe)
	}
	if errors.Is(err, event.ErrMalformedOutput) {
		return fmt.Errorf("%w: %w", ErrMalformedResponse, err)
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
