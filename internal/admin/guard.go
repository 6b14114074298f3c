package admin

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// guard refuses, with a JSON 403, what a web page the user visits could
// send to a local admin API: a cross-origin browser request that changes
// state (a form posting to /api/flush: CSRF), and, with LoopbackOnly, a
// request whose Host does not name loopback (a DNS-rebinding page reading
// the cache or records).
func (h *handler) guard(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "cross-origin request refused: "+r.Method+" "+r.URL.Path)
	}))
	protected := cop.Handler(next)
	if !h.cfg.LoopbackOnly {
		return protected
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !loopbackHost(r.Host) {
			writeError(w, http.StatusForbidden, "the admin API listens on loopback and answers only requests to a loopback host (Host "+r.Host+")")
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether a Host header names localhost or a
// loopback address.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return err == nil && ip.IsLoopback()
}
