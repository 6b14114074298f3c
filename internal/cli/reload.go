package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/apigw/apigw/internal/gateway"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/watch"
)

// Hot reload (issue 12): start-api watches the template, what it pulls
// in, and every function's code and layer folders. A code change rebuilds
// a Go function and retires the function's processes (lambda.Runner.Reload);
// a template change loads and provisions the new version off to the side
// and swaps it in (gateway.Server.Swap), the old version's functions
// stopping once its in-flight requests are answered. A version that does
// not load leaves the old one serving and says why, as start-api would.
// Each reload is one log line, written once it is in effect: a request
// sent after the line is served by the new code.
//
// Unchanged functions do not keep their warm processes across a template
// reload: the new version starts its own (the template may have changed
// their environment, and a cold start is the cost of certainty).

// reloadPrefix starts the line of every reload done.
const reloadPrefix = "apigw: reloaded: "

// reloader is start-api's functions while hot reload is on: it owns the
// current liveAPI and the watcher, and its close stops both.
type reloader struct {
	srv     *gateway.Server
	f       serveFlags
	s       Streams
	log     *slog.Logger
	cfg     loadConfig
	cur     atomic.Pointer[liveAPI] // the version serving; replaced by run
	ws      watchSet                // owned by run
	w       *watch.Watcher
	retired sync.WaitGroup // old versions still stopping
	done    chan struct{}
	stopped chan struct{}
}

func newReloader(srv *gateway.Server, cur liveAPI, f serveFlags, s Streams, log *slog.Logger) (*reloader, error) {
	cfg, err := f.loadOptions()
	if err != nil {
		return nil, err
	}
	cfg.notes, cfg.template = io.Discard, ""
	r := &reloader{srv: srv, f: f, s: s, log: log, cfg: cfg, done: make(chan struct{}), stopped: make(chan struct{})}
	r.cur.Store(&cur)
	r.ws = newWatchSet(cur.tpl, cfg, f.envVars)
	if r.w, err = r.watch(r.ws); err != nil {
		return nil, err
	}
	fmt.Fprintf(r.s.Stderr, "apigw: hot reload: watching the template and the code of %s (--no-reload turns it off)\n", plural(len(r.ws.code), "function"))
	go r.run()
	return r, nil
}

func (r *reloader) watch(ws watchSet) (*watch.Watcher, error) {
	return watch.New(ws.paths(), watch.Options{OnError: func(err error) {
		fmt.Fprintln(r.s.Stderr, "apigw: warning: hot reload:", err)
	}})
}

func (r *reloader) run() {
	defer close(r.stopped)
	for {
		select {
		case changed, ok := <-r.w.Changes():
			if !ok {
				return
			}
			r.apply(r.ws.classify(changed))
		case <-r.done:
			return
		}
	}
}

func (r *reloader) apply(plan reloadPlan) {
	if len(plan.sources) > 0 {
		fmt.Fprintf(r.s.Stderr, "apigw: source changed (%s): run `sam build` to serve it; nothing reloaded\n", r.names(plan.sources))
	}
	if len(plan.template) > 0 {
		r.reloadTemplate(plan.template)
		return
	}
	r.reloadFunctions(plan.functions)
}

// invoker serves the current version's functions.
func (r *reloader) invoker(id string) (integration.Invoker, error) {
	return r.cur.Load().fns.invoker(id)
}

// close stops watching (a reload under way finishes first, until ctx
// ends), then stops the current version's functions and waits for old
// versions still stopping.
func (r *reloader) close(ctx context.Context) error {
	close(r.done)
	if err := wait(ctx, r.stopped); err != nil {
		return fmt.Errorf("hot reload still under way: %w", err)
	}
	err := errors.Join(r.w.Close(), r.cur.Load().fns.close(ctx))
	waited := make(chan struct{})
	go func() {
		r.retired.Wait()
		close(waited)
	}()
	return errors.Join(err, wait(ctx, waited))
}

// wait waits until done is closed or ctx ends.
func wait(ctx context.Context, done <-chan struct{}) error {
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// names are changed files as the user knows them: relative to the
// project's folder (the template's, or for a sam build output the source
// template's) when inside it; at most three, then a count.
func (r *reloader) names(paths []string) string {
	base, _ := filepath.Abs(projectDir(r.cur.Load().tpl.File))
	var out []string
	for _, p := range paths {
		if rel, err := filepath.Rel(base, p); err == nil && !strings.HasPrefix(rel, "..") {
			p = rel
		}
		out = append(out, p)
	}
	if len(out) > 3 {
		out = append(out[:3], fmt.Sprintf("and %d more", len(out)-3))
	}
	return strings.Join(out, ", ")
}

// reloadFunctions reloads each function whose code changed and logs one
// line for all; a function whose reload fails keeps its old code and
// gets its own line saying why.
func (r *reloader) reloadFunctions(changed map[string][]string) {
	runner, ok := r.cur.Load().fns.(runnerFunctions)
	if !ok || len(changed) == 0 {
		return
	}
	var done []string
	retired := 0
	for _, id := range slices.Sorted(maps.Keys(changed)) {
		n, err := runner.r.Reload(id)
		if err != nil {
			fmt.Fprintf(r.s.Stderr, "apigw: reload of function %s (%s changed) failed; its previous code keeps serving: %v\n", id, r.names(changed[id]), err)
			continue
		}
		retired += n
		done = append(done, fmt.Sprintf("function %s (%s changed)", id, r.names(changed[id])))
	}
	if len(done) > 0 {
		fmt.Fprintf(r.s.Stderr, "%s%s, %s retired\n", reloadPrefix, strings.Join(done, ", "), processes(retired))
	}
}

func processes(n int) string {
	if n == 1 {
		return "1 process"
	}
	return fmt.Sprintf("%d processes", n)
}

// projectDir is the folder of the template, or of its source template
// when it is a sam build output.
func projectDir(tplFile string) string {
	if src, ok := sourceOfBuild(tplFile); ok {
		return filepath.Dir(src)
	}
	return filepath.Dir(tplFile)
}
