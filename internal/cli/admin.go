package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/apigw/apigw/internal/admin"
	"github.com/apigw/apigw/internal/clock"
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
	// view is what the admin API shows of the version serving; shared by
	// every copy of the flags (hot reload's too).
	view *adminView
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
	f.view = &adminView{caches: newAPICaches(), stagePrefix: f.stagePrefix}
	f.cacheFlags.clock, f.cacheFlags.caches = f.now(), f.view.caches
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
