package integration

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
	"github.com/apigw/apigw/internal/upstream"
)

// replayBackend is a TCP backend on 127.0.0.1:0: on each connection it
// reads one request, records its bytes, writes the reply set last and
// closes.
type replayBackend struct {
	ln    net.Listener
	mu    sync.Mutex
	reply []byte
	seen  chan string
	wg    sync.WaitGroup
}

func newReplayBackend(t testing.TB) *replayBackend {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &replayBackend{ln: ln, seen: make(chan string, 4)}
	b.wg.Add(1)
	go b.loop()
	t.Cleanup(func() { ln.Close(); b.wg.Wait() })
	return b
}

func (b *replayBackend) loop() {
	defer b.wg.Done()
	for {
		c, err := b.ln.Accept()
		if err != nil {
			return
		}
		b.wg.Add(1)
		go b.serve(c)
	}
}

func (b *replayBackend) serve(c net.Conn) {
	defer b.wg.Done()
	defer c.Close()
	var raw bytes.Buffer
	req, err := http.ReadRequest(bufio.NewReader(io.TeeReader(c, &raw)))
	if err == nil {
		_, err = io.Copy(io.Discard, req.Body)
	}
	b.seen <- raw.String()
	if err == nil {
		b.mu.Lock()
		reply := b.reply
		b.mu.Unlock()
		_, _ = c.Write(reply)
	}
}

func (b *replayBackend) setReply(reply []byte) {
	b.mu.Lock()
	b.reply = reply
	b.mu.Unlock()
}

// plainRT hides upstream's Client from the integration, which then takes
// the http.Request path through the same client.
type plainRT struct{ http.RoundTripper }

// result is one Serve through an HTTP proxy integration: the bytes the
// backend received, the response and the error.
type result struct {
	wire string
	resp *Response
	err  string
	kind []bool // errors.Is against each sentinel
}

var sentinels = []error{ErrFailure, ErrTimeout, ErrMalformedResponse, ErrDotSegment}

// serveVia serves req through an integration of uri on a fresh client,
// by the direct path or not, and what the backend received.
func serveVia(t testing.TB, b *replayBackend, cfg api.Integration, req *request.Request, direct bool) result {
	t.Helper()
	c := NewTransport()
	defer c.CloseIdleConnections()
	var rt http.RoundTripper = plainRT{c}
	if direct {
		rt = c
	}
	h, err := newHTTPProxy(cfg, Options{Transport: rt, Resource: "/{proxy+}"})
	if err != nil {
		t.Fatalf("newHTTPProxy(%q): %v", cfg.URI, err)
	}
	if direct != (h.direct != nil) {
		t.Fatalf("URI %q: direct path %v; want %v", cfg.URI, h.direct != nil, direct)
	}
	var r result
	r.resp, err = h.Serve(context.Background(), req, nil)
	if err != nil {
		r.err = err.Error()
	}
	for _, s := range sentinels {
		r.kind = append(r.kind, errors.Is(err, s))
	}
	select {
	case r.wire = <-b.seen:
	default: // nothing sent
	}
	return r
}

// compareDirect serves the request build makes both ways and fails t
// when the backend received other bytes or the answers differ. Both get
// the one request, whose trace id (random without the client's) is made
// once.
func compareDirect(t testing.TB, b *replayBackend, cfg api.Integration, build func() *request.Request) {
	t.Helper()
	req := build()
	req.TraceID()
	got := serveVia(t, b, cfg, req, true)
	want := serveVia(t, b, cfg, req, false)
	if got.wire != want.wire {
		t.Fatalf("backend received\ndirect:       %q\nhttp.Request: %q", got.wire, want.wire)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("answer differs\ndirect:       %+v %+v\nhttp.Request: %+v %+v", got, got.resp, want, want.resp)
	}
}

