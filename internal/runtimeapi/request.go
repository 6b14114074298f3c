package runtimeapi

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"net/http/httputil"

	"github.com/apigw/apigw/internal/httphead"
)

// request is what the handlers use of one Runtime API request. The
// connection loop owns one per connection and refills it for each request
// its fast path reads (head.go); its id and body are valid until the next
// request is read. Handler's adapters make one from an *http.Request.
type request struct {
	route     route
	id        []byte // the {id} of an invocation's /response or /error
	errorType string // the first Lambda-Runtime-Function-Error-Type header
	// length is the declared body length, 0 without one, -1 when chunked.
	length int64
	close  bool // the runtime asked to close the connection after this one
	body   io.Reader
}

// fromHTTP is the request the ServeMux handlers pass on.
func fromHTTP(r *http.Request) *request {
	return &request{
		id:        []byte(r.PathValue(pathValueRequestID)),
		errorType: r.Header.Get(HeaderFunctionErrorType),
		length:    r.ContentLength,
		body:      r.Body,
	}
}

// body reads a fast-path request's body from the connection as net/http's
// request body does: length bytes (an early EOF is io.ErrUnexpectedEOF
// once, then io.EOF), or chunks and then the trailer, whose failure ends
// every later read. The connection owns it and resets it per request.
type body struct {
	br     *bufio.Reader
	lim    io.LimitedReader // a Content-Length body
	chunks io.Reader        // a chunked body's decoder, or nil
	err    error            // what every further read returns
}

// reset readies b for the body of rq, read from br.
func (b *body) reset(br *bufio.Reader, rq *request) {
	*b = body{br: br, lim: io.LimitedReader{R: br, N: max(rq.length, 0)}}
	if rq.length < 0 {
		b.chunks = httputil.NewChunkedReader(br)
	}
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.chunks != nil {
		return b.readChunks(p)
	}
	n, err := b.lim.Read(p)
	switch {
	case errors.Is(err, io.EOF): // the end, early or not; later reads see io.EOF
		b.err = io.EOF
		if b.lim.N > 0 {
			err = io.ErrUnexpectedEOF
		}
	case err == nil && n > 0 && b.lim.N == 0:
		b.err, err = io.EOF, io.EOF
	}
	return n, err
}

// readChunks reads chunk data; at the last chunk it reads the trailer.
func (b *body) readChunks(p []byte) (int, error) {
	n, err := b.chunks.Read(p)
	if !errors.Is(err, io.EOF) {
		return n, err
	}
	b.err = io.EOF
	if terr := httphead.ReadTrailer(b.br); terr != nil {
		b.err, err = http.ErrBodyReadAfterClose, terr
	}
	return n, err
}

// A trailer net/http refuses (with these words).
