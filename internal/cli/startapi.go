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
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/demo"
	"github.com/apigw/apigw/internal/gateway"
	"github.com/apigw/apigw/internal/lambda"
	"github.com/apigw/apigw/internal/metrics"
)

func init() { register("start-api", runStartAPI) }

// Defaults of start-api (DESIGN section 1).
const (
	defaultHost      = "127.0.0.1"
	defaultPort      = 3000
	defaultAddr      = "127.0.0.1:3000"
	startAPIUsage    = "usage: apigw start-api [TEMPLATE] [flags]"
	shutdownTimeout  = 30 * time.Second
	listeningPrefix  = "apigw listening on "
	shutdownLine     = "apigw shutting down: draining in-flight requests, then stopping function processes"
	secondSignalLine = "apigw: second signal: stopping now (in-flight requests dropped, function processes killed)"
)

// serveFlags are start-api's flags.
type serveFlags struct {
	templateFlags
	cacheFlags
	adminFlags
	reloadFlags
	recordFlags
	functionFlags
	addr, logFormat           string
	logLevel                  slog.Level
	stagePrefix               bool
	disableAuthorizer         bool
	trustForwardedFor         bool
	cacheSize, maxConcurrency int
	maxConnections            int
	// host, port and warmContainers are SAM CLI's --host, -p/--port and
	// --warm-containers.
	host, warmContainers string
	port                 int
	jwks                 jwksFlag
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "addr", defaultAddr, "listen address HOST:PORT (port 0 picks a free port); --host and --port replace its parts")
	fs.StringVar(&f.host, "host", defaultHost, "listen host (SAM CLI's flag): replaces --addr's host")
	for _, name := range []string{"p", "port"} {
		fs.IntVar(&f.port, name, defaultPort, "listen port (SAM CLI's flag): replaces --addr's port")
	}
	fs.StringVar(&f.warmContainers, "warm-containers", "", "EAGER or LAZY, accepted for SAM CLI: function processes are always kept warm")
	f.templateFlags.register(fs, true)
	fs.BoolVar(&f.stagePrefix, "stage-prefix", false, "require the stage as the first path segment, as execute-api URLs do")
	fs.BoolVar(&f.disableAuthorizer, "disable-authorizer", false, "serve every route without its authorizer (logged on every request)")
	fs.BoolVar(&f.trustForwardedFor, "trust-forwarded-for", false, "behind a load balancer: policy conditions on aws:SourceIp read the right-most X-Forwarded-For entry, not the TCP peer")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.TextVar(&f.logLevel, "log-level", slog.LevelInfo, "lowest level of apigw's own log: debug, info (a line per request), warn or error; functions' output is always shown")
	fs.IntVar(&f.cacheSize, "auth-cache-size", 0, "maximum authorizer cache entries per API (0: default)")
	f.cacheFlags.register(fs)
	f.adminFlags.register(fs)
	f.reloadFlags.register(fs)
	f.recordFlags.register(fs)
	f.jwks = jwksFlag{}
	f.jwks.register(fs)
	fs.IntVar(&f.maxConcurrency, "max-concurrency", lambda.DefaultMaxConcurrency(), "maximum concurrent processes per function; the default is the cores Go uses here (GOMAXPROCS), at least 2")
	f.functionFlags.register(fs)
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
	pos, status, ok := parseArgs(fs, args, startAPIUsage, s)
	if !ok {
		return status
	}
	if len(pos) > 1 {
		fmt.Fprintln(s.Stderr, startAPIUsage)
		return ExitUsage
	}
	s, flushLogs := batchLogs(s)
	defer flushLogs()
	err := f.finish(fs, s)
	var log *slog.Logger
	if err == nil {
		log, err = newLogger(f.logFormat, f.logLevel, s.Stderr)
	}
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		return ExitUsage
	}
	tuneCollector(os.Getenv)
	return serve(firstOr(pos, ""), f, s, log)
}

// finish completes the template flags (configuration file, profile), then
// the listen address: --host and --port replace the parts of --addr,
// given or its default; from the configuration file only when --addr is
// not on the command line.
func (f *serveFlags) finish(fs *flag.FlagSet, s Streams) error {
	onCommandLine := givenFlags(fs)
	given, err := f.templateFlags.finish(fs, sectionStartAPI)
	if err != nil {
		return err
	}
	if given["warm-containers"] {
		if w := strings.ToUpper(f.warmContainers); w != "EAGER" && w != "LAZY" {
			return fmt.Errorf("--warm-containers: want EAGER or LAZY, got %q", f.warmContainers)
		}
		fmt.Fprintln(s.Stderr, "apigw: --warm-containers: accepted for SAM CLI; apigw always keeps function processes warm (up to --max-concurrency each)")
	}
	if onCommandLine["addr"] {
		given = onCommandLine
	}
	if f.addr, err = listenAddr(f.addr, f.host, f.port, given); err != nil {
		return err
	}
	return f.finishAdmin()
}

// listenAddr is addr with the host and port replaced when given.
func listenAddr(addr, host string, port int, given map[string]bool) (string, error) {
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr: %w", err)
	}
	if given["host"] {
		h = host
	}
	if given["port"] {
		if port < 0 || port > 65535 {
			return "", fmt.Errorf("--port: %d is not a port", port)
		}
		p = strconv.Itoa(port)
	}
	return net.JoinHostPort(h, p), nil
}

func firstOr(pos []string, def string) string {
	if len(pos) == 0 {
		return def
	}
	return pos[0]
}

