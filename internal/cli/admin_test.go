package cli

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// listenFree holds a free loopback port for the test.
func listenFree(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

func portOf(a net.Addr) int { return a.(*net.TCPAddr).Port }

// gatewayWithFreeNext holds a gateway port whose next port is free.
func gatewayWithFreeNext(t *testing.T) net.Listener {
	t.Helper()
	for range 20 {
		gw := listenFree(t)
		next, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(portOf(gw.Addr())+1))
		if err == nil {
			next.Close()
			return gw
		}
	}
	t.Fatal("no gateway port with a free next port")
	return nil
}

func TestAdminListener(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		flag     string
		portZero bool // the gateway was asked for port 0
		takeNext bool // something holds the gateway's port + 1
		samePort bool // --admin-addr names the gateway's port
		want     func(gw, admin int) bool
		wantErr  error
		wantOff  bool
	}{
		{"default: gateway port + 1", "", false, false, false, func(gw, a int) bool { return a == gw+1 }, nil, false},
		{"port + 1 taken: a free port", "", false, true, false, func(gw, a int) bool { return a != gw+1 && a != gw && a > 0 }, nil, false},
		{"gateway on port 0: a free port", "", true, false, false, func(gw, a int) bool { return a != gw && a > 0 }, nil, false},
		{"explicit free port", "127.0.0.1:0", false, false, false, func(gw, a int) bool { return a != gw && a > 0 }, nil, false},
		{"never the gateway's port", "", false, false, true, nil, errAdminAddr, false},
		{"off", adminOff, false, false, false, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gw := gatewayWithFreeNext(t)
			gwPort := portOf(gw.Addr())
			if tt.takeNext {
				next, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(gwPort+1))
				if err != nil {
					t.Fatal(err)
				}
				defer next.Close()
			}
			f := adminFlags{adminAddr: tt.flag}
			if tt.samePort {
				f.adminAddr = gw.Addr().String()
			}
			requested := gw.Addr().String()
			if tt.portZero {
				requested = "127.0.0.1:0"
			}
			ln, err := f.adminListener(requested, gw.Addr())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil || tt.wantOff {
				if ln != nil {
					t.Fatalf("listening on %v", ln.Addr())
				}
				return
			}
			defer ln.Close()
			host, _, _ := net.SplitHostPort(ln.Addr().String())
			if host != "127.0.0.1" || !tt.want(gwPort, portOf(ln.Addr())) {
				t.Fatalf("admin on %v, gateway on %d", ln.Addr(), gwPort)
			}
		})
	}
}

func TestAdminFlagsFinish(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, addr, clock string
		wantErr, manual   bool
	}{
		{"defaults", "", "real", false, false},
		{"manual clock", "", "manual", false, true},
		{"bad clock", "", "fake", true, false},
		{"off", "off", "real", false, false},
		{"bad address", "3001", "real", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := adminFlags{adminAddr: tt.addr, clockMode: tt.clock}
			err := f.finish()
			if (err != nil) != tt.wantErr || (f.manual != nil) != tt.manual || (f.now() != nil) != tt.manual {
				t.Fatalf("err %v, manual %v", err, f.manual)
			}
		})
	}
}

func TestFlushCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		body       string
		args       []string
		wantStatus int
		wantOut    string
		wantQuery  string
	}{
		{"flushed", 200, `{"flushed":3}`, nil, ExitOK, "flushed 3 cache entries\n", ""},
		{"api and stage passed on", 200, `{"flushed":0}`, []string{"--api", "SeedApi", "--stage", "prod"}, ExitOK, "flushed 0", "api=SeedApi&stage=prod"},
		{"no such API", 404, `{"status":404,"message":"not found: no API \"x\""}`, []string{"--api", "x"}, ExitUsage, "no API", "api=x"},
		{"store down", 503, `{"status":503,"message":"cache store unavailable"}`, nil, ExitError, "cache store unavailable", ""},
		{"not apigw", 200, `<html>`, nil, ExitUsage, "not an apigw admin API", ""},
		{"extra argument", 200, `{"flushed":1}`, []string{"extra"}, ExitUsage, flushUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var query string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != "/api/flush" {
					http.NotFound(w, r)
					return
				}
				query = r.URL.RawQuery
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			var out, errOut bytes.Buffer
			status := Main(append([]string{"flush", "--admin", srv.URL + "/"}, tt.args...), nil, &out, &errOut)
			if status != tt.wantStatus || !strings.Contains(out.String()+errOut.String(), tt.wantOut) || query != tt.wantQuery {
				t.Fatalf("status %d, out %q, err %q, query %q", status, out.String(), errOut.String(), query)
			}
		})
	}
}

func TestFlushCommandUnreachable(t *testing.T) {
	t.Parallel()
	ln := listenFree(t)
	url := "http://" + ln.Addr().String()
	ln.Close()
	for _, admin := range []string{url, "ftp://x", "::"} {
		var out, errOut bytes.Buffer
		if status := Main([]string{"flush", "--admin", admin}, nil, &out, &errOut); status != ExitUsage || !strings.Contains(errOut.String(), "apigw flush:") {
			t.Fatalf("--admin %s: status %d, %q", admin, status, errOut.String())
		}
	}
}
