package upstream

import (
	"bufio"
	"bytes"
	"iter"
	"strings"

	"github.com/apigw/apigw/internal/httphead"
)

// Exchange's fast path for a response head. Backends answer plainly:
// HTTP/1.1 or 1.0, a final status, a Content-Length or chunked body.
// readHead reads such a head straight into fields, without the header
// map, canonicalisation through textproto and transfer reader
// http.ReadResponse makes. Anything else - another version, a status
// outside 200-599 or 204 or 304 (1xx interim responses among them), a
// bare LF, a folded or malformed line, a Content-Length that is not one
// field of digits, Transfer-Encoding other than one "chunked" on
// HTTP/1.1, both framings or neither (a body read to close), Trailer or
// Pragma (which ReadResponse rewrites), a head beyond the read buffer -
// it leaves unread for http.ReadResponse. What it takes it reads as
// ReadResponse reads it (FuzzHead checks both): the same status, the
// same fields (names canonical, Connection dropped on HTTP/1.1 when it
// says close, Transfer-Encoding dropped), the same framing and
// keep-alive.

// head is a response head read on the fast path.
type head struct {
	headState
	// spans are where the first maxSpans field lines are (a head with
	// more is built by reading its lines again).
	spans  [maxSpans]span
	fields []Field
}

// headState is what parse learns of a head; it starts again from zero on
// every parse.
type headState struct {
	status                 int
	http10                 bool
	length                 int64 // the Content-Length; -1: chunked
	lengths, encodings     int   // Content-Length and Transfer-Encoding fields seen
	closeTok, keepAliveTok bool  // Connection tokens seen
	size                   int   // bytes of all names and values
	lines                  int   // field lines
}

// maxSpans is how many field lines parse notes the place of.
const maxSpans = 32

// span is where a field line of the head is: its name is b[start:colon],
// its value trimmed b[from:to].
type span struct{ start, colon, from, to int32 }

// readHead reads a plain response head from br into h, waiting for more
// bytes while what came is the start of one (httphead.Read). It returns
// false, with nothing consumed, when the head is for http.ReadResponse;
// err is then a read error br reported (and forgot) while readHead
// waited, for the caller to hand back to the next read.
func readHead(br *bufio.Reader, h *head) (ok bool, err error) {
	n, ok, err := httphead.Read(br, h.parse)
	if ok {
		b, _ := br.Peek(n)
		h.fields = h.build(b)
		br.Discard(n) //nolint:errcheck // peeked
	}
	return ok, err
}

// parse reads b as a response head. With httphead.Done the head is b[:n];
// otherwise n means nothing.
func (h *head) parse(b []byte) (n int, v httphead.Verdict) {
	h.headState = headState{}
	line, at, v := httphead.CutLine(b, 0)
	if v != httphead.Done {
		return 0, v
	}
	if !h.statusLine(line) {
		return 0, httphead.Slow
	}
	for {
		start := at
		line, at, v = httphead.CutLine(b, at)
		switch {
		case v != httphead.Done:
			return 0, v
		case len(line) == 0:
			return at, h.finish()
		case !h.field(line, start):
			return 0, httphead.Slow
		}
	}
}

// statusLine reads "HTTP/1.x NNN[ reason]" with a status the fast path
// takes.
func (h *head) statusLine(line []byte) bool {
	if len(line) < 12 || line[8] != ' ' || (len(line) > 12 && line[12] != ' ') {
		return false
	}
	switch string(line[:8]) {
	case "HTTP/1.1":
	case "HTTP/1.0":
		h.http10 = true
	default:
		return false
	}
	for _, c := range line[9:12] {
		if c < '0' || c > '9' {
			return false
		}
		h.status = h.status*10 + int(c-'0')
	}
	return relayed(h.status) && h.status != 204 && h.status != 304
}

// field reads one "Name: value" line, which starts at start in the head,
// and notes where it is; false leaves the head to http.ReadResponse
// (which may refuse it). A line that starts with a space or tab
// (obs-fold) has no token before its colon.
func (h *head) field(line []byte, start int) bool {
	colon := bytes.IndexByte(line, ':')
	if colon < 0 || !httphead.IsToken(line[:colon]) || !httphead.ValidValue(line[colon+1:]) {
		return false
	}
	name := line[:colon]
	from, to := httphead.OWSBounds(line, colon+1)
	value := line[from:to]
	if h.lines < maxSpans {
		h.spans[h.lines] = span{int32(start), int32(start + colon), int32(start + from), int32(start + to)}
	}
	h.lines++
	h.size += len(name) + len(value)
	return h.special(name, value)
}

