package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/gateway"
	"github.com/apigw/apigw/internal/lambda"
)

// Partial serving (issue 9): what start-api and validate say of the routes
// apigw cannot serve yet, and what --strict refuses.

// startFunctions sets up a process pool for each function of tpl that has
// no Gap; none is set up for one that has. A function the Lambda runner
// refuses as unsupported (an *api.Error of KindUnsupported naming it) gets
// that as its Gap and joins tpl.Unsupported, so that only its routes fail;
// any other refusal fails the start.
func startFunctions(tpl *api.Template, opts lambda.Options) (*lambda.Runner, error) {
	for {
		runner, err := lambda.NewRunner(runnable(tpl.Functions), opts)
		if err == nil || !markFunctionGaps(tpl, err) {
			return runner, err
		}
	}
}

// runnable are the functions without a Gap.
func runnable(fns map[string]*api.Function) map[string]*api.Function {
	out := make(map[string]*api.Function, len(fns))
	for id, fn := range fns {
		if !fn.Gap.Missing() {
			out[id] = fn
		}
	}
	return out
}

// markFunctionGaps gives each function the runner refused as unsupported
// its Gap, and lists the refusal in tpl.Unsupported, when every refusal in
// err is one; otherwise it changes nothing and returns false.
func markFunctionGaps(tpl *api.Template, err error) bool {
	var refused []*api.Error
	all := true
	api.Leaves(err, func(e error) {
		var ae *api.Error
		if errors.As(e, &ae) && errors.Is(e, api.KindUnsupported) && tpl.Functions[ae.LogicalID] != nil {
			refused = append(refused, ae)
			return
		}
		all = false
	})
	if !all || len(refused) == 0 {
		return false
	}
	for _, ae := range refused {
		tpl.Functions[ae.LogicalID].Gap = api.Gap{What: ae.Msg, Source: ae.Location}
		tpl.Unsupported = append(tpl.Unsupported, ae)
	}
	return true
}

// gapGroup is the routes not served for one reason: what they need, where
// the template declares it.
type gapGroup struct {
	gap    api.Gap
	routes int
}

func (g *gapGroup) String() string {
	if g.gap.Source == (api.Location{}) {
		return g.gap.What
	}
	return fmt.Sprintf("%s (%s)", g.gap.What, g.gap.Source)
}

// routeGaps counts the routes gw serves and groups the others by reason,
// in route-table order.
func routeGaps(tpl *api.Template, gw *gateway.Gateway) (served int, groups []*gapGroup) {
	byGap := map[api.Gap]*gapGroup{}
	for _, a := range tpl.APIs {
		for _, r := range slices.SortedStableFunc(slices.Values(a.Routes), api.CompareRoutes) {
			stage, gap := gw.RouteGap(r)
			if stage == api.FailNone {
				served++
				continue
			}
			if byGap[gap] == nil {
				byGap[gap] = &gapGroup{gap: gap}
				groups = append(groups, byGap[gap])
			}
			byGap[gap].routes++
		}
	}
	return served, groups
}

// printSummary writes, after the route table, "N routes served, M not
// served" and the reasons, grouped, most routes first.
func printSummary(w io.Writer, tpl *api.Template, gw *gateway.Gateway) {
	served, groups := routeGaps(tpl, gw)
	notServed := 0
	for _, g := range groups {
		notServed += g.routes
	}
	fmt.Fprintf(w, "%s served, %d not served", plural(served, "route"), notServed)
	switch {
	case notServed == 0:
		fmt.Fprintln(w)
	case served == 0:
		fmt.Fprintln(w, ": no route of this template can be served yet; each fails closed (500, x-apigw-unsupported):")
	default:
		fmt.Fprintln(w, "; those fail closed (500, x-apigw-unsupported):")
	}
	slices.SortStableFunc(groups, func(a, b *gapGroup) int { return b.routes - a.routes })
	for _, g := range groups {
		fmt.Fprintf(w, "  %s: %s\n", plural(g.routes, "route"), g)
	}
	if unused := unusedUnsupported(tpl, groups); len(unused) > 0 {
		fmt.Fprintln(w, "not supported by apigw yet, needed by no route:")
		for _, e := range unused {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// unusedUnsupported are the entries of tpl.Unsupported declared at none of
// the places the routes' gaps name (the line aside).
func unusedUnsupported(tpl *api.Template, groups []*gapGroup) []*api.Error {
	var out []*api.Error
	for _, e := range tpl.Unsupported {
		if !slices.ContainsFunc(groups, func(g *gapGroup) bool { return samePlace(g.gap.Source, e.Location) }) {
			out = append(out, e)
		}
	}
	return out
}

func samePlace(a, b api.Location) bool {
	a.Line, b.Line = 0, 0
	return a == b
}

// strictFindings is what --strict refuses: every entry of
// tpl.Unsupported, and each route gap declared elsewhere.
func strictFindings(tpl *api.Template, gw *gateway.Gateway) []error {
	var out []error
	for _, e := range tpl.Unsupported {
		out = append(out, e)
	}
	_, groups := routeGaps(tpl, gw)
	for _, g := range groups {
		if !slices.ContainsFunc(tpl.Unsupported, func(e *api.Error) bool { return samePlace(g.gap.Source, e.Location) }) {
			out = append(out, api.NewError(api.KindUnsupported, g.gap.Source, "%s: not supported by apigw yet (%s)", g.gap.What, plural(g.routes, "route")))
		}
	}
	return out
}

// refuseStrict writes what --strict refuses and reports whether there is
// any.
func refuseStrict(w io.Writer, tpl *api.Template, gw *gateway.Gateway) bool {
	findings := strictFindings(tpl, gw)
	if len(findings) == 0 {
		return false
	}
	fmt.Fprintf(w, "apigw: --strict: the template needs %s apigw cannot serve yet:\n", plural(len(findings), "thing"))
	printErrors(w, errors.Join(findings...))
	return true
}
