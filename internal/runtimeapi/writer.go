package runtimeapi

import (
	"bufio"
	"net/http"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/httphead"
)

// response is the http.ResponseWriter of the connection loop (conn.go).
// With a Content-Length set before WriteHeader, the body goes straight to
// the connection's buffer (an event is written so, Flush sends it);
// without one it is held and sent with its length by finish. Parked (a
// GET /next waiting for Submit), it belongs to the poller's claimer until
// the poller's written channel closes.
type response struct {
	c           *conn
	head        bool // a HEAD request: no body is sent
	header      http.Header
	status      int
	wroteHeader bool
	stream      bool
	body        []byte
	closeAfter  bool
	parked      *poller
}

// reset readies the connection's response for a request (a HEAD request,
// one that asked to close the connection), reusing its memory.
func (w *response) reset(c *conn, head, close bool) *response {
	h, body := w.header, w.body[:0]
	if h == nil {
		h = make(http.Header, 4)
	}
	clear(h)
	*w = response{c: c, head: head, header: h, body: body, closeAfter: close}
	return w
}

func (w *response) Header() http.Header { return w.header }

func (w *response) WriteHeader(status int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader, w.status = true, status
	if len(w.header[headerContentLength]) > 0 {
		w.stream = true
		w.writeHead(-1)
	}
}

func (w *response) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	switch {
	case w.head:
		return len(b), nil
	case w.stream:
		return w.c.bw.Write(b)
	}
	w.body = append(w.body, b...)
	return len(b), nil
}

// WriteString is Write without converting s (io.WriteString uses it).
func (w *response) WriteString(s string) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	switch {
	case w.head:
		return len(s), nil
	case w.stream:
		return w.c.bw.WriteString(s)
	}
	w.body = append(w.body, s...)
	return len(s), nil
}

// Flush sends what was written so far when the length was declared.
func (w *response) Flush() {
	if w.stream {
		w.c.bw.Flush() //nolint:errcheck // a lost event ends in the caller's timeout
	}
}

// finish writes what the handler left unwritten.
func (w *response) finish() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.stream {
		return
	}
	w.writeHead(len(w.body))
	if !w.head {
		w.c.bw.Write(w.body) //nolint:errcheck // the runtime hung up; nothing to do
	}
}

// writeHead writes the status line and header; length >= 0 is added as
// the Content-Length.
func (w *response) writeHead(length int) {
	bw := w.c.bw
	text := http.StatusText(w.status)
	bw.WriteString("HTTP/1.1 ") //nolint:errcheck // Flush reports it
	writeInt(bw, w.status)
	if text == "" {
		bw.WriteString(" status code ") //nolint:errcheck // as above
		writeInt(bw, w.status)
	} else {
		bw.WriteByte(' ')    //nolint:errcheck // as above
		bw.WriteString(text) //nolint:errcheck // as above
	}
	bw.WriteString("\r\n") //nolint:errcheck // as above
	for k, vs := range w.header {
		if !httphead.IsToken(k) {
			continue
		}
		for _, v := range vs {
			writeField(bw, k, v)
		}
	}
	if length >= 0 {
		bw.WriteString(headerContentLength + ": ") //nolint:errcheck // as above
		writeInt(bw, length)
		bw.WriteString("\r\n") //nolint:errcheck // as above
	}
	if w.wantsClose() {
		bw.WriteString("Connection: close\r\n") //nolint:errcheck // as above
	}
	bw.WriteString("\r\n") //nolint:errcheck // as above
}

// writeInt writes n in decimal without a string in between.
func writeInt(bw *bufio.Writer, n int) { writeInt64(bw, int64(n)) }

// writeInt64 is writeInt for an int64.
func writeInt64(bw *bufio.Writer, n int64) {
	bw.Write(strconv.AppendInt(bw.AvailableBuffer(), n, 10)) //nolint:errcheck // Flush reports it
}

// wantsClose reports whether the connection closes after this response,
// and whether that still has to be said.
func (w *response) wantsClose() bool {
	if c := w.header["Connection"]; len(c) > 0 {
		w.closeAfter = w.closeAfter || strings.EqualFold(c[0], "close")
		return false
	}
	return w.closeAfter
}

// oneLine keeps a value on its header line.
func oneLine(v string) string {
	if !strings.ContainsAny(v, "\r\n") {
		return v
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
}

func itoa(n int) string { return strconv.Itoa(n) }

// eventStatusLine starts every event's answer.
const eventStatusLine = "HTTP/1.1 200 OK\r\n"

// writeEvent writes c's event as the answer, streamed with its length:
// the header lines writeHead would write from writeInvocation's map, in a
// fixed order, without a map or a string per number.
func (w *response) writeEvent(c *Call) {
	w.wroteHeader, w.status, w.stream = true, http.StatusOK, true
	bw := w.c.bw
	bw.WriteString(eventStatusLine)         //nolint:errcheck // Flush reports it
	bw.WriteString(HeaderDeadlineMs + ": ") //nolint:errcheck // as above
	writeInt64(bw, c.deadline.UnixMilli())
	bw.WriteString("\r\n") //nolint:errcheck // as above
	for _, f := range c.eventFields() {
		if f.value != "" {
			writeField(bw, f.name, f.value)
		}
	}
	bw.WriteString(headerContentLength + ": ") //nolint:errcheck // as above
	writeInt(bw, len(c.inv.Payload))
	bw.WriteString("\r\n") //nolint:errcheck // as above
	if w.wantsClose() {
		bw.WriteString("Connection: close\r\n") //nolint:errcheck // as above
	}
	bw.WriteString("\r\n") //nolint:errcheck // as above
	w.Write(c.inv.Payload) //nolint:errcheck // as above
}

// writeField writes one header line, its value kept on the line.
func writeField(bw *bufio.Writer, name, value string) {
	bw.WriteString(name)           //nolint:errcheck // Flush reports it
	bw.WriteString(": ")           //nolint:errcheck // as above
	bw.WriteString(oneLine(value)) //nolint:errcheck // as above
	bw.WriteString("\r\n")         //nolint:errcheck // as above
}

// acceptedHead is the 202's status line and header, as renderAccepted
// sets them, in a fixed order.
const acceptedHead = "HTTP/1.1 202 Accepted\r\n" + headerContentType + ": " + contentTypeJSON + "\r\n" +
	headerContentLength + ": 15\r\n"

// writeAccepted writes the 202 for a posted outcome in one piece: the
// bytes writeHead would write for renderAccepted's two fields, without
// the header map (it runs once per invocation).
func (w *response) writeAccepted() {
	w.wroteHeader, w.status, w.stream = true, http.StatusAccepted, true
	bw := w.c.bw
	bw.WriteString(acceptedHead) //nolint:errcheck // Flush reports it
	if w.wantsClose() {
		bw.WriteString("Connection: close\r\n") //nolint:errcheck // as above
	}
	bw.WriteString("\r\n" + acceptedBody) //nolint:errcheck // as above
}
