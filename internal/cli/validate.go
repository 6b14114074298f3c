package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/gateway"
)

func init() { register("validate", runValidate) }

const validateUsage = "usage: apigw validate [TEMPLATE] [--region R] [--account-id N] [--stage S] [--parameter-overrides 'K=V ...'] [-n/--env-vars FILE] [--strict] [-t/--template FILE] [--stack NAME] [--profile P] [--config-file F] [--config-env E]"

// runValidate loads the template as start-api would and prints its route
// table and the summary of routes served and not served on stdout, and
// warnings on stderr; exit 2 with every error, and with --strict when
// anything is not supported.
func runValidate(args []string, s Streams) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(s.Stderr)
	var f templateFlags
	f.register(fs, true)
	pos, status, ok := parseArgs(fs, args, validateUsage, s)
	if !ok {
		return status
	}
	if len(pos) > 1 {
		fmt.Fprintln(s.Stderr, validateUsage)
		return ExitUsage
	}
	_, err := f.finish(fs, sectionValidate)
	var opts loadConfig
	if err == nil {
		opts, err = f.loadOptions()
	}
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitUsage
	}
	tpl, gw, err := provision(firstOr(pos, ""), opts, f)
	if err != nil {
		printErrors(s.Stderr, err)
		return ExitUsage
	}
	if f.strict && refuseStrict(s.Stderr, tpl, gw) {
		return ExitUsage
	}
	printRouteTable(s.Stdout, tpl, gw, false)
	printSummary(s.Stdout, tpl, gw)
	for _, w := range slices.Concat(tpl.Warnings, gw.Warnings()) {
		fmt.Fprintln(s.Stderr, "warning:", w)
	}
	return ExitOK
}

// provision loads the template, requires a route, and provisions the
// gateway as start-api does, so validate and lint accept what start-api
// accepts; no function process is started.
func provision(path string, opts loadConfig, f templateFlags) (*api.Template, *gateway.Gateway, error) {
	tpl, err := loadTemplate(path, opts)
	if err == nil {
		err = requireRoutes(tpl)
	}
	if err != nil {
		return nil, nil, err
	}
	tokens, err := newTokenAuthorizers(nil, nil) // never reads keys: no token is verified
	if err != nil {
		return nil, nil, err
	}
	gw, err := newGateway(tpl, notStarted{}, serveFlags{templateFlags: f}, nil, tokens)
	return tpl, gw, err
}

// printErrors writes each error errors.Join put together on its own line:
// a located one (*api.Error) as "file:line: LogicalId: Field: message".
func printErrors(w io.Writer, err error) {
	api.Leaves(err, func(e error) { fmt.Fprintln(w, "apigw:", e) })
}

// printRouteTable writes one line per route, sorted by path then method:
// "GET /pets -> ListPets [auth: TokenAuth, ttl 300s]", and for a route gw
// does not serve " NOT SERVED: " and what it needs. With several APIs,
// each API's routes follow a line naming it. authorizersOff is
// --disable-authorizer.
func printRouteTable(w io.Writer, tpl *api.Template, gw *gateway.Gateway, authorizersOff bool) {
	for _, a := range tpl.APIs {
		if len(tpl.APIs) > 1 {
			fmt.Fprintf(w, "# %s (stage %s)\n", a.LogicalID, a.Stage)
		}
		for _, r := range slices.SortedStableFunc(slices.Values(a.Routes), api.CompareRoutes) {
			fmt.Fprintf(w, "%s -> %s [auth: %s]", r.RouteKey(), routeTarget(r.Integration), routeAuth(a, r, authorizersOff))
			if stage, gap := gw.RouteGap(r); stage != api.FailNone {
				fmt.Fprint(w, " NOT SERVED: "+gap.What)
			}
			fmt.Fprintln(w)
		}
		printCors(w, a)
	}
}

func routeTarget(in api.Integration) string {
	switch in.Type {
	case api.IntegrationLambdaProxy:
		return in.Function
	case api.IntegrationHTTPProxy:
		return string(in.Type) + " " + in.URI
	}
	return string(in.Type)
}

func routeAuth(a *api.API, r *api.Route, authorizersOff bool) string {
	az := a.Authorizers[r.Authorizer]
	switch {
	case r.Authorizer == "" || az == nil:
		return "NONE"
	case authorizersOff:
		return az.Name + ", not run: --disable-authorizer"
	case az.Gap.Missing():
		return az.Name
	case !az.IsLambda():
		return tokenAuth(az, r)
	}
	return fmt.Sprintf("%s, ttl %ds", az.Name, az.TTLSeconds)
}
