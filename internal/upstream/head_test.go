package upstream

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// byteConn is a net.Conn that reads src and discards what is written.
type byteConn struct{ src io.Reader }

func (c byteConn) Read(p []byte) (int, error)       { return c.src.Read(p) }
func (c byteConn) Write(p []byte) (int, error)      { return len(p), nil }
func (c byteConn) Close() error                     { return nil }
func (c byteConn) LocalAddr() net.Addr              { return nil }
func (c byteConn) RemoteAddr() net.Addr             { return nil }
func (c byteConn) SetDeadline(time.Time) error      { return nil }
func (c byteConn) SetReadDeadline(time.Time) error  { return nil }
func (c byteConn) SetWriteDeadline(time.Time) error { return nil }

// outcome is what reading one response left: the response, whether the
// connection would be kept, the error's text and, without one, the bytes
// left unread.
type outcome struct {
	resp Response
	keep bool
	err  string
	rest string
}

// readWith reads data, as the answer to a request with method, with
// read (readWhole or readSlow) on a connection over data, sent at once or
// a byte at a time.
func readWith(c *Client, data []byte, method string, trickle bool, whole bool) outcome {
	var src io.Reader = bytes.NewReader(data)
	if trickle {
		src = iotest.OneByteReader(src)
	}
	cn := newConn(byteConn{src}, "backend:80")
	cn.checkout()
	req := &Request{Method: method, MaxBody: 1 << 10}
	var o outcome
	var err error
	if whole {
		o.resp, o.keep, err = c.readWhole(cn, req)
	} else if err = c.awaitResponse(cn); err == nil {
		o.resp, o.keep, err = c.readSlow(cn, req)
	}
	if err != nil {
		o.err = err.Error()
		return o // the connection is closed: what is left does not matter
	}
	cn.limit = 1 << 20
	rest, _ := io.ReadAll(cn.br)
	o.rest = string(rest)
	return o
}

// fastTakes reports whether the fast path takes the head of data.
func fastTakes(data []byte, method string) bool {
	var h head
	ok, _ := readHead(bufio.NewReader(bytes.NewReader(data)), &h)
	return ok && method != http.MethodHead
}

// checkSame reads data both ways and fails t when the outcomes differ.
func checkSame(t *testing.T, c *Client, data []byte, method string, trickle bool) {
	t.Helper()
	got := readWith(c, data, method, trickle, true)
	want := readWith(c, data, method, trickle, false)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("reply %q (%s, trickle %v):\nExchange:         %+v\nhttp.ReadResponse: %+v", data, method, trickle, got, want)
	}
}

