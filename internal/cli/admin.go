package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/apigw/apigw/internal/admin"
	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/clock"
	"github.com/apigw/apigw/internal/gateway"
	"github.com/apigw/apigw/internal/record"
)

// adminOff disables the admin listener (--admin-addr off).
const adminOff = "off"

// adminPrefix starts the start banner's line naming the admin API.
const adminPrefix = "admin: "

// adminFlags are start-api's --admin-addr and --clock (DESIGN section 1).
type adminFlags struct {
	adminAddr string // "" means the default (gateway port + 1 on loopback)
	clockMode string
	// manual is the test clock with --clock manual; nil with the real one.
	manual *clock.Manual
	// ring keeps the recent request records the admin API shows.
	ring *record.Ring
}

func (f *adminFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.adminAddr, "admin-addr", "",
		"admin API listen address HOST:PORT, or off (default: 127.0.0.1 and the gateway's port + 1, or a free port)")
	fs.StringVar(&f.clockMode, "clock", string(clock.Real),
		"real, or manual: a test clock for authorizer-cache TTLs, JWT exp/nbf and aws:CurrentTime, moved through POST /api/clock")
}

// finishAdmin checks the flags, makes the manual clock when asked for and
// wires the clock and the cache registry into the cache flags.
func (f *serveFlags) finishAdmin() error {
	if err := f.adminFlags.finish(); err != nil {
		return err
	}
	f.cacheFlags.clock, f.cacheFlags.caches = f.now(), newAPICaches()
	f.ring = record.NewRing(record.DefaultHistory)
	return nil
}

// finish checks the flags and makes the manual clock when asked for.
func (f *adminFlags) finish() error {
	mode, err := clock.ParseMode(f.clockMode)
	if err != nil {
		return fmt.Errorf("--clock: %w", err)
	}
	if mode == clock.ManualMode {
		f.manual = clock.NewManual(time.Now())
	}
	if f.adminAddr != "" && f.adminAddr != adminOff {
		if _, _, err := net.SplitHostPort(f.adminAddr); err != nil {
			return fmt.Errorf("--admin-addr: want HOST:PORT or off: %w", err)
		}
	}
	return nil
}

// now is apigw's clock for what --clock governs; nil means the real
// clock (time.Now, or the request's arrival time).
func (f *adminFlags) now() func() time.Time {
	if f.manual == nil {
		return nil
	}
	return f.manual.Now
}

// errAdminAddr: --admin-addr names the gateway's own port.
var errAdminAddr = errors.New("--admin-addr: the admin API never shares the gateway's port")

// adminListener listens for the admin API: on --admin-addr when given,
// else on 127.0.0.1 and the gateway's port + 1, or a free port when that
// is taken or the gateway's port was 0 (chosen by the system). nil with
// off. requested is the gateway's --addr, gateway where it listens.
func (f *adminFlags) adminListener(requested string, gateway net.Addr) (net.Listener, error) {
	if f.adminAddr == adminOff {
		return nil, nil
	}
	gwPort := 0
	if a, ok := gateway.(*net.TCPAddr); ok {
		gwPort = a.Port
	}
	if f.adminAddr != "" {
		if _, p, _ := net.SplitHostPort(f.adminAddr); p == strconv.Itoa(gwPort) {
			return nil, fmt.Errorf("%w (%s)", errAdminAddr, f.adminAddr)
		}
		return net.Listen("tcp", f.adminAddr)
	}
	if _, p, _ := net.SplitHostPort(requested); p != "0" && gwPort > 0 && gwPort < 65535 {
		if ln, err := net.Listen("tcp", net.JoinHostPort(defaultHost, strconv.Itoa(gwPort+1))); err == nil {
			return ln, nil
		}
	}
	return net.Listen("tcp", net.JoinHostPort(defaultHost, "0"))
}

// adminServer is the running admin API.
type adminServer struct {
	srv *http.Server
	url string
}

// serveAdmin listens for the admin API (adminListener), serves it in the
// background and prints its URL; nil with --admin-addr off.
func serveAdmin(gateway net.Addr, cfg admin.Config, f serveFlags, w io.Writer) (*adminServer, error) {
	ln, err := f.adminListener(f.addr, gateway)
	if err != nil || ln == nil {
		return nil, err
	}
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		cfg.LoopbackOnly = a.IP.IsLoopback()
	}
	a := &adminServer{srv: &http.Server{Handler: admin.New(cfg), ReadHeaderTimeout: 10 * time.Second}, url: "http://" + ln.Addr().String() + "/"}
	go func() { _ = a.srv.Serve(ln) }()
	fmt.Fprintln(w, adminPrefix+a.url)
	return a, nil
}

// close stops the admin API, event streams included.
func (a *adminServer) close() {
	if a != nil {
		_ = a.srv.Close()
	}
}

// apiCaches records each API's authorizer cache as the authorizer factory
// makes them, for the admin API's listing and flush.
type apiCaches struct {
	mu    sync.Mutex
	byAPI map[*api.API]*authorizer.Cache
}

func newAPICaches() *apiCaches { return &apiCaches{byAPI: map[*api.API]*authorizer.Cache{}} }

func (c *apiCaches) add(a *api.API, cache *authorizer.Cache) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byAPI[a] = cache
}

// stages is the admin API's view of every API of tpl: its stage and
// cache (none when the API has no cached authorizer).
func (c *apiCaches) stages(tpl *api.Template) admin.StageCaches {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := admin.StageCaches{}
	for _, a := range tpl.APIs {
		sc := admin.StageCache{API: a.LogicalID, APIID: a.ID, Stage: a.Stage}
		if cache := c.byAPI[a]; cache != nil {
			sc.Store = cache
		}
		out = append(out, sc)
	}
	return out
}

// adminConfig wires the admin API to the served template.
func adminConfig(tpl *api.Template, gw *gateway.Gateway, url string, f serveFlags, fns functionSource) admin.Config {
	gap := func(r *api.Route) string {
		_, g := gw.RouteGap(r)
		return g.What
	}
	cfg := admin.Config{
		Routes:  admin.RoutesOf(tpl, url, f.stagePrefix, gap),
		Cache:   f.caches.stages(tpl),
		Records: f.ring,
	}
	if f.manual != nil {
		cfg.Clock = f.manual
	}
	cfg.Pools = poolsOf(fns)
	return cfg
}