func newLogger(format string, level slog.Leveler, w io.Writer) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(gateway.NewTextLogHandler(w, level)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})), nil
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
	warn := func(w string) { fmt.Fprintln(s.Stderr, "apigw: warning:", w) }
	f.observed, err = newObservers(tpl, f.recordFlags, f.accountID, poolsOf(fns), s.Stdout, warn)
	if err == nil && f.view != nil {
		err = f.observed.Metrics.Watch(metrics.Sources{Caches: f.view.caches})
	}
	var tokens *tokenAuthorizers
	if err == nil {
		tokens, err = newTokenAuthorizers(f.jwks, f.now())
	}
	var gw *gateway.Gateway
	if err == nil {
		printIssuers(s.Stderr, tpl, tokens)
		gw, err = newGateway(tpl, fns, f, log, tokens)
	}
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		_ = fns.close(context.Background())
		return ExitUsage
	}
	for _, w := range gw.Warnings() {
		fmt.Fprintln(s.Stderr, "apigw: warning:", w)
	}
	if f.strict && refuseStrict(s.Stderr, tpl, gw) {
		_ = fns.close(context.Background())
		return ExitUsage
	}
	if f.disableAuthorizer {
		fmt.Fprintln(s.Stderr, "apigw: warning: --disable-authorizer: every route is served without its authorizer; "+requestLinesSay(f.logLevel))
	}
	return listenAndServe(liveAPI{tpl: tpl, fns: fns, gw: gw, tokens: tokens}, f, s, log)
}

// requestLinesSay completes the --disable-authorizer warning: whether the
// request lines, which say so each time, are logged at level.
func requestLinesSay(level slog.Level) string {
	if level > slog.LevelInfo {
		return "--log-level " + strings.ToLower(level.String()) + " leaves out the request lines that say so"
	}
	return "each request's log line says so"
}

func newGateway(tpl *api.Template, fns functionSource, f serveFlags, log *slog.Logger, tokens *tokenAuthorizers) (*gateway.Gateway, error) {
	return gateway.New(gateway.Config{
		Template: tpl, Region: f.region, AccountID: f.accountID, StagePrefix: f.stagePrefix, Log: log, TrustForwardedFor: f.trustForwardedFor,
		Clock:             f.now(),
		DisableAuthorizer: f.disableAuthorizer, Recorder: f.recorder(),
		Authorizers:  authorizers(fns, f.cacheFlags.sized(f.cacheSize), log, tokens),
		Integrations: integrations(fns, f.accountID),
	})
}

func listenAndServe(cur liveAPI, f serveFlags, s Streams, log *slog.Logger) int {
	gw, fns, tpl := cur.gw, cur.fns, cur.tpl
	printRouteTable(s.Stderr, tpl, gw, f.disableAuthorizer)
	printSummary(s.Stderr, tpl, gw)
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
	srv := gateway.NewServer(gw, frontEndLimits(tpl, f))
	fns = withReload(srv, cur, f, s, log) // watching before the listening line
	printBanner(s.Stderr, url, tpl, gw, f)
	adm, err := serveAdmin(ln.Addr(), withDashboard(adminConfig(cur, url, f)), f, s.Stderr)
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw:", err)
		_ = ln.Close()
		_ = fns.close(context.Background())
		return ExitError
	}
	defer adm.close()
	fmt.Fprintln(s.Stderr, listeningPrefix+url)
	return serveUntilSignal(srv, ln, fns, s)
}

// printBanner names the template and every route as a full URL with its
// authorizer, as SAM CLI's start banner does.
func printBanner(w io.Writer, url string, tpl *api.Template, gw *gateway.Gateway, f serveFlags) {
	fmt.Fprintf(w, "apigw: serving %s; Ctrl-C drains in-flight requests and stops, a second Ctrl-C stops at once\n", tpl.File)
	for _, a := range tpl.APIs {
		base := url
		if f.stagePrefix {
			base += "/" + a.Stage
		}
		for _, r := range slices.SortedStableFunc(slices.Values(a.Routes), api.CompareRoutes) {
			fmt.Fprintf(w, "  %-7s %s%s  auth: %s", r.Method, base, r.Path, routeAuth(a, r, f.disableAuthorizer))
			if stage, gap := gw.RouteGap(r); stage != api.FailNone {
				fmt.Fprint(w, "  NOT SERVED: "+gap.What)
			}
			fmt.Fprintln(w)
		}
	}
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

// serveUntilSignal serves until the server fails or a first SIGINT or
// SIGTERM, then drains in-flight requests and stops the functions for at
// most shutdownTimeout; a second signal cuts the drain short (in-flight
// requests are dropped, function processes killed) and the status is
// ExitInterrupted.
func serveUntilSignal(srv *gateway.Server, ln net.Listener, fns functionSource, s Streams) int {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	status := ExitOK
	select {
	case err := <-errc:
		fmt.Fprintln(s.Stderr, "apigw:", err)
		status = ExitError
	case <-sig:
		fmt.Fprintln(s.Stderr, shutdownLine+" (Ctrl-C again to stop at once)")
	}
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	var interrupted atomic.Bool
	go func() {
		select {
		case <-sig:
			fmt.Fprintln(s.Stderr, secondSignalLine)
			interrupted.Store(true)
			cancel()
		case <-shutdown.Done():
		}
	}()
	err := errors.Join(srv.Shutdown(shutdown), fns.close(shutdown))
	if interrupted.Load() {
		return ExitInterrupted
	}
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw: shutdown:", err)
	}
	return status
}
