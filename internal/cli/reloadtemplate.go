package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/lambda"
	"github.com/apigw/apigw/internal/record"
)

// reloadTemplate loads and provisions the template's new version; when it
// serves, it is swapped in and the old version stops once its in-flight
// requests are answered. A version that does not load leaves the old one
// serving and says why in start-api's words.
func (r *reloader) reloadTemplate(changed []string) {
	next, err := r.provision()
	if err != nil {
		fmt.Fprintf(r.s.Stderr, "apigw: reload failed (%s changed); the previous version keeps serving:\n", r.names(changed))
		fmt.Fprintln(r.s.Stderr, "apigw:", err)
		return
	}
	ws := newWatchSet(next.tpl, r.cfg, r.f.envVars)
	w, werr := r.watch(ws)
	old := *r.cur.Load()
	retired := 0
	if runner, ok := old.fns.(runnerFunctions); ok {
		retired = runner.r.Processes()
	}
	drained := r.srv.Swap(next.gw)
	r.cur.Store(&next)
	r.f.observed.follow(next.fns)
	r.f.view.follow(next)
	if werr == nil {
		r.w.Close() //nolint:errcheck // the new watcher took over
		r.w, r.ws = w, ws
	}
	r.retired.Add(1)
	go r.stop(old, drained)
	fmt.Fprintf(r.s.Stderr, "%stemplate (%s changed): %s%s, %s retired\n",
		reloadPrefix, r.names(changed), servedCount(next), routeChanges(old.tpl, next.tpl), processes(retired))
	if werr != nil {
		fmt.Fprintln(r.s.Stderr, "apigw: warning: hot reload: still watching the previous version's files:", werr)
	}
}

// stop stops an old version's functions once its in-flight requests are
// answered (at most shutdownTimeout).
func (r *reloader) stop(old liveAPI, drained func(context.Context) error) {
	defer r.retired.Done()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := drained(ctx); err != nil {
		fmt.Fprintln(r.s.Stderr, "apigw: warning: hot reload: requests to the previous version still running:", err)
	}
	if err := old.fns.close(ctx); err != nil {
		fmt.Fprintln(r.s.Stderr, "apigw: warning: hot reload: stopping the previous version's functions:", err)
	}
}

// provision loads the template again and starts what serve starts for
// it: its functions and gateway (and, under --strict, refuses what
// start-api would refuse).
func (r *reloader) provision() (liveAPI, error) {
	tpl, err := loadTemplate(r.cur.Load().tpl.File, r.cfg)
	if err == nil {
		err = requireRoutes(tpl)
	}
	if err != nil {
		return liveAPI{}, err
	}
	runner, err := startFunctions(tpl, r.lambdaOptions())
	if err != nil {
		return liveAPI{}, err
	}
	fns := runnerFunctions{runner}
	gw, err := newGateway(tpl, fns, r.f, r.log, r.cur.Load().tokens)
	if err == nil && r.f.strict && refuseStrict(r.s.Stderr, tpl, gw) {
		err = errStrictReload
	}
	if err != nil {
		_ = fns.close(context.Background())
		return liveAPI{}, err
	}
	return liveAPI{tpl: tpl, fns: fns, gw: gw, tokens: r.cur.Load().tokens}, nil
}

// errStrictReload: --strict refused the new version (refuseStrict said
// what).
var errStrictReload = fmt.Errorf("--strict: the new version needs what apigw cannot serve yet")

// lambdaOptions are the runner's options as at start, without start's
// notes (where credentials come from, isolation) said again.
func (r *reloader) lambdaOptions() lambda.Options {
	o := r.f.lambdaOptions(r.f.maxConcurrency, Streams{Stderr: io.Discard})
	o.Log = r.s.Stderr
	return o
}

// servedCount is "N routes served", and how many are not served (failing
// closed) when some are.
func servedCount(v liveAPI) string {
	served, groups := routeGaps(v.tpl, v.gw)
	out := plural(served, "route") + " served"
	notServed := 0
	for _, g := range groups {
		notServed += g.routes
	}
	if notServed > 0 {
		out += fmt.Sprintf(", %d not served (they fail closed; apigw validate says why)", notServed)
	}
	return out
}

// routeChanges lists the routes added (+) and removed (-) between two
// versions, " (+GET /a, -POST /b)", or "" when they serve the same ones.
func routeChanges(old, next *api.Template) string {
	before, after := routeKeys(old), routeKeys(next)
	var out []string
	for _, k := range slices.Sorted(maps.Keys(after)) {
		if !before[k] {
			out = append(out, "+"+k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if !after[k] {
			out = append(out, "-"+k)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " (" + strings.Join(out, ", ") + ")"
}

func routeKeys(tpl *api.Template) map[string]bool {
	keys := map[string]bool{}
	for _, a := range tpl.APIs {
		for _, r := range a.Routes {
			keys[r.Method+" "+r.Path] = true
		}
	}
	return keys
}

// livePools are the function pools of the version serving, for metrics.
type livePools struct{ r atomic.Pointer[lambda.Runner] }

func (l *livePools) Pools() []record.Pool { return l.r.Load().Pools() }

// follow points the metrics' pools at fns's, when both are a runner's.
func (o *observers) follow(fns functionSource) {
	if rf, ok := fns.(runnerFunctions); ok && o != nil && o.pools != nil {
		o.pools.r.Store(rf.r)
	}
}
