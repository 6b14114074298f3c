package cli

import (
	"context"
	"fmt"

	"github.com/apigw/apigw/internal/demo"
	"github.com/apigw/apigw/internal/gateway"
)

// functionSource gives the gateway an invoker per function logical id and
// stops them all at shutdown: the Lambda runner's process pools, or the
// demo's in-process functions.
type functionSource interface {
	invoker(logicalID string) (gateway.Invoker, error)
	close(ctx context.Context) error
}

// demoFunctions are the built-in demo's in-process functions.
type demoFunctions map[string]demo.Func

func (d demoFunctions) invoker(id string) (gateway.Invoker, error) {
	f, ok := d[id]
	if !ok {
		return nil, fmt.Errorf("no built-in function %q", id)
	}
	return f, nil
}

func (demoFunctions) close(context.Context) error { return nil }
