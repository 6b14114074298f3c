package lambda

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/apigw/apigw/internal/record"
)

// TestInvocationReportsRequestIDAndColdStart: a caller that asks
// (record.WithInvocation) learns the function's request id, the one the
// handler saw, and whether the call started the process.
func TestInvocationReportsRequestIDAndColdStart(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, goFn("Reported"), Options{})
	for _, wantCold := range []bool{true, false} {
		var in record.Integration
		b, err := p.Invoke(record.WithInvocation(context.Background(), &in), []byte(`{"action":"context"}`))
		if err != nil {
			t.Fatal(err)
		}
		var r goReply
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		if in.FunctionRequestID != r.RequestID || r.RequestID == "" || in.ColdStart != wantCold {
			t.Fatalf("reported %+v; the handler saw request id %q; want cold start %v", in, r.RequestID, wantCold)
		}
	}
}
