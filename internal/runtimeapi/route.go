package runtimeapi

import (
	"bytes"
	"context"
	"net/http"
)

// route is the handler of a request the connection loop dispatches
// itself, without ServeMux: the four method and path pairs New registers,
// for a target of plain path bytes (see matchRoute).
type route uint8

const (
	routeNone      route = iota // for ServeMux (404, 405, other forms)
	routeNext                   // GET PathNext
	routeResponse               // POST PathResponse
	routeError                  // POST PathInvocationError
	routeInitError              // POST PathInitError
)

// The start of every path served, and of the invocation paths after it.
const (
	pathPrefix      = "/" + Version + "/runtime/"
	invocationTrail = "invocation/"
)

// matchRoute returns the route of method and target and the {id} in the
// target, a slice of it. A target with a byte other than letters, digits,
// "-._~/", or with a "." or ".." id, is routeNone: ServeMux unescapes,
// cleans and redirects those, so its answer stays the one they get.
func matchRoute(method, target []byte) (route, []byte) {
	rest, ok := bytes.CutPrefix(target, []byte(pathPrefix))
	if !ok || !plainPath(rest) {
		return routeNone, nil
	}
	switch {
	case string(method) == http.MethodGet && string(rest) == invocationTrail+"next":
		return routeNext, nil
	case string(method) != http.MethodPost:
		return routeNone, nil
	case string(rest) == "init/error":
		return routeInitError, nil
	}
	return matchOutcome(rest)
}

// matchOutcome matches "invocation/{id}/response" and ".../error".
func matchOutcome(rest []byte) (route, []byte) {
	rest, ok := bytes.CutPrefix(rest, []byte(invocationTrail))
	id, tail, cut := bytes.Cut(rest, []byte("/"))
	if !ok || !cut || len(id) == 0 || string(id) == "." || string(id) == ".." {
		return routeNone, nil
	}
	switch string(tail) {
	case "response":
		return routeResponse, id
	case "error":
		return routeError, id
	}
	return routeNone, nil
}

// plainPath reports whether b holds only unreserved bytes and slashes,
// which url.ParseRequestURI and ServeMux take as they are.
func plainPath(b []byte) bool {
	for _, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '.', c == '_', c == '~', c == '/':
		default:
			return false
		}
	}
	return true
}

// serve runs the handler of rq's route on w.
func (s *Server) serve(w http.ResponseWriter, rq *request) {
	switch rq.route {
	case routeNext:
		s.serveNext(w, context.Background())
	case routeResponse:
		s.serveResponse(w, rq)
	case routeError:
		s.serveInvocationError(w, rq)
	case routeInitError:
		s.serveInitError(w, rq)
	}
}