// special reads the fields that frame the body or decide keep-alive, by
// name (compared by length first: most names are none of them); false
// for a value the fast path does not take, and for the fields
// ReadResponse rewrites.
func (h *head) special(name, value []byte) bool {
	switch len(name) {
	case len("Content-Length"):
		if httphead.FoldEqual(name, "Content-Length") {
			h.lengths++
			return h.setLength(value)
		}
	case len("Transfer-Encoding"):
		if httphead.FoldEqual(name, "Transfer-Encoding") {
			h.encodings++
			return !h.http10 && httphead.FoldEqual(value, "chunked")
		}
	case len("Connection"):
		if httphead.FoldEqual(name, "Connection") {
			h.connection(value)
		}
	case len("Trailer"), len("Pragma"):
		return !httphead.FoldEqual(name, "Trailer") && !httphead.FoldEqual(name, "Pragma")
	}
	return true
}

// setLength reads a Content-Length of up to 18 digits (more goes to
// http.ReadResponse, which takes up to 2^63-1).
func (h *head) setLength(v []byte) bool {
	if len(v) == 0 || len(v) > 18 {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
		h.length = h.length*10 + int64(c-'0')
	}
	return true
}

// connection notes the close and keep-alive tokens of a Connection value,
// compared as net/http compares them (ASCII letters in any case).
func (h *head) connection(v []byte) {
	for tok := range bytes.SplitSeq(v, []byte(",")) {
		tok = httphead.TrimOWS(tok)
		h.closeTok = h.closeTok || httphead.FoldEqual(tok, "close")
		h.keepAliveTok = h.keepAliveTok || httphead.FoldEqual(tok, "keep-alive")
	}
}

// finish checks the framing: exactly one Content-Length field or one
// Transfer-Encoding: chunked.
func (h *head) finish() httphead.Verdict {
	if h.lengths+h.encodings != 1 {
		return httphead.Slow
	}
	if h.encodings == 1 {
		h.length = -1
	}
	return httphead.Done
}

// close reports whether the connection ends with this response, as
// net/http decides it.
func (h *head) close() bool {
	if h.http10 {
		return h.closeTok || !h.keepAliveTok
	}
	return h.closeTok
}

// dropped reports whether ReadResponse takes the field named name out of
// the header: Transfer-Encoding always, Connection on HTTP/1.1 when it
// says close.
func (h *head) dropped(name []byte) bool {
	return httphead.FoldEqual(name, "Transfer-Encoding") || (h.closeTok && !h.http10 && httphead.FoldEqual(name, "Connection"))
}

// build returns the fields of b, a head parse took, sorted as
// headerFields sorts them. Their names and values share one string.
func (h *head) build(b []byte) []Field {
	var sb strings.Builder
	sb.Grow(h.size)
	n := 0
	for name, value := range h.kept(b) {
		appendCanonical(&sb, name)
		sb.Write(value)
		n++
	}
	s := sb.String()
	out := make([]Field, 0, n)
	for name, value := range h.kept(b) {
		out = append(out, Field{Name: s[:len(name)], Value: s[len(name) : len(name)+len(value)]})
		s = s[len(name)+len(value):]
	}
	SortFields(out)
	return out
}

// kept yields the name and trimmed value of each field line of b, a head
// parse took, that ReadResponse keeps: from the spans parse noted, or,
// past maxSpans lines, reading the lines again.
func (h *head) kept(b []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(name, value []byte) bool) {
		if h.lines <= maxSpans {
			for _, sp := range h.spans[:h.lines] {
				if name := b[sp.start:sp.colon]; !h.dropped(name) && !yield(name, b[sp.from:sp.to]) {
					return
				}
			}
			return
		}
		for name, value, at, ok := nextField(b, 0); ok; name, value, at, ok = nextField(b, at) {
			if !h.dropped(name) && !yield(name, value) {
				return
			}
		}
	}
}

// nextField returns the name and trimmed value of the field line of b, a
// head parse took, that starts at at (0: the first), and where the next
// line starts; ok is false at the end of the head.
func nextField(b []byte, at int) (name, value []byte, next int, ok bool) {
	if at == 0 {
		_, at, _ = httphead.CutLine(b, 0)
	}
	line, next, _ := httphead.CutLine(b, at)
	if len(line) == 0 {
		return nil, nil, next, false
	}
	name, value, _ = bytes.Cut(line, []byte(":"))
	return name, httphead.TrimOWS(value), next, true
}

// appendCanonical writes name as textproto canonicalises a token: upper
// case first and after each '-', lower case elsewhere. It is changed in
// a buffer on the stack and written at once (a Builder's WriteByte
// checks the Builder on every byte).
func appendCanonical(sb *strings.Builder, name []byte) {
	var buf [64]byte
	b := append(buf[:0], name...)
	upper := true
	for i, c := range b {
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
		upper = c == '-'
	}
	sb.Write(b)
}
