package cli

import (
	"flag"
	"fmt"
	"log/slog"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/demo"
	"github.com/apigw/apigw/internal/gateway"
)

// reloadFlags are start-api's hot reload flag.
type reloadFlags struct {
	noReload bool
}

func (f *reloadFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.noReload, "no-reload", false, "do not watch the template and function code for changes (hot reload is on by default)")
}

// withReload returns the functions start-api stops at shutdown: with hot
// reload on, a reloader that keeps srv serving the template's current
// version; else fns as they are. When watching cannot start, it says why
// and serves without reloading.
func withReload(srv *gateway.Server, cur liveAPI, f serveFlags, s Streams, log *slog.Logger) functionSource {
	if f.noReload || cur.tpl.File == demo.File {
		return cur.fns
	}
	r, err := newReloader(srv, cur, f, s, log)
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw: warning: hot reload is off:", err)
		return cur.fns
	}
	return r
}

// liveAPI is one loaded version of the API: its template, functions and
// gateway, and the JWT authorizers' keys (shared by every version).
type liveAPI struct {
	tpl    *api.Template
	fns    functionSource
	gw     *gateway.Gateway
	tokens *tokenAuthorizers
}
