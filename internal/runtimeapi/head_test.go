package runtimeapi

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
)

const (
	respTarget = "/" + Version + "/runtime/invocation/0a1b-c2/response"
	errTarget  = "/" + Version + "/runtime/invocation/0a1b-c2/error"
)

// headCases are request heads: what the fast path reads of them, or nil
// for one it leaves, unread, to http.ReadRequest.
var headCases = []struct {
	name string
	in   string
	want *request
}{
	{"GET next (Node)", "GET " + PathNext + " HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nConnection: keep-alive\r\n\r\n", &request{route: routeNext}},
	{"POST response with a length (Python)", "POST " + respTarget + " HTTP/1.1\r\nHost: a\r\nAccept-Encoding: identity\r\nContent-Length: 11\r\n\r\n", &request{route: routeResponse, id: []byte("0a1b-c2"), length: 11}},
	{"POST response chunked (aws-lambda-go)", "POST " + respTarget + " HTTP/1.1\r\nHost: a\r\nUser-Agent: aws-lambda-go/go1.26\r\nTransfer-Encoding: chunked\r\nTrailer: Lambda-Runtime-Function-Error-Body,Lambda-Runtime-Function-Error-Type\r\n\r\n", &request{route: routeResponse, id: []byte("0a1b-c2"), length: -1}},
	{"POST error with its type", "POST " + errTarget + " HTTP/1.1\r\nlambda-runtime-function-error-type:  Handled \t\r\nLambda-Runtime-Function-Error-Type: second\r\ncontent-length: 007\r\n\r\n", &request{route: routeError, id: []byte("0a1b-c2"), length: 7, errorType: "Handled"}},
	{"POST init error", "POST " + PathInitError + " HTTP/1.1\r\nContent-Length: 0\r\n\r\n", &request{route: routeInitError}},
	{"Connection: close among others", "GET " + PathNext + " HTTP/1.1\r\nConnection: Upgrade, CLOSE\r\n\r\n", &request{route: routeNext, close: true}},
	{"id named next", "POST /" + Version + "/runtime/invocation/next/response HTTP/1.1\r\n\r\n", &request{route: routeResponse, id: []byte("next")}},
	{"HTTP/1.0", "GET " + PathNext + " HTTP/1.0\r\n\r\n", nil},
	{"HEAD next", "HEAD " + PathNext + " HTTP/1.1\r\n\r\n", nil},
	{"POST to next", "POST " + PathNext + " HTTP/1.1\r\n\r\n", nil},
	{"GET a response path", "GET " + respTarget + " HTTP/1.1\r\n\r\n", nil},
	{"unknown path", "GET /" + Version + "/runtime/nope HTTP/1.1\r\n\r\n", nil},
	{"escaped id", "POST /" + Version + "/runtime/invocation/a%2Fb/response HTTP/1.1\r\n\r\n", nil},
	{"dot id", "POST /" + Version + "/runtime/invocation/../response HTTP/1.1\r\n\r\n", nil},
	{"query", "GET " + PathNext + "?x=1 HTTP/1.1\r\n\r\n", nil},
	{"absolute form", "GET http://a" + PathNext + " HTTP/1.1\r\n\r\n", nil},
	{"bare LF", "GET " + PathNext + " HTTP/1.1\nHost: a\n\n", nil},
	{"CR inside a line", "GET " + PathNext + " HTTP/1.1\r\nX: a\rb\r\n\r\n", nil},
	{"folded header", "GET " + PathNext + " HTTP/1.1\r\nX: a\r\n b\r\n\r\n", nil},
	{"space before colon", "POST " + respTarget + " HTTP/1.1\r\nContent-Length : 5\r\n\r\n", nil},
	{"control byte in a value", "GET " + PathNext + " HTTP/1.1\r\nX: a\x00\r\n\r\n", nil},
	{"two Hosts", "GET " + PathNext + " HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", nil},
	{"two lengths", "POST " + respTarget + " HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", nil},
	{"length and chunked", "POST " + respTarget + " HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", nil},
	{"gzip encoding", "POST " + respTarget + " HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", nil},
	{"signed length", "POST " + respTarget + " HTTP/1.1\r\nContent-Length: +1\r\n\r\n", nil},
	{"empty length", "POST " + respTarget + " HTTP/1.1\r\nContent-Length:\r\n\r\n", nil},
	{"19-digit length", "POST " + respTarget + " HTTP/1.1\r\nContent-Length: 1000000000000000000\r\n\r\n", nil},
	{"trailer naming the length", "POST " + respTarget + " HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTrailer: X, content-length\r\n\r\n", nil},
	{"Expect", "POST " + respTarget + " HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n", nil},
	{"cut short", "GET " + PathNext + " HTTP/1.1\r\nHost: a\r\n", nil},
}

