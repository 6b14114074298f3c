package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// target is one server measured under load: its row in the report.
type target struct {
	name    string
	url     string
	headers []string
	pprof   string // apigw's pprof address when profiling, else ""
	// server is the pid whose process tree serves url, backend the
	// harness backend's behind it (0: none); their CPU time is measured.
	server, backend int
}

// Names of the rows the ratios are computed from.
const (
	rowAPIGWProxy = "apigw: cached TOKEN authorizer -> http_proxy -> backend"
	// rowAPIGWProxyQuiet is rowAPIGWProxy without apigw's line per request.
	rowAPIGWProxyQuiet = rowAPIGWProxy + ", --log-level warn"
	rowGoProxy         = "tuned Go httputil.ReverseProxy -> backend"
	rowNginx           = "nginx auth_request + cache -> backend"
	// rowNginxLogged is rowNginx with nginx's default access log.
	rowNginxLogged = rowNginx + ", access_log on"
	rowFloorAPIGW  = "floor: fasthttp + apigw's upstream client -> backend (no gateway)"
	rowFloorFast   = "floor: fasthttp server + fasthttp client -> backend (no gateway)"
	rowAPIGWNode   = "apigw: cached Node authorizer -> warm Node function"
	rowAPIGWGo     = "apigw: Lambda proxy, warm Go function (no authorizer)"
	rowSLS         = "serverless-offline 13 (default)"
	rowSLSInProc   = "serverless-offline 13 --useInProcess"
	authorizeAllow = "Authorization: allow"
)

// fleet is every server of one run, started before the first round and
// stopped after the last.
type fleet struct {
	procs   []*process
	backend int // the harness backend's pid
	targets []target
	skipped []string // "peer: why", printed in the report
}

func (f *fleet) stop() {
	for _, p := range f.procs {
		p.stop()
	}
}

func (f *fleet) skip(peer string, why error) {
	f.skipped = append(f.skipped, fmt.Sprintf("%s: skipped (%v)", peer, why))
}

// startFleet starts the backend, apigw and every peer whose tool is
// installed; a missing peer is skipped with a line in the report.
func startFleet(c config) (*fleet, error) {
	f := &fleet{}
	backend, err := f.harnessServer(c, serveBackend, "")
	if err != nil {
		return f, err
	}
	f.backend = f.last()
	if err := f.startAPIGW(c, c.apigw, "", backend); err != nil {
		return f, err
	}
	if c.baseline != "" {
		if err := f.startAPIGW(c, c.baseline, baselineSuffix, backend); err != nil {
			return f, err
		}
	}
	if err := f.startAPIGWQuiet(c, backend); err != nil {
		return f, err
	}
	f.harnessPeer(c, rowGoProxy, serveProxy, backend)
	f.harnessPeer(c, rowFloorAPIGW, serveFloorAPIGW, backend)
	f.harnessPeer(c, rowFloorFast, serveFloorFast, backend)
	f.tryPeer(rowNginx, func() error { return f.startNginx(c, backend, rowNginx, false) })
	f.tryPeer(rowNginxLogged, func() error { return f.startNginx(c, backend, rowNginxLogged, true) })
	f.tryPeer(rowSLS, func() error { return f.startSLS(c, false) })
	f.tryPeer(rowSLSInProc, func() error { return f.startSLS(c, true) })
	return f, nil
}

// harnessPeer starts one of the harness's proxies in front of backend as
// the server of row.
func (f *fleet) harnessPeer(c config, row, mode, backend string) {
	if proxy, err := f.harnessServer(c, mode, backend); err != nil {
		f.skip(row, err)
	} else {
		f.add(row, "http://"+proxy+"/pets").backend = f.backend
	}
}

func (f *fleet) tryPeer(name string, start func() error) {
	if err := start(); err != nil {
		f.skip(name, err)
	}
}

// add makes the last process started the server of a new target.
func (f *fleet) add(name, url string, headers ...string) *target {
	f.targets = append(f.targets, target{name: name, url: url, headers: headers, server: f.last()})
	return &f.targets[len(f.targets)-1]
}

// last is the pid of the process started last.
func (f *fleet) last() int { return f.procs[len(f.procs)-1].cmd.Process.Pid }

// harnessServer starts this program in a -serve mode and returns its
// host:port.
func (f *fleet) harnessServer(c config, mode, backend string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	p, err := start(c, c.pinned(self, "-serve", mode, "-listen", "127.0.0.1:0", "-backend", backend))
	if err != nil {
		return "", fmt.Errorf("%s: %w", mode, err)
	}
	f.procs = append(f.procs, p)
	return strings.TrimPrefix(p.url, "http://"), nil
}

// baselineSuffix marks the rows of the -baseline binary.
const baselineSuffix = " [baseline]"

// startAPIGW serves the measured template with bin: three routes, one
// process; suffix marks its rows.
func (f *fleet) startAPIGW(c config, bin, suffix, backend string) error {
	p, pprof, err := f.launchAPIGW(c, bin, backend)
	if err != nil {
		return err
	}
	proxy := f.add(rowAPIGWProxy+suffix, p.url+"/proxy/pets", authorizeAllow)
	proxy.pprof, proxy.backend = pprof, f.backend
	f.add(rowAPIGWNode+suffix, p.url+"/node/pets", authorizeAllow).pprof = pprof
	f.add(rowAPIGWGo+suffix, p.url+"/fn/pets").pprof = pprof
	return nil
}

// startAPIGWQuiet starts -apigw once more with its line per request left
// out (--log-level warn), as nginx runs here with access_log off: the
// http_proxy row measured like for like.
func (f *fleet) startAPIGWQuiet(c config, backend string) error {
	p, pprof, err := f.launchAPIGW(c, c.apigw, backend, "--log-level", "warn")
	if err != nil {
		return err
	}
	quiet := f.add(rowAPIGWProxyQuiet, p.url+"/proxy/pets", authorizeAllow)
	quiet.pprof, quiet.backend = pprof, f.backend
	return nil
}

// launchAPIGW starts bin on the bench template with extra flags; pprof is
// its profile address when profiling, else "".
func (f *fleet) launchAPIGW(c config, bin, backend string, extra ...string) (p *process, pprof string, err error) {
	tpl, err := writeTemplate(c.work, backend)
	if err != nil {
		return nil, "", err
	}
	cmd := c.pinned(bin, append([]string{"start-api", tpl, "--addr", "127.0.0.1:0"}, extra...)...)
	if c.profile != "" {
		pprof = "127.0.0.1:" + freePort()
		cmd.Env = append(os.Environ(), "APIGW_PPROF_ADDR="+pprof)
	}
	if p, err = start(c, cmd); err != nil {
		return nil, "", err
	}
	f.procs = append(f.procs, p)
	return p, pprof, nil
}

// writeHandler writes the Node handlers apigw and serverless-offline both
// run into dir.
func writeHandler(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "handler.js"), []byte(handlerJS), 0o644)
}

// lookTool finds a peer's program, or says why the peer is skipped.
func lookTool(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found on PATH", name)
	}
	return p, nil
}
