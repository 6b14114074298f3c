package upstream

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// exchanger is c sending with Exchange, as an http.RoundTripper, so that
// the tests written for RoundTrip run against Exchange too. A request
// Exchange cannot represent (Close set, a streamed body, trailers) is
// sent with RoundTrip.
type exchanger struct {
	c        *Client
	deadline time.Time
}

func (e exchanger) RoundTrip(req *http.Request) (*http.Response, error) {
	out, ok := toRequest(req)
	if !ok {
		return e.c.RoundTrip(req)
	}
	resp, err := e.c.Exchange(req.Context(), out, e.deadline, errTestDeadline)
	if errors.Is(err, ErrNotRaw) {
		return e.c.RoundTrip(req)
	}
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	for _, f := range resp.Header {
		h[f.Name] = append(h[f.Name], f.Value)
	}
	return &http.Response{StatusCode: resp.StatusCode, Header: h, Body: io.NopCloser(bytes.NewReader(resp.Body))}, nil
}

// toRequest is req as Exchange takes it: the fields of its header sorted
// by name, as the raw path writes them. A Host other than the URL's has
// no Exchange form (Exchange connects to its Host).
func toRequest(req *http.Request) (*Request, bool) {
	if req.Close || len(req.TransferEncoding) > 0 || len(req.Trailer) > 0 || outgoingLength(req) < 0 || req.URL.Scheme != "http" ||
		valueOr(req.Host, req.URL.Host) != req.URL.Host {
		return nil, false
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		if err != nil || int64(len(b)) != req.ContentLength {
			return nil, false
		}
		body = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	out := &Request{Method: req.Method, Host: valueOr(req.Host, req.URL.Host), Target: req.URL.RequestURI(), Body: body}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range req.Header {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, v := range req.Header[k] {
			out.Header = append(out.Header, Field{Name: k, Value: v})
		}
	}
	return out, true
}

// TestExchangeNotRaw: what RoundTrip leaves to the fallback, Exchange
// refuses with ErrNotRaw, sending nothing.
func TestExchangeNotRaw(t *testing.T) {
	t.Parallel()
	srv, _ := recordingServer(t)
	host := strings.TrimPrefix(srv.url(""), "http://")
	ok := Request{Method: http.MethodGet, Host: host, Target: "/"}
	cases := []struct {
		name string
		edit func(*Request)
	}{
		{"body over the inline limit", func(r *Request) { r.Body = make([]byte, maxInlineBody+1) }},
		{"CONNECT", func(r *Request) { r.Method = http.MethodConnect }},
		{"method not a token", func(r *Request) { r.Method = "GE T" }},
		{"no host", func(r *Request) { r.Host = "" }},
		{"host Transport would rewrite", func(r *Request) { r.Host = "bücher.example" }},
		{"no target", func(r *Request) { r.Target = "" }},
		{"target with a control byte", func(r *Request) { r.Target = "/a\x01" }},
		{"target with a tab", func(r *Request) { r.Target = "/a\tb" }},
		{"header name not a token", func(r *Request) { r.Header = []Field{{Name: "Bad Name", Value: "v"}} }},
		{"header value with a newline", func(r *Request) { r.Header = []Field{{Name: "X", Value: "a\r\nY: 1"}} }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t)
			req := ok
			tc.edit(&req)
			for range 2 { // the second time, from what route learnt
				if _, err := c.Exchange(context.Background(), &req, time.Time{}, nil); !errors.Is(err, ErrNotRaw) {
					t.Errorf("error %v; want ErrNotRaw", err)
				}
			}
		})
	}
	t.Run("proxied host", func(t *testing.T) {
		t.Parallel()
		fb := newFallback()
		fb.Proxy = func(*http.Request) (*url.URL, error) { return url.Parse("http://proxy.invalid:3128") }
		c := New(fb)
		req := ok
		if _, err := c.Exchange(context.Background(), &req, time.Time{}, nil); !errors.Is(err, ErrNotRaw) {
			t.Errorf("error %v; want ErrNotRaw", err)
		}
	})
}

// TestExchangeReuse: a response read on the fast path or by
// http.ReadResponse leaves its connection for the next exchange when its
// framing and Connection allow, and closes it otherwise.
func TestExchangeReuse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		reply string
		conns int64
	}{
		{"Content-Length", okReply, 1},
		{"chunked", chunkedReply, 1},
		{"chunked with a trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n\r\n", 1},
		{"Connection: close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 2},
		{"HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 2},
		{"HTTP/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", 1},
		{"after a 100 Continue (slow path)", continue100 + okReply, 1},
		{"204 (slow path)", "HTTP/1.1 204 No Content\r\n\r\n", 1},
		{"101 not relayed: connection closed", "HTTP/1.1 101 Switching Protocols\r\n\r\n", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t)
			srv := newRawServer(t, replyAll(tc.reply))
			for range 2 {
				if err := fetch(context.Background(), exchanger{c: c}, srv.url("/")); err != nil {
					t.Fatal(err)
				}
			}
			if n := srv.accepted.Load(); n != tc.conns {
				t.Errorf("%d connections for two exchanges; want %d", n, tc.conns)
			}
		})
	}
}
