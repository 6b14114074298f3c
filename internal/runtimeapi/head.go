package runtimeapi

import (
	"bufio"
	"bytes"

	"github.com/apigw/apigw/internal/httphead"
)

// The connection loop's fast path for a request head. A runtime's
// requests are few and plain: GET /next and POST .../response with a
// Content-Length (Node, Python) or chunked (aws-lambda-go). readHead reads
// such a head straight into the connection's request, without the
// *http.Request, URL, header map and strings http.ReadRequest makes, and
// picks the handler itself (route.go). Anything else - another method,
// path or HTTP version, Expect, a bare LF, a folded or malformed header,
// more than one Host or Content-Length, Transfer-Encoding other than one
// "chunked", a head beyond the read buffer - it leaves unread for
// http.ReadRequest and ServeMux, so every answer to those stays theirs.
// It only accepts what http.ReadRequest accepts and reads it as that does
// (FuzzHead checks both).

// readHead reads a plain request head from br into rq, waiting for more
// bytes while what came is the start of one (httphead.Read). It returns
// false, with nothing consumed, when the request is for http.ReadRequest;
// err is then a read error that br reported (and forgot) while readHead
// waited, for the caller to hand back to the next read.
func readHead(br *bufio.Reader, rq *request) (ok bool, err error) {
	n, ok, err := httphead.Read(br, func(b []byte) (int, httphead.Verdict) { return parseHead(b, rq) })
	if ok {
		br.Discard(n) //nolint:errcheck // peeked
	}
	return ok, err
}

// parseHead reads b as a request head. With httphead.Done, rq holds the
// request and the head is b[:n]; otherwise n means nothing.
func parseHead(b []byte, rq *request) (n int, v httphead.Verdict) {
	line, at, v := httphead.CutLine(b, 0)
	if v != httphead.Done {
		return 0, v
	}
	scan := headScan{rq: rq}
	if !scan.requestLine(line) {
		return 0, httphead.Slow
	}
	for {
		line, at, v = httphead.CutLine(b, at)
		switch {
		case v != httphead.Done:
			return 0, v
		case len(line) == 0:
			return at, scan.finish()
		case !scan.field(line):
			return 0, httphead.Slow
		}
	}
}

// headScan is one head being read on the fast path.
type headScan struct {
	rq                        *request
	lengths, encodings, hosts int
	typeSeen, badTrailer      bool
}

// requestLine reads "METHOD TARGET HTTP/1.1" of a request route.go
// serves.
func (h *headScan) requestLine(line []byte) bool {
	method, rest, _ := bytes.Cut(line, []byte(" "))
	target, proto, _ := bytes.Cut(rest, []byte(" "))
	if string(proto) != "HTTP/1.1" {
		return false
	}
	r, id := matchRoute(method, target)
	*h.rq = request{route: r, id: append(h.rq.id[:0], id...)} // id is copied out of the read buffer
	return r != routeNone
}

// field reads one "Name: value" line; false sends the request to
// http.ReadRequest (which may refuse it).
func (h *headScan) field(line []byte) bool {
	name, value, ok := bytes.Cut(line, []byte(":"))
	if !ok || !httphead.IsToken(name) || !httphead.ValidValue(value) {
		return false
	}
	value = httphead.TrimOWS(value)
	switch {
	case httphead.FoldEqual(name, headerContentLength):
		h.lengths++
		return h.setLength(value)
	case httphead.FoldEqual(name, "Transfer-Encoding"):
		h.encodings++
		return httphead.FoldEqual(value, "chunked")
	case httphead.FoldEqual(name, "Connection"):
		h.rq.close = h.rq.close || httphead.HasToken(value, "close")
	case httphead.FoldEqual(name, "Host"):
		h.hosts++
	case httphead.FoldEqual(name, "Trailer"):
		h.badTrailer = h.badTrailer || badTrailer(value)
	case httphead.FoldEqual(name, HeaderFunctionErrorType):
		h.setErrorType(value)
	case httphead.FoldEqual(name, "Expect"):
		return false // conn.expect, on the http.ReadRequest path
	}
	return true
}

// setLength reads a Content-Length of up to 18 digits (more goes to
// http.ReadRequest, which takes up to 2^63-1).
func (h *headScan) setLength(v []byte) bool {
	if len(v) == 0 || len(v) > 18 {
		return false
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int64(c-'0')
	}
	h.rq.length = n
	return true
}

// setErrorType keeps the first value, as Header.Get returns it.
func (h *headScan) setErrorType(v []byte) {
	if !h.typeSeen {
		h.typeSeen = true
		h.rq.errorType = string(v)
	}
}

// finish checks the framing: one Host at most, one Content-Length or one
// Transfer-Encoding: chunked (then a Trailer naming no framing field).
func (h *headScan) finish() httphead.Verdict {
	switch {
	case h.hosts > 1, h.lengths > 1, h.encodings > 1:
		return httphead.Slow
	case h.encodings == 1 && (h.lengths > 0 || h.badTrailer):
		return httphead.Slow
	case h.encodings == 1:
		h.rq.length = -1
	}
	return httphead.Done
}

// badTrailer reports whether a Trailer value names a field net/http
// refuses there.
func badTrailer(v []byte) bool {
	for f := range bytes.SplitSeq(v, []byte(",")) {
		f = httphead.TrimOWS(f)
		if httphead.FoldEqual(f, "Transfer-Encoding") || httphead.FoldEqual(f, "Trailer") || httphead.FoldEqual(f, headerContentLength) {
			return true
		}
	}
	return false
}
