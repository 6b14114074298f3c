package runtimeapi

import (
	"bufio"
	"bytes"
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

// verdict is what parseHead made of the bytes buffered so far.
type verdict uint8

const (
	headSlow verdict = iota // for http.ReadRequest
	headMore                // a plain head so far; it needs more bytes
	headDone                // a plain head, read into the request
)

// readHead reads a plain request head from br into rq, waiting for more
// bytes while what came is the start of one. It returns false, with
// nothing consumed, when the request is for http.ReadRequest; err is then
// a read error that br reported (and forgot) while readHead waited, for
// the caller to hand back to the next read. The head is parsed again
// only when a line was completed, so a head sent a byte at a time costs
// a parse per line, not per byte.
func readHead(br *bufio.Reader, rq *request) (ok bool, err error) {
	for seen := 0; ; {
		b, _ := br.Peek(br.Buffered())
		if bytes.IndexByte(b[seen:], '\n') >= 0 {
			n, v := parseHead(b, rq)
			if v == headDone {
				br.Discard(n) //nolint:errcheck // peeked
			}
			if v != headMore {
				return v == headDone, nil
			}
			seen = len(b)
		}
		if len(b) == br.Size() {
			return false, nil
		}
		if _, err := br.Peek(len(b) + 1); err != nil {
			return false, err
		}
	}
}

// parseHead reads b as a request head. With headDone, rq holds the
// request and the head is b[:n]; otherwise n means nothing.
func parseHead(b []byte, rq *request) (n int, v verdict) {
	line, at, v := cutLine(b, 0)
	if v != headDone {
		return 0, v
	}
	scan := headScan{rq: rq}
	if !scan.requestLine(line) {
		return 0, headSlow
	}
	for {
		line, at, v = cutLine(b, at)
		switch {
		case v != headDone:
			return 0, v
		case len(line) == 0:
			return at, scan.finish()
		case !scan.field(line):
			return 0, headSlow
		}
	}
}

// cutLine returns the CRLF-ended line that starts at b[at:] and where the
// next one starts. A line ended by a bare LF is headSlow; one not ended
// yet is headMore. (A CR inside a line fails the checks of its bytes.)
func cutLine(b []byte, at int) (line []byte, next int, v verdict) {
	i := bytes.IndexByte(b[at:], '\n')
	if i < 0 {
		return nil, at, headMore
	}
	line = b[at : at+i]
	if len(line) == 0 || line[len(line)-1] != '\r' {
		return nil, at, headSlow
	}
	return line[:len(line)-1], at + i + 1, headDone
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
	if !ok || !isToken(name) || !validValue(value) {
		return false
	}
	value = trimOWS(value)
	switch {
	case foldEqual(name, headerContentLength):
		h.lengths++
		return h.setLength(value)
	case foldEqual(name, "Transfer-Encoding"):
		h.encodings++
		return foldEqual(value, "chunked")
	case foldEqual(name, "Connection"):
		h.rq.close = h.rq.close || hasToken(value, "close")
	case foldEqual(name, "Host"):
		h.hosts++
	case foldEqual(name, "Trailer"):
		h.badTrailer = h.badTrailer || badTrailer(value)
	case foldEqual(name, HeaderFunctionErrorType):
		h.setErrorType(value)
	case foldEqual(name, "Expect"):
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
func (h *headScan) finish() verdict {
	switch {
	case h.hosts > 1, h.lengths > 1, h.encodings > 1:
		return headSlow
	case h.encodings == 1 && (h.lengths > 0 || h.badTrailer):
		return headSlow
	case h.encodings == 1:
		h.rq.length = -1
	}
	return headDone
}

// badTrailer reports whether a Trailer value names a field net/http
// refuses there.
func badTrailer(v []byte) bool {
	for f := range bytes.SplitSeq(v, []byte(",")) {
		f = trimOWS(f)
		if foldEqual(f, "Transfer-Encoding") || foldEqual(f, "Trailer") || foldEqual(f, headerContentLength) {
			return true
		}
	}
	return false
}

// hasToken reports whether the comma-separated v holds token, in any case.
func hasToken(v []byte, token string) bool {
	for f := range bytes.SplitSeq(v, []byte(",")) {
		if foldEqual(trimOWS(f), token) {
			return true
		}
	}
	return false
}

// foldEqual reports whether b equals s, ASCII letters in any case.
func foldEqual(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if lower(b[i]) != lower(s[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// trimOWS trims spaces and tabs at both ends of b.
func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// isToken reports whether b is a non-empty token (RFC 9110 5.6.2).
func isToken(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !tokenBytes[c] {
			return false
		}
	}
	return true
}

// validValue reports whether b holds only bytes a field value may: HTAB,
// SP, visible ASCII, obs-text.
func validValue(b []byte) bool {
	for _, c := range b {
		if c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}
