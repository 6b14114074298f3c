package httphead

import (
	"bufio"
	"errors"
	"io"
	"net/textproto"
)

// The errors net/http's body reader gives for a bad trailer, in its words.
var (
	ErrTrailerEOF  = errors.New("http: unexpected EOF reading trailer")
	ErrLongTrailer = errors.New("http: suspiciously long trailer after chunked body")
)

// ReadTrailer reads the trailer section after a chunked body as net/http
// does: an empty one, or field lines that must end within br's buffer.
// No field is kept.
func ReadTrailer(br *bufio.Reader) error {
	buf, err := br.Peek(2)
	switch {
	case string(buf) == "\r\n":
		br.Discard(2) //nolint:errcheck // peeked
		return nil
	case len(buf) < 2:
		return ErrTrailerEOF
	case err != nil:
		return err
	case !doubleCRLFAhead(br):
		return ErrLongTrailer
	}
	if _, err := textproto.NewReader(br).ReadMIMEHeader(); err != nil {
		if errors.Is(err, io.EOF) {
			return ErrTrailerEOF
		}
		return err
	}
	return nil
}

// doubleCRLFAhead peeks, one byte further each time until br's buffer is
// full, for a CRLF CRLF that ends the peeked bytes.
func doubleCRLFAhead(br *bufio.Reader) bool {
	for n := 4; ; n++ {
		buf, err := br.Peek(n)
		if len(buf) >= 4 && string(buf[len(buf)-4:]) == "\r\n\r\n" {
			return true
		}
		if err != nil {
			return false
		}
	}
}
