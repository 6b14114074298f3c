package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/lambda"
)

func init() { register("invoke", runInvoke) }

const (
	invokeUsage = "usage: apigw invoke FUNCTION [TEMPLATE] [--event FILE|-] [-n/--env-vars FILE] [--profile P] [--region R] [--account-id ID] [--parameter-overrides 'K=V ...'] [--config-file F] [--config-env E] [--debug-port N] [--init-timeout D]"
	// defaultEvent is the event when --event is not given.
	defaultEvent = "{}"
	// invokeCloseTimeout bounds stopping the function's processes.
	invokeCloseTimeout = 10 * time.Second
)

// invokeFlags are invoke's flags.
type invokeFlags struct {
	templateFlags
	functionFlags
	event string
}

func (f *invokeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.event, "event", "", "JSON event file, or - for stdin (default {})")
	f.templateFlags.register(fs, false)
	f.functionFlags.register(fs)
}

// runInvoke runs one function once (DESIGN section 1): the result on
// stdout and exit 0; the function's error JSON on stdout and exit 1; 2 for
// usage and template errors. Logs go to stderr.
func runInvoke(args []string, s Streams) int {
	fs := flag.NewFlagSet("invoke", flag.ContinueOnError)
	fs.SetOutput(s.Stderr)
	var f invokeFlags
	f.register(fs)
	pos, status, ok := parseArgs(fs, args, invokeUsage, s)
	if !ok {
		return status
	}
	if len(pos) < 1 || len(pos) > 2 {
		fmt.Fprintln(s.Stderr, invokeUsage)
		return ExitUsage
	}
	if _, err := f.finish(fs, sectionInvoke); err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitUsage
	}
	payload, err := readEvent(f.event, s.Stdin)
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitUsage
	}
	pool, closeRunner, err := invokePool(pos[0], firstOr(pos[1:], ""), f, s)
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitUsage
	}
	defer closeRunner()
	return invokeOnce(pool, payload, s)
}

// readEvent reads the event from a file, stdin ("-") or the default.
func readEvent(name string, stdin io.Reader) ([]byte, error) {
	var b []byte
	var err error
	switch name {
	case "":
		return []byte(defaultEvent), nil
	case "-":
		b, err = io.ReadAll(stdin)
	default:
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, fmt.Errorf("--event: %w", err)
	}
	if !json.Valid(b) {
		return nil, fmt.Errorf("--event %s: not valid JSON", name)
	}
	return b, nil
}

// invokePool loads the template and prepares the one function to run.
func invokePool(id, path string, f invokeFlags, s Streams) (*lambda.Pool, func(), error) {
	opts, err := f.loadOptions()
	if err != nil {
		return nil, nil, err
	}
	tpl, err := loadTemplate(path, opts)
	if err != nil {
		return nil, nil, err
	}
	id, fn, err := findFunction(tpl, id)
	if err != nil {
		return nil, nil, err
	}
	lo, err := f.functionFlags.apply(f.lambdaOptions(1, s))
	if err != nil {
		return nil, nil, err
	}
	runner, err := lambda.NewRunner(map[string]*api.Function{id: fn}, lo)
	if err != nil {
		return nil, nil, err
	}
	pool, err := runner.Function(id)
	closeRunner := func() {
		ctx, cancel := context.WithTimeout(context.Background(), invokeCloseTimeout)
		defer cancel()
		if err := runner.Close(ctx); err != nil {
			fmt.Fprintln(s.Stderr, "apigw:", err)
		}
	}
	return pool, closeRunner, err
}

// findFunction looks a function up by logical id, then by FunctionName.
func findFunction(tpl *api.Template, name string) (string, *api.Function, error) {
	if fn, ok := tpl.Functions[name]; ok {
		return name, fn, nil
	}
	for id, fn := range tpl.Functions {
		if fn.FunctionName == name {
			return id, fn, nil
		}
	}
	ids := make([]string, 0, len(tpl.Functions))
	for id := range tpl.Functions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return "", nil, fmt.Errorf("%s: no function %q (functions: %s)", tpl.File, name, strings.Join(ids, ", "))
}

// errorDocument is what invoke prints for a function error.
type errorDocument struct {
	ErrorType    string `json:"errorType"`
	ErrorMessage string `json:"errorMessage"`
}

// invokeOnce invokes the function, stopping early on SIGINT/SIGTERM.
func invokeOnce(pool *lambda.Pool, payload []byte, s Streams) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	out, err := pool.Invoke(ctx, payload)
	var fe *event.FunctionError
	switch {
	case errors.As(err, &fe):
		writeJSONLine(s.Stdout, errorDocument{ErrorType: fe.Type, ErrorMessage: fe.Message})
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitError
	case err != nil:
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitError
	}
	s.Stdout.Write(append(out, '\n')) //nolint:errcheck // nothing to do if stdout is gone
	return ExitOK
}

// writeJSONLine writes v as JSON without HTML escaping, then a newline.
func writeJSONLine(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) //nolint:errcheck // as above
}