// directReplies are backend replies, as raw bytes.
var directReplies = []struct{ name, reply string }{
	{"plain", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"},
	{"L-4 remapped headers, lower-case names", "HTTP/1.1 201 Created\r\ndate: Sun, 06 Dec 2026 08:00:00 GMT\r\nserver: node\r\nx-amzn-requestid: r1\r\nconnection: keep-alive\r\nkeep-alive: timeout=5\r\netag: W/\"x\"\r\ncontent-length: 0\r\n\r\n"},
	{"repeated headers and Set-Cookie", "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-B: 1\r\nset-cookie: b=2\r\nx-b: 2\r\nA: z\r\nContent-Length: 0\r\n\r\n"},
	{"Connection: close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"},
	{"HTTP/1.0", "HTTP/1.0 404 Not Found\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno"},
	{"chunked, trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n\r\n"},
	{"body to close", "HTTP/1.1 200 OK\r\nX: y\r\n\r\nuntil close"},
	{"100 Continue, then 200", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"},
	{"BAD-1 101 is 502", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n"},
	{"BAD-1 status 099 is 502", "HTTP/1.1 099 X\r\nContent-Length: 2\r\n\r\nok"},
	{"BAD-1 status 600 is 502", "HTTP/1.1 600 X\r\nContent-Length: 2\r\n\r\nok"},
	{"204", "HTTP/1.1 204 No Content\r\nX: y\r\n\r\n"},
	{"304", "HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n"},
	{"Pragma", "HTTP/1.1 200 OK\r\nPragma: no-cache\r\nContent-Length: 0\r\n\r\n"},
	{"DG-LIMITS body declared over 10 MB", "HTTP/1.1 200 OK\r\nContent-Length: 10485761\r\n\r\nxx"},
	{"truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok"},
	{"bad chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
	{"malformed head", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n"},
	{"not HTTP", "hello\r\n\r\n"},
	{"no reply", ""},
}

// TestHTTPProxyDirectAnswers: for every reply, the direct path answers as
// the http.Request path does: status, headers (L-4: canonical names,
// sorted, repeats in order, hop-by-hop remapped), body, or the same error
// (BAD-1, DG-LIMITS); and the backend received the same bytes.
func TestHTTPProxyDirectAnswers(t *testing.T) {
	t.Parallel()
	for _, tc := range directReplies {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newReplayBackend(t)
			b.setReply([]byte(tc.reply))
			cfg := api.Integration{Type: api.IntegrationHTTPProxy, URI: "http://" + b.ln.Addr().String() + "/pets/{id}"}
			compareDirect(t, b, cfg, getRequest)
		})
	}
}

// directRequests are requests and URIs the direct path must send as the
// http.Request path sends them.
var directRequests = []struct {
	name   string
	uri    string // after "http://ADDR"
	method string
	edit   func(*request.Request)
}{
	{"GET with query", "/pets/{id}", "", nil},
	{"L-4 ANY keeps the method, greedy proxy", "/site/{proxy}", "ANY", func(r *request.Request) {
		r.Method, r.Body = "PUT", []byte(`{"a":1}`)
		r.PathParams = []request.Field{{Name: "proxy", Value: "a%20b/c%25d"}}
	}},
	{"configured method", "/fixed", "post", nil},
	{"URI with its own query", "/q?k=v", "", nil},
	{"URI without a path", "", "", nil},
	{"URI without a path, no query", "", "", func(r *request.Request) { r.RawQuery = "" }},
	{"URI ending in ?", "/q?", "", func(r *request.Request) { r.RawQuery = "" }},
	{"URI path bytes url escapes", "/a b/{id}", "", nil},
	{"URI path with [ ] and sub-delims", "/a[1]/!$&'()*+,;=:@/{id}", "", nil},
	{"stage variable with a bad escape", "/${stageVariables.env}/{id}", "", func(r *request.Request) {
		r.StageVariables = map[string]string{"env": "a%zz"}
	}},
	{"stage variable with a control byte", "/${stageVariables.env}/{id}", "", func(r *request.Request) {
		r.StageVariables = map[string]string{"env": "a\x01"}
	}},
	{"query with a fragment", "/pets/{id}", "", func(r *request.Request) { r.RawQuery = "a=1#frag" }},
	{"query with a space and UTF-8", "/pets/{id}", "", func(r *request.Request) { r.RawQuery = "a=b c&d=\xc3\xa9" }},
	{"query with a control byte", "/pets/{id}", "", func(r *request.Request) { r.RawQuery = "a=\x01" }},
	{"query with a tab", "/pets/{id}", "", func(r *request.Request) { r.RawQuery = "a=\tb" }},
	{"path parameter escaped", "/pets/{id}", "", func(r *request.Request) {
		r.PathParams = []request.Field{{Name: "id", Value: "a/b c\xc3\xa9%41"}}
	}},
	{"path parameter with a dot segment", "/x/{proxy}", "", func(r *request.Request) {
		r.PathParams = []request.Field{{Name: "proxy", Value: "a/%2e%2e/b"}}
	}},
	{"L-7 hop-by-hop, dropped and Connection-named headers", "/pets/{id}", "", func(r *request.Request) {
		r.Headers = append(r.Headers, request.Field{Name: "Connection", Value: "keep-alive, x-private"},
			request.Field{Name: "X-Private", Value: "hop"}, request.Field{Name: "keep-alive", Value: "5"},
			request.Field{Name: "content-encoding", Value: "gzip"}, request.Field{Name: "Content-Length", Value: "3"},
			request.Field{Name: "x-forwarded-for", Value: "10.0.0.1"}, request.Field{Name: "X-Amzn-Apigateway-Api-Id", Value: "spoof"},
			request.Field{Name: "x-amzn-trace-id", Value: clientTrace}, request.Field{Name: "Transfer-Encoding", Value: "chunked"})
	}},
	{"no User-Agent", "/pets/{id}", "", func(r *request.Request) { r.Headers = r.Headers[:4] }},
	{"empty and repeated User-Agent", "/pets/{id}", "", func(r *request.Request) {
		r.Headers = append(r.Headers, request.Field{Name: "user-agent", Value: "second"})
		r.Headers[5].Value = "  "
	}},
	{"values padded, obs-text, invalid dropped", "/pets/{id}", "", func(r *request.Request) {
		r.Headers = append(r.Headers, request.Field{Name: "X-Pad", Value: " \tv \t"}, request.Field{Name: "X-Bytes", Value: "caf\xc3\xa9"},
			request.Field{Name: "Bad Name", Value: "v"}, request.Field{Name: "X-Nul", Value: "a\x00b"})
	}},
	{"Idempotency-Key on POST", "/pets/{id}", "", func(r *request.Request) {
		r.Method, r.Body = "POST", []byte("x")
		r.Headers = append(r.Headers, request.Field{Name: "idempotency-key", Value: "k"})
	}},
	{"POST without a body", "/pets/{id}", "", func(r *request.Request) { r.Method = "POST" }},
	{"DELETE with a body", "/pets/{id}", "", func(r *request.Request) { r.Method, r.Body = "DELETE", []byte("x") }},
	{"body over the inline limit", "/pets/{id}", "", func(r *request.Request) {
		r.Method, r.Body = "PUT", bytes.Repeat([]byte("b"), 64<<10+1)
	}},
	{"method not a token", "/pets/{id}", "", func(r *request.Request) { r.Method = "GE T" }},
	{"CONNECT", "/pets/{id}", "", func(r *request.Request) { r.Method = "CONNECT" }},
	{"stage variable in the path", "/${stageVariables.env}/{id}", "", func(r *request.Request) {
		r.StageVariables = map[string]string{"env": "d e#v"}
	}},
}

// TestHTTPProxyDirectRequests: the direct path puts on the wire what the
// http.Request path puts there, byte for byte (L-4: headers added,
// dropped and kept; L-7), and gives the same answer or error for what it
// leaves to that path.
func TestHTTPProxyDirectRequests(t *testing.T) {
	t.Parallel()
	for _, tc := range directRequests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newReplayBackend(t)
			b.setReply([]byte(directReplies[0].reply))
			cfg := api.Integration{Type: api.IntegrationHTTPProxy, URI: "http://" + b.ln.Addr().String() + tc.uri, HTTPMethod: tc.method}
			compareDirect(t, b, cfg, func() *request.Request {
				r := getRequest()
				if tc.edit != nil {
					tc.edit(r)
				}
				return r
			})
		})
	}
}

