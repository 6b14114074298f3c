package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/demo"
	"github.com/apigw/apigw/internal/gateway"
)

func init() { register("start-api", runStartAPI) }

// Defaults of start-api (DESIGN section 1).
const (
	defaultAddr     = "127.0.0.1:3000"
	shutdownTimeout = 30 * time.Second
	listeningPrefix = "apigw listening on "
	shutdownLine    = "apigw shutting down: draining in-flight requests, then stopping function processes"
)

// serveFlags are start-api's flags.
type serveFlags struct {
	templateFlags
	cacheFlags
	addr, logFormat           string
	stagePrefix               bool
	cacheSize, maxConcurrency int
	maxConnections            int
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "addr", defaultAddr, "listen address HOST:PORT (port 0 picks a free port)")
	f.templateFlags.register(fs, true)
	fs.BoolVar(&f.stagePrefix, "stage-prefix", false, "require the stage as the first path segment, as execute-api URLs do")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.IntVar(&f.cacheSize, "auth-cache-size", 0, "maximum authorizer cache entries per API (0: default)")
	f.cacheFlags.register(fs)
	fs.IntVar(&f.maxConcurrency, "max-concurrency", 10, "maximum concurrent processes per function")
	fs.IntVar(&f.maxConnections, "max-connections", 0,
		"maximum open client connections; more are closed at once (0: (open-file limit - 64 - 8 x function processes) / 2)")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func runStartAPI(args []string, s Streams) int {
	fs := flag.NewFlagSet("start-api", flag.ContinueOnError)
	fs.SetOutput(s.Stderr)
	var f serveFlags
	f.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil || len(pos) > 1 {
		fmt.Fprintln(s.Stderr, "usage: apigw start-api [TEMPLATE] [flags]")
		return ExitUsage
	}
	log, err := newLogger(f.logFormat, s.Stderr)
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitUsage
	}
	return serve(firstOr(pos, ""), f, s, log)
}

func firstOr(pos []string, def string) string {
	if len(pos) == 0 {
		return def
	}
	return pos[0]
}

func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("--log-format: want text or json, got %q", format)
}

// serve loads, provisions, listens and serves until SIGINT/SIGTERM.
func serve(path string, f serveFlags, s Streams, log *slog.Logger) int {
	tpl, fns, err := loadServable(path, f, s, log)
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitUsage
	}
	gw, err := newGateway(tpl, fns, f, log)
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		_ = fns.close(context.Background())
		return ExitUsage
	}
	for _, w := range gw.Warnings() {
		fmt.Fprintln(s.Stderr, "apigw: warning:", w)
	}
	return listenAndServe(gw, fns, tpl, f, s)
}

func newGateway(tpl *api.Template, fns functionSource, f serveFlags, log *slog.Logger) (*gateway.Gateway, error) {
	return gateway.New(gateway.Config{
		Template: tpl, Region: f.region, AccountID: f.accountID, StagePrefix: f.stagePrefix, Log: log,
		Authorizers:  authorizers(fns, f.cacheFlags.sized(f.cacheSize), log),
		Integrations: integrations(fns, f.accountID),
	})
}

func listenAndServe(gw *gateway.Gateway, fns functionSource, tpl *api.Template, f serveFlags, s Streams) int {
	printRouteTable(s.Stderr, tpl)
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		_ = fns.close(context.Background())
		return ExitError
	}
	url := "http://" + ln.Addr().String()
	if tpl.File == demo.File {
		demo.CurlLines(s.Stderr, url)
	}
	fmt.Fprintln(s.Stderr, listeningPrefix+url)
	return serveUntilSignal(gateway.NewServer(gw, frontEndLimits(tpl, f)), ln, fns, s)
}

// frontEndLimits sizes the connection cap from the open-file limit, leaving
// room for every function process the template may run (BAD-4).
func frontEndLimits(tpl *api.Template, f serveFlags) gateway.Limits {
	n := f.maxConnections
	if n <= 0 {
		n = gateway.MaxConnectionsFor(gateway.OpenFileLimit(), len(tpl.Functions)*f.maxConcurrency)
	}
	return gateway.Limits{MaxConnections: n}
}

func serveUntilSignal(srv *gateway.Server, ln net.Listener, fns functionSource, s Streams) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	status := ExitOK
	select {
	case err := <-errc:
		fmt.Fprintln(s.Stderr, "apigw:", err)
		status = ExitError
	case <-ctx.Done():
		fmt.Fprintln(s.Stderr, shutdownLine)
	}
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := errors.Join(srv.Shutdown(shutdown), fns.close(shutdown)); err != nil {
		fmt.Fprintln(s.Stderr, "apigw: shutdown:", err)
	}
	return status
}
