package upstream

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// seen is one request as a server received it: the bytes and their parse.
type seen struct {
	raw    string
	method string
	uri    string
	proto  string
	header http.Header
	host   string
	body   string
}

// recordingServer answers every request with 200 and sends what it read
// to the returned channel.
func recordingServer(t *testing.T) (*rawServer, <-chan seen) {
	ch := make(chan seen, 1)
	s := newRawServer(t, func(_ int, c net.Conn) {
		var raw bytes.Buffer
		br := bufio.NewReader(io.TeeReader(c, &raw))
		for {
			req, body, err := readRequest(br)
			if err != nil {
				return
			}
			ch <- seen{raw.String(), req.Method, req.RequestURI, req.Proto, req.Header, req.Host, string(body)}
			raw.Reset()
			reply := okReply
			if req.Method == http.MethodHead {
				reply = strings.TrimSuffix(okReply, "ok")
			}
			if _, err := io.WriteString(c, reply); err != nil {
				return
			}
		}
	})
	return s, ch
}

// equivalenceCases are requests as integration and other callers build
// them; build gets the server's base URL.
var equivalenceCases = []struct {
	name  string
	build func(base string) *http.Request
}{
	{"GET plain", get("/pets/7", nil)},
	{"GET escaped path and query", get("/a%20b/c%2Fd?x=1&y=%2F&y=2", nil)},
	{"GET empty path", get("", nil)},
	{"GET query without path", get("?x=1", nil)},
	{"GET fragment dropped", get("/p#frag", nil)},
	{"GET without User-Agent gets Go's", get("/", func(r *http.Request) { r.Header.Del("User-Agent") })},
	{"GET User-Agent with spaces", get("/", func(r *http.Request) { r.Header.Set("User-Agent", "  curl/8.0 \t") })},
	{"GET two User-Agent values", get("/", func(r *http.Request) { r.Header["User-Agent"] = []string{"a", "b"} })},
	{"GET headers sorted, multi-valued", get("/", func(r *http.Request) {
		r.Header["X-B"] = []string{"2", "1"}
		r.Header["Accept"] = []string{"text/html", "application/json"}
		r.Header["X-A"] = []string{""}
	})},
	{"GET non-canonical keys written as given", get("/", func(r *http.Request) {
		r.Header["x-lower"] = []string{"v"}
		r.Header["user-agent"] = []string{"lower"}
	})},
	{"GET values trimmed", get("/", func(r *http.Request) { r.Header["X-Pad"] = []string{"  v w \t"} })},
	{"GET obs-text value", get("/", func(r *http.Request) { r.Header["X-Bytes"] = []string{"caf\xc3\xa9\t!"} })},
	{"GET Host override", get("/", func(r *http.Request) { r.Host = "backend.example:8080" })},
	{"GET Close", get("/", func(r *http.Request) { r.Close = true })},
	{"GET Close with Connection: close", get("/", func(r *http.Request) { r.Close = true; r.Header.Set("Connection", "Close") })},
	{"GET Connection header kept", get("/", func(r *http.Request) { r.Header.Set("Connection", "keep-alive, X-Hop") })},
	{"GET framing headers in the map ignored", get("/", func(r *http.Request) {
		r.Header["Content-Length"] = []string{"5"}
		r.Header["Transfer-Encoding"] = []string{"chunked"}
		r.Header["Trailer"] = []string{"X"}
		r.Header["Host"] = []string{"ignored"}
	})},
	{"GET gateway headers", get("/pets/{id}", func(r *http.Request) {
		r.Header["X-Forwarded-For"] = []string{"127.0.0.1"}
		r.Header["X-Forwarded-Port"] = []string{"3000"}
		r.Header["X-Forwarded-Proto"] = []string{"http"}
		r.Header["X-Amzn-Trace-Id"] = []string{"Root=1-5f84c7a9-0d9a8d1f0e8b7c6a5b4c3d2e"}
		r.Header["Authorization"] = []string{"Bearer abc"}
	})},
	{"GET userinfo not sent", func(base string) *http.Request {
		return newReq(http.MethodGet, strings.Replace(base, "http://", "http://user:pw@", 1)+"/", nil)
	}},
	{"GET Expect 100-continue", with(http.MethodPost, "body", func(r *http.Request) { r.Header.Set("Expect", "100-continue") })},
	{"HEAD", with(http.MethodHead, "", nil)},
	{"OPTIONS", with(http.MethodOptions, "", nil)},
	{"POST body", with(http.MethodPost, `{"a":1}`, nil)},
	{"POST without body: Content-Length 0", with(http.MethodPost, "", nil)},
	{"PUT without body: Content-Length 0", with(http.MethodPut, "", nil)},
	{"PATCH without body: Content-Length 0", with(http.MethodPatch, "", nil)},
	{"DELETE without body: no Content-Length", with(http.MethodDelete, "", nil)},
	{"DELETE with body", with(http.MethodDelete, "x", nil)},
	{"custom method", with("PURGE", "", nil)},
	{"lowercase method", with("get", "", nil)},
	{"POST NoBody", with(http.MethodPost, "", func(r *http.Request) { r.Body = http.NoBody })},
	{"POST body of unknown length (fallback, chunked)", with(http.MethodPost, "", func(r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader("streamed"))
		r.ContentLength = -1
	})},
	{"PUT body over the inline limit (fallback)", with(http.MethodPut, strings.Repeat("b", maxInlineBody+1), nil)},
	{"PUT body at the inline limit", with(http.MethodPut, strings.Repeat("b", maxInlineBody), nil)},
}

