package httphead

import (
	"bufio"
	"bytes"
)

// Verdict is what a reader's parser made of the bytes buffered so far.
type Verdict uint8

const (
	Slow Verdict = iota // not a head the reader takes: net/http's reader gets it
	More                // a head it takes, so far; it needs more bytes
	Done                // a head it takes, complete
)

// CutLine returns the CRLF-ended line that starts at b[at:] and where the
// next one starts. A line ended by a bare LF is Slow; one not ended yet
// is More. (A CR inside a line fails the checks of its bytes.)
func CutLine(b []byte, at int) (line []byte, next int, v Verdict) {
	i := bytes.IndexByte(b[at:], '\n')
	if i < 0 {
		return nil, at, More
	}
	line = b[at : at+i]
	if len(line) == 0 || line[len(line)-1] != '\r' {
		return nil, at, Slow
	}
	return line[:len(line)-1], at + i + 1, Done
}

// Read waits on br until parse, given every byte buffered so far, says
// Done or Slow, and returns the head's length n with Done (the head is
// the next n bytes of br, still unread: the caller peeks at and discards
// them). parse is called again only once a line was completed, so a head
// sent a byte at a time costs a parse per line, not per byte. A head
// that does not fit br's buffer is not taken (false, nil). On a read
// error err is what br reported (and forgot) while Read waited, for the
// caller to hand back to its next read; nothing is consumed unless Done.
func Read(br *bufio.Reader, parse func(b []byte) (int, Verdict)) (n int, done bool, err error) {
	for seen := 0; ; {
		b, _ := br.Peek(br.Buffered())
		if bytes.IndexByte(b[seen:], '\n') >= 0 {
			n, v := parse(b)
			if v != More {
				return n, v == Done, nil
			}
			seen = len(b)
		}
		if len(b) == br.Size() {
			return 0, false, nil
		}
		if _, err := br.Peek(len(b) + 1); err != nil {
			return 0, false, err
		}
	}
}
