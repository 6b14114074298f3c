package gateway

import (
	"io"
	"log/slog"
	"strconv"
	"sync"
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

// NewTextLogHandler returns a TextLogHandler writing to w.
func NewTextLogHandler(w io.Writer) *TextLogHandler {
	lw := &lockedWriter{w: w}
	return &TextLogHandler{Handler: slog.NewTextHandler(lw, nil), w: lw}
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

// lineBufs are the fast path's line buffers; a buffer that grew past
// maxPooledLine is left to the collector.
var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

const maxPooledLine = 16 << 10

// writeLine writes an INFO line with message msg and attrs, as slog's
// text handler would at t. attrs hold strings, ints and durations only
// (requestAttrs); any other kind goes to slog's handler.
func (h *TextLogHandler) writeLine(t time.Time, msg string, attrs []slog.Attr) {
	bp := lineBufs.Get().(*[]byte)
	b := append((*bp)[:0], "time="...)
	b = appendRFC3339Millis(b, t)
	b = appendTextString(append(b, " level=INFO msg="...), msg)
	for _, a := range attrs {
		b = appendTextString(append(b, ' '), a.Key)
		b = appendTextValue(append(b, '='), a.Value)
	}
	h.w.Write(append(b, '\n')) //nolint:errcheck // as slog: a failed write is dropped
	if cap(b) <= maxPooledLine {
		*bp = b
		lineBufs.Put(bp)
	}
}

// fastKinds reports whether writeLine renders every attribute's kind.
func fastKinds(attrs []slog.Attr) bool {
	for _, a := range attrs {
		switch a.Value.Kind() {
		case slog.KindString, slog.KindInt64, slog.KindDuration:
		default:
			return false
		}
	}
	return true
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
// digits of milliseconds (truncated).
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...) // drop the 4th digit
}

// appendTextString appends s as slog's text handler does: bare, or Go
// quoted (strconv.Quote) when slog's needsQuoting says so. Printable ASCII
// without '"' or '\\', which strconv would not escape, is quoted here.
func appendTextString(b []byte, s string) []byte {
	switch {
	case !needsQuoting(s):
		return append(b, s...)
	case plainASCII(s):
		return append(append(append(b, '"'), s...), '"')
	}
	return strconv.AppendQuote(b, s)
}

// plainASCII reports whether strconv.Quote leaves every byte of s as it
// is.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
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
