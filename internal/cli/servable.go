package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/demo"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/lambda"
)

// loadServable loads the template at path (or the default one), which
// must declare a route, and starts its function runner; with no template
// at all, the built-in demo.
func loadServable(path string, f serveFlags, s Streams, log *slog.Logger) (*api.Template, functionSource, error) {
	opts, err := f.loadOptions()
	if err != nil {
		return nil, nil, err
	}
	tpl, err := loadTemplate(path, opts)
	if errors.Is(err, errNoTemplate) {
		fmt.Fprintln(s.Stderr, "apigw: no template found; serving the built-in demo API")
		return demo.Template(), demoFunctions(demo.Invokers()), nil
	}
	if err != nil {
		return nil, nil, err
	}
	if err := requireRoutes(tpl); err != nil {
		return nil, nil, err
	}
	for _, w := range tpl.Warnings {
		fmt.Fprintln(s.Stderr, "apigw: warning:", w)
	}
	lo, err := f.functionFlags.apply(f.lambdaOptions(f.maxConcurrency, s))
	if err != nil {
		return nil, nil, err
	}
	runner, err := startFunctions(tpl, lo)
	if err != nil {
		return nil, nil, err
	}
	return tpl, runnerFunctions{runner}, nil
}

// runnerFunctions are the template's functions as local processes.
type runnerFunctions struct{ r *lambda.Runner }

// A pool bounds its own calls: the Lambda integration's timeout then costs
// no context per request.
var _ integration.DeadlineInvoker = (*lambda.Pool)(nil)

func (rf runnerFunctions) invoker(id string) (integration.Invoker, error) { return rf.r.Function(id) }

func (rf runnerFunctions) close(ctx context.Context) error { return rf.r.Close(ctx) }
