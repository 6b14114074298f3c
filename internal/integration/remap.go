package integration

import (
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// remappedPrefix goes before the name of an integration's response header
// that API Gateway does not pass under its own name (L-4).
const remappedPrefix = "x-amzn-Remapped-"

// remapped are the response headers no integration may send to the client
// under their own name, and the names they get instead. This is the one
// place that decides it, for Lambda proxy (payload 1.0 and 2.0), HTTP
// proxy and mock responses alike:
//   - Connection, Content-Length, Date, Server and x-amzn-RequestId: API
//     Gateway sends its own (L-4, recorded for HTTP proxy).
//   - The other hop-by-hop and framing headers (RFC 9110 section 7.6.1 and
//     RFC 2616 section 13.5.1, whose list adds Trailer and the proxy
//     authentication pair): they would
//     change the framing or the keep-alive state of the client's connection,
//     or ask the client for proxy credentials (BAD-1, DESIGN).
//
// For Lambda proxy AWS is unrecorded; remapping them as for HTTP proxy is
// BAD-1's recommendation. Renamed rather than dropped, a function's author
// still sees what the function sent.
var remapped = func() []struct{ name, as string } {
	names := []string{
		"Connection", "Content-Length", "Date", "Server", "x-amzn-RequestId",
		"Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
		"Proxy-Authenticate", "Proxy-Authorization",
	}
	out := make([]struct{ name, as string }, len(names))
	for i, n := range names {
		out[i].name, out[i].as = n, remappedPrefix+n
	}
	return out
}()

// remapHeaders renames, in place, every header of h that remapped lists
// (any case) to its x-amzn-Remapped- name, spelled as AWS spells it; the
// value and the order stay. It returns h.
func remapHeaders(h []request.Field) []request.Field {
	for i := range h {
		if as, ok := remappedName(h[i].Name); ok {
			h[i].Name = as
		}
	}
	return h
}

// RemappedName is the name a response header goes out under when
// remapped lists it ("connection" -> "x-amzn-Remapped-Connection"), and
// whether it does; gateway responses use it for their header mappings.
func RemappedName(name string) (string, bool) { return remappedName(name) }

func remappedName(name string) (string, bool) {
	for _, r := range remapped {
		if len(r.name) == len(name) && strings.EqualFold(r.name, name) {
			return r.as, true
		}
	}
	return "", false
}