// TestSplitDirect: which URIs the direct path takes, and the host and
// path template it splits them into.
func TestSplitDirect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		uri, host, rest string
		ok              bool
	}{
		{"http://127.0.0.1:3000/pets/{id}", "127.0.0.1:3000", "/pets/", true},
		{"http://h?x=1", "h", "?x=1", true},
		{"http://h", "h", "", true},
		{"http://h:/p", "h", "/p", true},
		{"http://[::1]:8080/p", "[::1]:8080", "/p", true},
		{"https://h/p", "", "", false},
		{"HTTP://h/p", "", "", false},
		{"http://${stageVariables.host}/p", "", "", false},
		{"http://h{id}/p", "", "", false},
		{"http://u:p@h/p", "", "", false},
		{"http://h#f/p", "", "", false},
	} {
		tpl, err := parseURITemplate(tc.uri)
		if err != nil {
			t.Fatalf("parseURITemplate(%q): %v", tc.uri, err)
		}
		d, ok := splitDirect(tpl)
		if ok != tc.ok || (ok && (d.host != tc.host || d.path.parts[0].literal != tc.rest)) {
			t.Errorf("splitDirect(%q) = %q %v %v; want %q %q %v", tc.uri, d.host, d.path.parts, ok, tc.host, tc.rest, tc.ok)
		}
	}
}

