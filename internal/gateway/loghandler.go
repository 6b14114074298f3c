package gateway

import (
	"io"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// TextLogHandler writes the lines slog.NewTextHandler(w, nil) writes, byte
// for byte, and renders the per-request line itself on a faster path
// (slog's quoting decodes every rune of the long explanation). Every
// other line, and every handler derived with WithAttrs or WithGroup, is
// slog's own; both write whole lines to w under one lock.
type TextLogHandler struct {
	slog.Handler
	w *lockedWriter
}

// NewTextLogHandler returns a TextLogHandler writing to w the records of
// level and above (nil: info and above, as slog's default).
func NewTextLogHandler(w io.Writer, level slog.Leveler) *TextLogHandler {
	lw := &lockedWriter{w: w}
	return &TextLogHandler{Handler: slog.NewTextHandler(lw, &slog.HandlerOptions{Level: level}), w: lw}
}

// lockedWriter serialises whole lines from slog's handler and the fast
// path.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// lineBuf is a fast-path line being built. It is pooled (lineBufs): a
// line's buffer is reused by the next one unless it grew past
// maxPooledLine, when it is left to the collector.
type lineBuf struct{ b []byte }

var lineBufs = sync.Pool{New: func() any { return &lineBuf{b: make([]byte, 0, 512)} }}

const maxPooledLine = 16 << 10

// writeLine writes an INFO line with message msg and attrs, as slog's
// text handler would at t. attrs hold strings, ints and durations only;
// any other kind goes to slog's handler.
func (h *TextLogHandler) writeLine(t time.Time, msg string, attrs []slog.Attr) {
	l := beginLine(t, msg)
	for _, a := range attrs {
		l.b = appendTextString(append(l.b, ' '), a.Key)
		l.b = appendTextValue(append(l.b, '='), a.Value)
	}
	h.endLine(l)
}

// beginLine starts an INFO line at t with message msg in a pooled buffer;
// endLine writes it. The caller appends the attributes between the two
// (lineBuf's fieldSink methods).
func beginLine(t time.Time, msg string) *lineBuf {
	l := lineBufs.Get().(*lineBuf)
	b := append(l.b[:0], "time="...)
	b = appendRFC3339Millis(b, t)
	l.b = appendTextString(append(b, " level=INFO msg="...), msg)
	return l
}

// endLine writes l, begun by beginLine, as one line, and pools it.
func (h *TextLogHandler) endLine(l *lineBuf) {
	l.b = append(l.b, '\n')
	h.w.Write(l.b) //nolint:errcheck // as slog: a failed write is dropped
	if cap(l.b) <= maxPooledLine {
		lineBufs.Put(l)
	}
}

func appendTextValue(b []byte, v slog.Value) []byte {
	switch v.Kind() {
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindDuration:
		return append(b, v.Duration().String()...)
	}
	return appendTextString(b, v.String())
}

// appendRFC3339Millis is slog's time format: RFC 3339 with exactly three
// digits of milliseconds (truncated). Lines of one second differ only in
// their milliseconds, so the rest is formatted once per second (lastStamp).
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	st := lastStamp.Load()
	if st == nil || st.sec != t.Unix() || st.loc != t.Location() {
		if st = newSecondStamp(t); st == nil {
			return formatRFC3339Millis(b, t)
		}
		lastStamp.Store(st)
	}
	ms := t.Nanosecond() / int(time.Millisecond)
	b = append(b, st.date...)
	b = append(b, byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
	return append(b, st.zone...)
}

// formatRFC3339Millis is appendRFC3339Millis through time's formatter.
func formatRFC3339Millis(b []byte, t time.Time) []byte {
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+millisEnd], b[n+millisEnd+1:]...) // drop the 4th digit
}

// millisEnd is where the milliseconds end in an RFC 3339 time.
const millisEnd = len("2006-01-02T15:04:05.000")

// secondStamp is the text of one second in one location around its
// milliseconds: "2006-01-02T15:04:05." and the zone ("Z", "+01:00"). It
// is immutable once stored in lastStamp, which every line reads.
type secondStamp struct {
	sec        int64
	loc        *time.Location
	date, zone string
}

var lastStamp atomic.Pointer[secondStamp]

// newSecondStamp formats t's second; nil when its text is not shaped as
// expected (a year past 9999), which formatRFC3339Millis then writes.
func newSecondStamp(t time.Time) *secondStamp {
	full := string(formatRFC3339Millis(nil, t))
	const dateEnd = len("2006-01-02T15:04:05.")
	if len(full) <= millisEnd || full[dateEnd-1] != '.' || full[4] != '-' {
		return nil
	}
	return &secondStamp{sec: t.Unix(), loc: t.Location(), date: full[:dateEnd], zone: full[millisEnd:]}
}

// appendTextString appends s as slog's text handler does: bare, or Go
// quoted (strconv.Quote) when slog's needsQuoting says so. ASCII is
// classified in one pass over a table (textClasses); a string with other
// bytes takes appendTextRunes.
func appendTextString(b []byte, s string) []byte {
	switch seen := classOf(s); {
	case seen&textNonASCII != 0:
		return appendTextRunes(b, s)
	case seen&textQuoted == 0 && s != "":
		return append(b, s...)
	case seen&textEscaped == 0:
		return append(append(append(b, '"'), s...), '"')
	}
	return strconv.AppendQuote(b, s)
}

// classOf is the union of the classes of s's bytes, 8 bytes a step (a
// tree of ORs, not one chain through every byte).
func classOf[S ~string | ~[]byte](s S) (seen textClass) {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		seen |= textClasses[s[i]] | textClasses[s[i+1]] | textClasses[s[i+2]] | textClasses[s[i+3]] |
			textClasses[s[i+4]] | textClasses[s[i+5]] | textClasses[s[i+6]] | textClasses[s[i+7]]
	}
	for ; i < len(s); i++ {
		seen |= textClasses[s[i]]
	}
	return seen
}

// textClass says what a byte does to a text value (flags).
type textClass uint8

const (
	// textQuoted: slog quotes a value with this byte (needsQuoting).
	textQuoted textClass = 1 << iota
	// textEscaped: strconv.Quote escapes this byte.
	textEscaped
	// textNonASCII: a byte of a multi-byte rune (or invalid UTF-8).
	textNonASCII
)

// textClasses classifies every byte value.
var textClasses = func() (t [256]textClass) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = textNonASCII
		case c < ' ':
			t[c] = textQuoted | textEscaped
		case c == ' ' || c == '=':
			t[c] = textQuoted
		case c == '"':
			t[c] = textQuoted | textEscaped
		case c == '\\' || c > '~':
			t[c] = textEscaped
		}
	}
	return t
}()

// appendTextRunes is appendTextString for a string with non-ASCII bytes,
// which strconv.Quote always escapes.
func appendTextRunes(b []byte, s string) []byte {
	if !needsQuoting(s) {
		return append(b, s...)
	}
	return strconv.AppendQuote(b, s)
}

// needsQuoting is slog's rule for text values.
func needsQuoting(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != '\\' && (c == ' ' || c == '=' || c == '"' || c < ' ') {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}
