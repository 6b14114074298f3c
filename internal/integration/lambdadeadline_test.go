package integration

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
)

// deadlineFunc is an invoker that bounds calls itself (DeadlineInvoker),
// as the Lambda pool does; Invoke must not be called.
type deadlineFunc func(ctx context.Context, deadline time.Time, cause error) ([]byte, error)

func (f deadlineFunc) Invoke(context.Context, []byte) ([]byte, error) {
	return nil, errors.New("Invoke called on an invoker that bounds calls itself")
}

func (f deadlineFunc) InvokeUntil(ctx context.Context, _ []byte, deadline time.Time, cause error) ([]byte, error) {
	return f(ctx, deadline, cause)
}

// afterDeadline waits until deadline has passed.
func afterDeadline(deadline time.Time) {
	for time.Now().Before(deadline) {
		runtime.Gosched()
	}
}

// serveWithin serves getRequest under ctx through a Lambda integration
// with a timeout of timeoutMs around inv.
func serveWithin(ctx context.Context, t *testing.T, inv Invoker, timeoutMs int) error {
	t.Helper()
	cfg := api.Integration{Type: api.IntegrationLambdaProxy, Function: "Fn", TimeoutMs: timeoutMs}
	in, err := New(cfg, func(string) (Invoker, error) { return inv, nil }, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = in.Serve(ctx, getRequest(), nil)
	return err
}

// TestLambdaDeadlineInvoker: an invoker that bounds the call itself gets
// the integration's deadline and cause, and its failures get the statuses
// they get under a context with that deadline (TestLambdaFailures): its
// cause, or any failure once the deadline passed, is INTEGRATION_TIMEOUT;
// a function error stays 502 (L-3, BAD-2).
func TestLambdaDeadlineInvoker(t *testing.T) {
	t.Parallel()
	fnErr := &event.FunctionError{Type: "Error", Message: "boom"}
	tests := []struct {
		name    string
		inv     deadlineFunc
		wantErr error
	}{
		{"L-3 the call ended at the deadline is INTEGRATION_TIMEOUT", func(_ context.Context, d time.Time, cause error) ([]byte, error) {
			afterDeadline(d)
			return nil, fmt.Errorf("function Fn: %w", cause)
		}, ErrTimeout},
		{"L-3 any failure past the deadline is INTEGRATION_TIMEOUT", func(_ context.Context, d time.Time, _ error) ([]byte, error) {
			afterDeadline(d)
			return nil, errors.New("process exited")
		}, ErrTimeout},
		{"failure before the deadline is INTEGRATION_FAILURE", func(context.Context, time.Time, error) ([]byte, error) {
			return nil, errors.New("process exited")
		}, ErrFailure},
		{"L-3 function error past the deadline is 502", func(_ context.Context, d time.Time, _ error) ([]byte, error) {
			afterDeadline(d)
			return nil, fnErr
		}, ErrFunction},
		{"BAD-2 output that is not JSON is 502", func(context.Context, time.Time, error) ([]byte, error) {
			return nil, event.ErrMalformedOutput
		}, ErrMalformedResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := serveWithin(context.Background(), t, tt.inv, 50); !errors.Is(err, tt.wantErr) {
				t.Fatalf("err: got %v; want %v", err, tt.wantErr)
			}
		})
	}
}

// TestLambdaDeadlineInvokerGetsTheDeadline: the deadline is the
// integration timeout from the call, the cause the integration's own, and
// the caller's context is passed on as it is.
func TestLambdaDeadlineInvokerGetsTheDeadline(t *testing.T) {
	t.Parallel()
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "v")
	var got time.Time
	var gotCause error
	var gotValue any
	inv := deadlineFunc(func(ctx context.Context, d time.Time, cause error) ([]byte, error) {
		got, gotCause, gotValue = d, cause, ctx.Value(key{})
		return []byte(`{"statusCode":200}`), nil
	})
	before := time.Now()
	if err := serveWithin(ctx, t, inv, 1234); err != nil {
		t.Fatal(err)
	}
	after := time.Now()
	const timeout = 1234 * time.Millisecond
	if got.Before(before.Add(timeout)) || got.After(after.Add(timeout)) {
		t.Errorf("deadline %v; want between %v and %v", got, before.Add(timeout), after.Add(timeout))
	}
	if !errors.Is(gotCause, errIntegrationDeadline) || gotValue != "v" {
		t.Errorf("cause %v, context value %v; want %v and the caller's context", gotCause, gotValue, errIntegrationDeadline)
	}
}
