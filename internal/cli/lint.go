package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/lint"
	"github.com/apigw/apigw/internal/request"
)

func init() { register("lint", runLint) }

const lintUsage = "usage: apigw lint [TEMPLATE] [--probe [--token T] [--header K=V] [--query K=V]] [--format text|json|sarif] [--region R] [--account-id N] [--stage S] [--parameter-overrides 'K=V ...'] [--env-vars FILE] [--strict]"

// lintFlags are lint's flags.
type lintFlags struct {
	templateFlags
	probe          bool
	token, format  string
	headers, query fieldsFlag
}

func (f *lintFlags) register(fs *flag.FlagSet) {
	f.templateFlags.register(fs, true)
	fs.BoolVar(&f.probe, "probe", false, "invoke each cached authorizer once and check its policy against every route it guards")
	fs.StringVar(&f.token, "token", "", "probe identity: the value of every header identity source --header does not give")
	fs.Var(&f.headers, "header", "probe identity: a request header K=V (repeatable)")
	fs.Var(&f.query, "query", "probe identity: a query parameter K=V (repeatable)")
	fs.StringVar(&f.format, "format", lint.FormatText, "output: "+strings.Join(lint.Formats, ", "))
}

// identityGiven reports whether a probe identity flag was set.
func (f *lintFlags) identityGiven() bool {
	return f.token != "" || len(f.headers) > 0 || len(f.query) > 0
}

// fieldsFlag is a repeatable K=V flag.
type fieldsFlag []request.Field

// String names the fields given, never their values (they may be tokens).
func (ff *fieldsFlag) String() string {
	if ff == nil {
		return ""
	}
	names := make([]string, len(*ff))
	for i, f := range *ff {
		names[i] = f.Name
	}
	return strings.Join(names, ",")
}

func (ff *fieldsFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("want K=V, got %q", v)
	}
	*ff = append(*ff, request.Field{Name: k, Value: val})
	return nil
}

// runLint reports authorization pitfalls (DESIGN section 1): exit 0 when
// clean, 1 with findings, 2 for usage and template errors.
func runLint(args []string, s Streams) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(s.Stderr)
	var f lintFlags
	f.register(fs)
	pos, status, ok := parseArgs(fs, args, lintUsage, s)
	if !ok {
		return status
	}
	if len(pos) > 1 || !slices.Contains(lint.Formats, f.format) || !f.probe && f.identityGiven() {
		fmt.Fprintln(s.Stderr, lintUsage)
		return ExitUsage
	}
	if _, err := f.finish(fs, sectionLint); err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitUsage
	}
	tpl, err := loadLintTemplate(firstOr(pos, ""), f, s)
	if err != nil {
		printErrors(s.Stderr, err)
		return ExitUsage
	}
	if tpl == nil {
		return ExitUsage // refused by --strict, which said why
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	findings, err := lintFindings(ctx, tpl, f, s)
	if err != nil {
		printErrors(s.Stderr, err)
		return ExitUsage
	}
	if err := lint.Write(s.Stdout, f.format, findings); err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitError
	}
	if len(findings) > 0 {
		return ExitError
	}
	return ExitOK
}

// loadLintTemplate loads the template and provisions the gateway as
// validate does, so lint refuses what start-api refuses; with --strict, a
// template needing anything unsupported is refused (nil, nil) on stderr.
func loadLintTemplate(path string, f lintFlags, s Streams) (*api.Template, error) {
	opts, err := f.loadOptions()
	if err != nil {
		return nil, err
	}
	tpl, gw, err := provision(path, opts, f.templateFlags)
	if err != nil || f.strict && refuseStrict(s.Stderr, tpl, gw) {
		return nil, err
	}
	return tpl, nil
}

// lintFindings runs the rules; with --probe, over the authorizers'
// functions as real processes, stopped before it returns.
func lintFindings(ctx context.Context, tpl *api.Template, f lintFlags, s Streams) ([]lint.Finding, error) {
	sc := lint.Scope{Region: f.region, AccountID: f.accountID}
	if !f.probe {
		return lint.Check(ctx, tpl, sc, nil), nil
	}
	runner, err := startFunctions(authorizerFunctions(tpl), f.lambdaOptions(1, s))
	if err != nil {
		return nil, err
	}
	fns := runnerFunctions{runner}
	defer closeFunctions(fns, s)
	newAuthorizer := lambdaAuthorizers(fns, cacheFlags{}, nil)
	return lint.Check(ctx, tpl, sc, &lint.ProbeConfig{
		Identity: lint.Identity{Token: f.token, Headers: f.headers, Query: f.query},
		Authorizer: func(a *api.API, az *api.Authorizer) (lint.Authorizer, error) {
			return newAuthorizer(a, az)
		},
	}), nil
}

// authorizerFunctions is tpl with only its authorizers' functions: the
// probe runs nothing else.
func authorizerFunctions(tpl *api.Template) *api.Template {
	sub := *tpl
	sub.Functions = map[string]*api.Function{}
	for _, a := range tpl.APIs {
		for _, az := range a.Authorizers {
			if fn, ok := tpl.Functions[az.Function]; ok {
				sub.Functions[az.Function] = fn
			}
		}
	}
	return &sub
}

// closeFunctions stops every function process, within invoke's bound.
func closeFunctions(fns functionSource, s Streams) {
	ctx, cancel := context.WithTimeout(context.Background(), invokeCloseTimeout)
	defer cancel()
	if err := fns.close(ctx); err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
	}
}
