package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/apigw/apigw/internal/demo"
	"github.com/apigw/apigw/internal/integration"
)

// functionSource gives the integrations and authorizers an invoker per
// function logical id and stops them all at shutdown: the Lambda runner's process pools, or the
// demo's in-process functions.
type functionSource interface {
	invoker(logicalID string) (integration.Invoker, error)
	close(ctx context.Context) error
}

// demoFunctions are the built-in demo's in-process functions.
type demoFunctions map[string]demo.Func

func (d demoFunctions) invoker(id string) (integration.Invoker, error) {
	f, ok := d[id]
	if !ok {
		return nil, fmt.Errorf("no built-in function %q", id)
	}
	return f, nil
}

func (demoFunctions) close(context.Context) error { return nil }

// notStarted stands in for the functions when validate provisions the
// gateway: the wiring is checked, no process runs.
type notStarted struct{}

var errNotStarted = errors.New("validate does not run functions")

func (notStarted) invoker(string) (integration.Invoker, error) { return notStartedInvoker{}, nil }

func (notStarted) close(context.Context) error { return nil }

type notStartedInvoker struct{}

func (notStartedInvoker) Invoke(context.Context, []byte) ([]byte, error) { return nil, errNotStarted }
