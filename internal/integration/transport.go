package integration

import (
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/apigw/apigw/internal/upstream"
)

// Connection-pool settings of NewTransport, sized for one gateway talking
// to a few local backends under load.
const (
	dialTimeout         = 10 * time.Second
	dialKeepAlive       = 30 * time.Second
	maxIdleConns        = 1024
	maxIdleConnsPerHost = 512
	idleConnTimeout     = 90 * time.Second
)

// NewTransport returns the client for HTTP-proxy backends: plain http://
// requests go through upstream's raw HTTP/1.1 client on the caller's
// goroutine, everything else (https, a proxy from the environment) through
// newHTTPTransport's. Used as a RoundTripper it never follows redirects.
func NewTransport() *upstream.Client {
	return upstream.New(newHTTPTransport())
}

// newHTTPTransport is the net/http transport behind NewTransport, whose
// settings the raw client takes too: a large keep-alive pool, no
// transparent decompression (bodies pass through as the backend encoded
// them), HTTP/1.1, proxies from the environment.
func newHTTPTransport() *http.Transport {
	return &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: dialTimeout, KeepAlive: dialKeepAlive}).DialContext,
		MaxIdleConns:        maxIdleConns,
		MaxIdleConnsPerHost: maxIdleConnsPerHost,
		IdleConnTimeout:     idleConnTimeout,
		DisableCompression:  true,
	}
}

// sharedTransport serves every integration built without its own.
var sharedTransport = sync.OnceValue(NewTransport)

// hopByHop are the headers that belong to one connection and are not
// forwarded to a backend (RFC 9110 section 7.6.1), plus those the transport
// sets itself. On the way back remapHeaders renames them instead (L-4).
var hopByHop = map[string]bool{
	"Connection":          true,
	"Proxy-Connection":    true,
	"Keep-Alive":          true,
	"Proxy-Authenticate":  true,
	"Proxy-Authorization": true,
	"Te":                  true,
	"Trailer":             true,
	"Transfer-Encoding":   true,
	"Upgrade":             true,
	"Host":                true,
	"Content-Length":      true,
	"Expect":              true,
}