func newReq(method, url string, body io.Reader) *http.Request {
	req, err := http.NewRequestWithContext(context.Background(), method, url, body)
	if err != nil {
		panic(err)
	}
	req.Header.Set("User-Agent", "")
	return req
}

func get(path string, edit func(*http.Request)) func(string) *http.Request {
	return func(base string) *http.Request {
		req := newReq(http.MethodGet, base+path, nil)
		if edit != nil {
			edit(req)
		}
		return req
	}
}

func with(method, body string, edit func(*http.Request)) func(string) *http.Request {
	return func(base string) *http.Request {
		var r io.Reader
		if body != "" {
			r = strings.NewReader(body)
		}
		req := newReq(method, base+"/items/1", r)
		if edit != nil {
			edit(req)
		}
		return req
	}
}

// TestWireEquivalence sends each request through http.Transport and
// through Client to a raw TCP server: the bytes received, and their
// parse, must be the same; and through Exchange, when it can represent
// the request (toRequest), the same bytes again.
func TestWireEquivalence(t *testing.T) {
	t.Parallel()
	for _, tc := range equivalenceCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, ch := recordingServer(t)
			want := sendAndRecord(t, newFallback(), tc.build(srv.url("")), ch)
			got := sendAndRecord(t, newTestClient(t), tc.build(srv.url("")), ch)
			if got.raw != want.raw {
				t.Errorf("wire bytes differ\nClient:    %q\nTransport: %q", got.raw, want.raw)
			}
			if _, ok := toRequest(tc.build(srv.url(""))); ok {
				ex := sendAndRecord(t, exchanger{c: newTestClient(t)}, tc.build(srv.url("")), ch)
				if ex.raw != want.raw {
					t.Errorf("wire bytes differ\nExchange:  %q\nTransport: %q", ex.raw, want.raw)
				}
			}
			got.raw, want.raw = "", ""
			if !reflect.DeepEqual(got, want) {
				t.Errorf("parsed request differs\nClient:    %+v\nTransport: %+v", got, want)
			}
		})
	}
}

func sendAndRecord(t *testing.T, rt http.RoundTripper, req *http.Request, ch <-chan seen) seen {
	t.Helper()
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatalf("%T: %v", rt, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return <-ch
}

// TestRefusedAsTransportRefuses: requests Transport refuses get
// Transport's own error.
func TestRefusedAsTransportRefuses(t *testing.T) {
	t.Parallel()
	srv, _ := recordingServer(t)
	cases := []struct {
		name string
		edit func(*http.Request)
	}{
		{"header name with a space", func(r *http.Request) { r.Header["Bad Name"] = []string{"v"} }},
		{"header value with a newline", func(r *http.Request) { r.Header["X-Split"] = []string{"a\r\nX-Injected: 1"} }},
		{"method not a token", func(r *http.Request) { r.Method = "GE T" }},
		{"ContentLength without a body", func(r *http.Request) { r.ContentLength = 3 }},
		{"body shorter than ContentLength", func(r *http.Request) {
			r.Method = http.MethodPost
			r.Body = io.NopCloser(strings.NewReader("abc"))
			r.ContentLength = 10
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, rt := range []http.RoundTripper{newFallback(), newTestClient(t)} {
				req := newReq(http.MethodGet, srv.url("/"), nil)
				tc.edit(req)
				if resp, err := rt.RoundTrip(req); err == nil {
					resp.Body.Close()
					t.Errorf("%T sent it: status %d; want an error", rt, resp.StatusCode)
				}
			}
		})
	}
}