// TestReadHead: which heads the fast path takes, and what it reads of
// them; everything else is left, unread, to http.ReadRequest.
func TestReadHead(t *testing.T) {
	t.Parallel()
	for _, tt := range headCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var rq request
			br := bufio.NewReader(iotest.OneByteReader(strings.NewReader(tt.in)))
			ok, _ := readHead(br, &rq)
			if tt.want == nil {
				if rest, _ := io.ReadAll(br); ok || string(rest) != tt.in {
					t.Fatalf("taken %v, left %q; want all of it left", ok, rest)
				}
				return
			}
			if !ok || rq.route != tt.want.route || string(rq.id) != string(tt.want.id) || rq.length != tt.want.length ||
				rq.close != tt.want.close || rq.errorType != tt.want.errorType || br.Buffered() != 0 {
				t.Fatalf("got %v %+v (%d left); want %+v", ok, rq, br.Buffered(), *tt.want)
			}
		})
	}
}

// FuzzHead: readHead never panics; a head it leaves is left whole, and
// one it takes http.ReadRequest takes too, with the same route and id
// (as ServeMux finds them), framing, Connection: close, error type,
// decoded body and bytes left after the body.
func FuzzHead(f *testing.F) {
	for _, s := range []string{
		"GET " + PathNext + " HTTP/1.1\r\nHost: a\r\n\r\n",
		"POST " + respTarget + " HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}GET ",
		"POST " + errTarget + " HTTP/1.1\r\nTransfer-Encoding: chunked\r\nLambda-Runtime-Function-Error-Type: x\r\n\r\n2;e\r\n{}\r\n0\r\nX: y\r\n\r\nrest",
		"POST " + PathInitError + " HTTP/1.1\r\nConnection: close\r\ncontent-length: 3\r\n\r\nab",
		"POST " + respTarget + " HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n1\r\nx\r\n0\r\n\r",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	for _, c := range headCases {
		f.Add([]byte(c.in), false)
	}
	f.Fuzz(func(t *testing.T, in []byte, trickle bool) {
		var src io.Reader = bytes.NewReader(in)
		if trickle {
			src = iotest.OneByteReader(src)
		}
		br := bufio.NewReader(src)
		var rq request
		if ok, _ := readHead(br, &rq); !ok {
			if rest, _ := io.ReadAll(br); !bytes.Equal(rest, in) {
				t.Fatalf("left %q of %q", rest, in)
			}
			return
		}
		hbr := bufio.NewReader(bytes.NewReader(in))
		req, err := http.ReadRequest(hbr)
		if err != nil {
			t.Fatalf("fast path took %q; http.ReadRequest refused it: %v", in, err)
		}
		sameHead(t, &rq, req)
		var b body
		b.reset(br, &rq)
		sameBody(t, &b, br, req.Body, hbr)
	})
}

// sameHead compares what the fast path read with http.ReadRequest's.
func sameHead(t *testing.T, rq *request, req *http.Request) {
	t.Helper()
	r, id := muxRoute(req)
	chunked := len(req.TransferEncoding) > 0
	if rq.route != r || string(rq.id) != id || rq.length != req.ContentLength || (rq.length < 0) != chunked ||
		rq.close != req.Close || rq.errorType != req.Header.Get(HeaderFunctionErrorType) {
		t.Fatalf("fast %+v; http.ReadRequest %s %s length %d chunked %v close %v type %q, ServeMux route %d id %q",
			*rq, req.Method, req.RequestURI, req.ContentLength, chunked, req.Close, req.Header.Get(HeaderFunctionErrorType), r, id)
	}
}

// sameBody reads both bodies to their end and compares the bytes, whether
// they failed, whether a read after that is io.EOF, and what their readers
// hold after them.
func sameBody(t *testing.T, fast io.Reader, fbr *bufio.Reader, slow io.Reader, sbr *bufio.Reader) {
	t.Helper()
	fb, ferr := io.ReadAll(fast)
	sb, serr := io.ReadAll(slow)
	if !bytes.Equal(fb, sb) || (ferr == nil) != (serr == nil) {
		t.Fatalf("body %q, %v; http.ReadRequest's %q, %v", fb, ferr, sb, serr)
	}
	_, ferr = fast.Read(nil)
	_, serr = slow.Read(nil)
	if errors.Is(ferr, io.EOF) != errors.Is(serr, io.EOF) {
		t.Fatalf("a read after the body: %v; http.ReadRequest's: %v", ferr, serr)
	}
	frest, _ := io.ReadAll(fbr)
	srest, _ := io.ReadAll(sbr)
	if !bytes.Equal(frest, srest) {
		t.Fatalf("left after the body %q; after http.ReadRequest's %q", frest, srest)
	}
}

// muxRoute is the route and id ServeMux finds for req: the pattern from
// the Server's own mux, the id from a mux of the same patterns.
func muxRoute(req *http.Request) (route, string) {
	routes := map[string]route{"GET " + PathNext: routeNext, "POST " + PathResponse: routeResponse,
		"POST " + PathInvocationError: routeError, "POST " + PathInitError: routeInitError}
	_, pattern := New().mux.Handler(req)
	var id string
	mux := http.NewServeMux()
	mux.HandleFunc(PathResponse, func(_ http.ResponseWriter, r *http.Request) { id = r.PathValue(pathValueRequestID) })
	mux.HandleFunc(PathInvocationError, func(_ http.ResponseWriter, r *http.Request) { id = r.PathValue(pathValueRequestID) })
	mux.ServeHTTP(httptest.NewRecorder(), req)
	return routes[pattern], id
}

// BenchmarkHead is reading and routing one request head: the fast path,
// and http.ReadRequest with ServeMux as before.
func BenchmarkHead(b *testing.B) {
	heads := map[string]string{
		"next":    "GET " + PathNext + " HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nConnection: keep-alive\r\n\r\n",
		"node":    "POST " + respTarget + " HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n",
		"go":      "POST " + respTarget + " HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nUser-Agent: aws-lambda-go/go1.26\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nTrailer: Lambda-Runtime-Function-Error-Body,Lambda-Runtime-Function-Error-Type\r\nAccept-Encoding: gzip\r\n\r\n",
		"python3": "POST " + respTarget + " HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nAccept-Encoding: identity\r\nContent-Length: 0\r\n\r\n",
	}
	for name, head := range heads {
		b.Run(name+"/fast", func(b *testing.B) { benchHead(b, head, fastHead) })
		b.Run(name+"/net-http", func(b *testing.B) { benchHead(b, head, slowHead) })
	}
}

func benchHead(b *testing.B, head string, read func(*bufio.Reader, *request) bool) {
	r := strings.NewReader(head)
	br := bufio.NewReader(r)
	var rq request
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(head)
		br.Reset(r)
		if !read(br, &rq) {
			b.Fatal("not read")
		}
	}
}

func fastHead(br *bufio.Reader, rq *request) bool {
	ok, _ := readHead(br, rq)
	return ok && rq.route != routeNone
}

// slowHead is what the connection loop did before: read, route, take
// the id.
func slowHead(br *bufio.Reader, rq *request) bool {
	req, err := http.ReadRequest(br)
	if err != nil {
		return false
	}
	req.Pattern = ""
	slowMux.ServeHTTP(nil, req)
	return req.Pattern != ""
}

// slowMux routes as New's mux, its handlers only take the id.
var slowMux = func() *http.ServeMux {
	mux := http.NewServeMux()
	take := func(_ http.ResponseWriter, r *http.Request) { _ = r.PathValue(pathValueRequestID) }
	for _, p := range []string{"GET " + PathNext, "POST " + PathResponse, "POST " + PathInvocationError, "POST " + PathInitError} {
		mux.HandleFunc(p, take)
	}
	return mux
}()