// FuzzHTTPProxyDirect: for any reply, client headers, query, path
// parameter, method and body, the direct path and the http.Request path
// send the same bytes and give the same answer.
func FuzzHTTPProxyDirect(f *testing.F) {
	for _, r := range directReplies {
		f.Add([]byte(r.reply), "Accept: */*\nuser-agent: curl\nX-M: 1\nx-m: 2", "a=1&b=2", "7", "GET", []byte(nil))
	}
	f.Add([]byte(directReplies[0].reply), "Connection: close, X-P\nX-P: 1\nContent-Length: 5", "#x", "a%2Fb/../c", "POST", []byte("{}"))
	b := newReplayBackend(f)
	cfg := api.Integration{Type: api.IntegrationHTTPProxy, URI: "http://" + b.ln.Addr().String() + "/p/{proxy}?k=v", HTTPMethod: "ANY"}
	f.Fuzz(func(t *testing.T, reply []byte, headers, query, param, method string, body []byte) {
		b.setReply(reply)
		compareDirect(t, b, cfg, func() *request.Request {
			r := baseRequest()
			r.Method, r.RawQuery, r.Body = method, query, body
			r.PathParams = []request.Field{{Name: "proxy", Value: param}}
			for line := range strings.SplitSeq(headers, "\n") {
				if name, value, ok := strings.Cut(line, ":"); ok {
					r.Headers = append(r.Headers, request.Field{Name: name, Value: value})
				}
			}
			return r
		})
	})
}

// BenchmarkBackendFields is the direct path's header work without I/O: a
// request's fields for the backend, and a backend's answer relayed. The
// client's headers are wrk's.
func BenchmarkBackendFields(b *testing.B) {
	base := getRequest()
	base.Headers = []request.Field{{Name: "Host", Value: "127.0.0.1:3000"}, {Name: "Authorization", Value: "allow"}}
	answer := []upstream.Field{{Name: "Content-Length", Value: "21"}, {Name: "Content-Type", Value: "application/json"}, {Name: "Date", Value: "Sun, 06 Dec 2026 11:00:00 GMT"}}
	var scratch [24]upstream.Field
	b.ReportAllocs()
	for b.Loop() {
		req := *base // a trace id made anew, as for each request
		if f := backendFields(scratch[:0], &req); len(f) != 7 {
			b.Fatal(len(f), f)
		}
		_ = relayedHeaders(answer)
	}
}