// headCases are replies to a GET, and whether the fast path takes them.
var headCases = []struct {
	name  string
	reply string
	fast  bool
}{
	{"Content-Length", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok", true},
	{"Content-Length 0", "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", true},
	{"Content-Length with leading zeros", "HTTP/1.1 200 OK\r\nContent-Length: 002\r\n\r\nok", true},
	{"names canonicalised", "HTTP/1.1 200 OK\r\ncontent-TYPE: a\r\nETag: \"x\"\r\nx-amzn-requestid: r\r\ncontent-length: 2\r\n\r\nok", true},
	{"repeats kept in order across spellings", "HTTP/1.1 200 OK\r\nX-M: 1\r\nA: a\r\nx-m: 2\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Length: 0\r\n\r\n", true},
	{"values trimmed, empty value", "HTTP/1.1 200 OK\r\nX-Pad: \t v w \t \r\nX-Empty:\r\nX-Bytes: caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n", true},
	{"no reason", "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", true},
	{"status 599", "HTTP/1.1 599 Odd\r\nContent-Length: 0\r\n\r\n", true},
	{"Connection: close dropped on HTTP/1.1", "HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nConnection: x\r\nContent-Length: 0\r\n\r\n", true},
	{"Connection: keep-alive kept", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 0\r\n\r\n", true},
	{"HTTP/1.0 closes", "HTTP/1.0 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", true},
	{"HTTP/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", true},
	{"non-ASCII keep-alive token is not one", "HTTP/1.0 200 OK\r\nConnection: \xe2\x84\xaaeep-alive\r\nContent-Length: 0\r\n\r\n", true},
	{"chunked", chunkedReply, true},
	{"chunked upper case, extension, trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n2;x=y\r\nok\r\n0\r\nX-T: 1\r\n\r\n", true},
	{"chunked, bad size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n", true},
	{"chunked, bad trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", true},
	{"chunked, truncated", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nok", true},
	{"chunked over MaxBody", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n401\r\n" + strings.Repeat("x", 1025) + "\r\n0\r\n\r\n", true},
	{"Content-Length over MaxBody", "HTTP/1.1 200 OK\r\nContent-Length: 1025\r\n\r\n", true},
	{"truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok", true},
	{"bytes after the response", okReply + "HTTP/1.1 200 OK\r\n", true},
	{"100 Continue first", continue100 + okReply, false},
	{"101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nraw", false},
	{"204", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", false},
	{"304", "HTTP/1.1 304 Not Modified\r\n\r\n", false},
	{"status 600", "HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n", false},
	{"status +20", "HTTP/1.1 +20 X\r\nContent-Length: 0\r\n\r\n", false},
	{"status 099", "HTTP/1.1 099 X\r\nContent-Length: 2\r\n\r\nok", false},
	{"two spaces before the status", "HTTP/1.1  200 OK\r\nContent-Length: 0\r\n\r\n", false},
	{"HTTP/0.9", "HTTP/0.9 200 OK\r\nContent-Length: 0\r\n\r\n", false},
	{"HTTP/2.0", "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", false},
	{"bare LF", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", false},
	{"bare LF after a field", "HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\nok", false},
	{"folded field", "HTTP/1.1 200 OK\r\nX-F: a\r\n b\r\nContent-Length: 2\r\n\r\nok", false},
	{"fold before the first field", "HTTP/1.1 200 OK\r\n X: a\r\nContent-Length: 2\r\n\r\nok", false},
	{"repeated equal Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", false},
	{"conflicting Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", false},
	{"Content-Length not a number", "HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\nok", false},
	{"empty Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\nok", false},
	{"Transfer-Encoding and Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false},
	{"Transfer-Encoding on HTTP/1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\nok", false},
	{"Transfer-Encoding gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok", false},
	{"two Transfer-Encoding fields", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false},
	{"Trailer field", "HTTP/1.1 200 OK\r\nTrailer: Content-Length\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false},
	{"Pragma: no-cache", "HTTP/1.1 200 OK\r\nPragma: no-cache\r\nContent-Length: 0\r\n\r\n", false},
	{"body read to close", "HTTP/1.1 200 OK\r\n\r\nuntil close", false},
	{"space before the colon", "HTTP/1.1 200 OK\r\nX-Sp : v\r\nContent-Length: 0\r\n\r\n", false},
	{"control byte in a value", "HTTP/1.1 200 OK\r\nX: a\x01b\r\nContent-Length: 0\r\n\r\n", false},
	{"CR in a value", "HTTP/1.1 200 OK\r\nX: a\r\r\nContent-Length: 0\r\n\r\n", false},
	{"empty name", "HTTP/1.1 200 OK\r\n: v\r\nContent-Length: 0\r\n\r\n", false},
	{"no colon", "HTTP/1.1 200 OK\r\nNo colon here\r\nContent-Length: 2\r\n\r\nok", false},
	{"head over the read buffer", "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", 5000) + "\r\nContent-Length: 0\r\n\r\n", false},
	{"head cut short", "HTTP/1.1 200 OK\r\nContent-Len", false},
	{"not HTTP", "hello there\r\n\r\n", false},
	{"fields as many as parse notes", manyFields(maxSpans - 1), true},
	{"fields beyond what parse notes", manyFields(maxSpans + 3), true},
}

// manyFields is a reply of n field lines (Content-Length the last): out
// of order, names repeated, a Connection: close that ReadResponse drops.
func manyFields(n int) string {
	var b strings.Builder
	b.WriteString("HTTP/1.1 200 OK\r\nconnection: close\r\n")
	for i := range n - 2 {
		fmt.Fprintf(&b, "x-f%d: %d \r\n", (n-i)%7, i)
	}
	b.WriteString("Content-Length: 2\r\n\r\nok")
	return b.String()
}

// TestHeadDifferential: every reply is read by Exchange (its fast path
// when it takes the head) exactly as http.ReadResponse reads it: the same
// status, fields, body, keep-alive decision, error and bytes left; and
// the fast path takes exactly the plain heads.
func TestHeadDifferential(t *testing.T) {
	t.Parallel()
	c := New(newFallback())
	for _, tc := range headCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := fastTakes([]byte(tc.reply), http.MethodGet); got != tc.fast {
				t.Errorf("fast path takes it: %v; want %v", got, tc.fast)
			}
			for _, trickle := range []bool{false, true} {
				checkSame(t, c, []byte(tc.reply), http.MethodGet, trickle)
				checkSame(t, c, []byte(tc.reply), http.MethodHead, trickle)
			}
		})
	}
}

// TestReadSlowFields: the slow path's fields are http.ReadResponse's
// header, sorted by name, a name's values in order.
func TestReadSlowFields(t *testing.T) {
	t.Parallel()
	reply := "HTTP/1.1 200 OK\r\nX-M: 1\r\nb: 2\r\nx-m: 3\r\nA: 4\r\nContent-Length: 0\r\n\r\n"
	o := readWith(New(newFallback()), []byte(reply), http.MethodGet, false, false)
	want := []Field{{"A", "4"}, {"B", "2"}, {"Content-Length", "0"}, {"X-M", "1"}, {"X-M", "3"}}
	if !slices.Equal(o.resp.Header, want) {
		t.Errorf("fields %v; want %v", o.resp.Header, want)
	}
}

// TestHeadFallbackKeepsReadError: a read error met while the fast path
// waited for the rest of a head reaches http.ReadResponse, which fails
// with it as it would have alone (here the header bound).
func TestHeadFallbackKeepsReadError(t *testing.T) {
	t.Parallel()
	fb := newFallback()
	fb.MaxResponseHeaderBytes = 40
	c := New(fb)
	reply := []byte("HTTP/1.1 200 OK\r\nX-Long: " + strings.Repeat("a", 100) + "\r\n\r\n")
	checkSame(t, c, reply, http.MethodGet, false)
	if o := readWith(c, reply, http.MethodGet, false, true); !strings.Contains(o.err, errHeadersTooLarge.Error()) {
		t.Errorf("error %q; want the header bound's", o.err)
	}
}

// FuzzHead: for any reply, to GET or HEAD, whole or a byte at a time,
// with the default or a small header bound, Exchange's reading equals
// http.ReadResponse's (status, fields, body, keep-alive, error, bytes
// left), and the fast path never takes a head ReadResponse refuses.
func FuzzHead(f *testing.F) {
	for _, tc := range headCases {
		f.Add([]byte(tc.reply), false, false, false)
	}
	f.Add([]byte(chunkedReply), true, true, false)
	f.Add([]byte(okReply), false, true, true)
	clients := []*Client{New(newFallback()), func() *Client {
		fb := newFallback()
		fb.MaxResponseHeaderBytes = 64
		return New(fb)
	}()}
	f.Fuzz(func(t *testing.T, data []byte, isHead, trickle, small bool) {
		method := http.MethodGet
		if isHead {
			method = http.MethodHead
		}
		c := clients[0]
		if small {
			c = clients[1]
		}
		checkSame(t, c, data, method, trickle)
		if fastTakes(data, method) {
			if _, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(data)), &http.Request{Method: method}); err != nil {
				t.Fatalf("fast path took %q; http.ReadResponse refused it: %v", data, err)
			}
		}
	})
}

// FuzzExchangeWire: for any method, host, target and header fields,
// Exchange and RoundTrip agree on taking the request on the raw path
// and then write the same bytes.
func FuzzExchangeWire(f *testing.F) {
	f.Add("GET", "127.0.0.1:3000", "/pets/7?x=1", "Accept: */*\nX-Multi: 1\nx-multi: 2\nUser-Agent: \n", "")
	f.Add("POST", "h", "/a%20b", "Content-Length: 9\nHost: x\nUser-Agent:  curl \nUser-Agent: b\n", "{}")
	f.Add("PUT", "[::1]:80", "/", "Idempotency-Key: k\nX-Pad:  v \t\n", "")
	f.Add("get", "h:", "/", "Bad Name: v\nX: a\rb\n", "x")
	f.Fuzz(func(t *testing.T, method, host, target, fields, body string) {
		hreq, err := http.NewRequest(method, "http://"+host+target, strings.NewReader(body))
		if err != nil {
			return
		}
		for line := range strings.SplitSeq(fields, "\n") {
			if name, value, ok := strings.Cut(line, ":"); ok {
				hreq.Header[name] = append(hreq.Header[name], value)
			}
		}
		out, ok := toRequest(hreq)
		if !ok || valueOr(hreq.Host, hreq.URL.Host) != hreq.URL.Host {
			return
		}
		compareWire(t, hreq, out)
	})
}

// compareWire fails t unless build(hreq) and out.appendTo agree.
func compareWire(t *testing.T, hreq *http.Request, out *Request) {
	t.Helper()
	w, err := wire{}, ErrNotRaw
	if rawOK(hreq) {
		w, err = build(hreq)
	}
	takes := out.rawOK() && plainHost(out.Host) // Exchange's checks: rawOK, then route's of the host
	if (err == nil) != takes {
		t.Fatalf("raw path for %s %s %q: RoundTrip %v (%v), Exchange %v", hreq.Method, hreq.URL, hreq.Header, err == nil, err, takes)
	}
	if err != nil {
		return
	}
	defer w.free()
	if got := out.appendTo(nil); !bytes.Equal(got, w.bytes()) {
		t.Fatalf("wire bytes differ\nExchange:  %q\nRoundTrip: %q", got, w.bytes())
	}
}
