package upstream

import (
	"bufio"
	"errors"
	"io"
	"net/http/httputil"

	"github.com/apigw/apigw/internal/httphead"
)

// ErrBodyTooLarge is a response body over the caller's limit.
var ErrBodyTooLarge = errors.New("backend response is over the size limit")

// ReadBody reads r, a response body of declared length n (-1: unknown),
// to its end, at most max bytes: a longer body, or a declared length over
// max, is ErrBodyTooLarge. The caller owns the bytes returned.
func ReadBody(r io.Reader, n, max int64) ([]byte, error) {
	if n > max {
		return nil, ErrBodyTooLarge
	}
	size := 512
	if n >= 0 {
		size = int(n) + 1
	}
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		got, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+got]
		if int64(len(b)) > max {
			return nil, ErrBodyTooLarge
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// readBody reads the body h frames from br, for req, and the response
// with it; keep reports whether the connection may be reused.
func (h *head) readBody(br *bufio.Reader, req *Request) (Response, bool, error) {
	var body []byte
	var err error
	if h.length < 0 {
		body, err = readChunked(br, req.maxBody())
	} else {
		body, err = readLength(br, h.length, req.maxBody())
	}
	if err != nil {
		return Response{}, false, err
	}
	keep := !h.close() && !req.wantsClose()
	return Response{StatusCode: h.status, Header: h.fields, Body: body}, keep, nil
}

// readLength reads a body of n bytes from br, as net/http's body reader
// does: ended early, it is io.ErrUnexpectedEOF.
func readLength(br *bufio.Reader, n, max int64) ([]byte, error) {
	if n > max {
		return nil, ErrBodyTooLarge
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return b, nil
}

// readChunked reads a chunked body from br with net/http's own chunked
// reader, then its trailer section as net/http's body reader does
// (the trailer's fields are dropped: Exchange relays none).
func readChunked(br *bufio.Reader, max int64) ([]byte, error) {
	b, err := ReadBody(httputil.NewChunkedReader(br), -1, max)
	if err != nil {
		return nil, err
	}
	if err := httphead.ReadTrailer(br); err != nil {
		return nil, err
	}
	return b, nil
}
