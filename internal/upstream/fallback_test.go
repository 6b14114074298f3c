package upstream

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestFallback: what the raw path does not handle goes through the
// fallback Transport, and leaves nothing in the raw pool.
func TestFallback(t *testing.T) {
	t.Parallel()
	t.Run("https", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, "tls")
		}))
		t.Cleanup(srv.Close)
		fb := newFallback()
		fb.TLSClientConfig = &tls.Config{RootCAs: srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs}
		c := New(fb)
		t.Cleanup(c.CloseIdleConnections)
		if _, body := mustDo(t, c, http.MethodGet, srv.URL+"/", ""); body != "tls" {
			t.Errorf("body %q; want tls", body)
		}
		if n := c.pool.idleTotal(); n != 0 {
			t.Errorf("%d raw connections for an https URL; want 0", n)
		}
	})
	t.Run("proxy", func(t *testing.T) {
		t.Parallel()
		uris := make(chan string, 1)
		proxy := newRawServer(t, func(_ int, conn net.Conn) {
			req, _, err := readRequest(bufio.NewReader(conn))
			if err == nil {
				uris <- req.RequestURI
				_, _ = io.WriteString(conn, okReply)
			}
		})
		fb := newFallback()
		fb.Proxy = http.ProxyURL(mustURL(proxy.url("")))
		c := New(fb)
		t.Cleanup(c.CloseIdleConnections)
		target := "http://backend.invalid:8080/p?q=1"
		_, _ = mustDo(t, c, http.MethodGet, target, "")
		if got := <-uris; got != target {
			t.Errorf("proxy saw %q; want the absolute URL %q (Transport's proxy request)", got, target)
		}
		if n := c.pool.idleTotal(); n != 0 {
			t.Errorf("%d raw connections for a proxied URL; want 0", n)
		}
	})
	t.Run("compression on", func(t *testing.T) {
		t.Parallel()
		srv, ch := recordingServer(t)
		fb := newFallback()
		fb.DisableCompression = false
		c := New(fb)
		t.Cleanup(c.CloseIdleConnections)
		_, _ = mustDo(t, c, http.MethodGet, srv.url("/"), "")
		if got := (<-ch).header.Get("Accept-Encoding"); got != "gzip" {
			t.Errorf("Accept-Encoding %q; want Transport's gzip", got)
		}
	})
}
