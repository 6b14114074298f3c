package integration

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// seen is what the backend received.
type seen struct {
	method, uri, host string
	header            http.Header
	body              string
}

// echoBackend records each request and answers 201 with headers and a body.
func echoBackend(t *testing.T) (*httptest.Server, <-chan seen) {
	t.Helper()
	ch := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ch <- seen{r.Method, r.RequestURI, r.Host, r.Header.Clone(), string(body)}
		w.Header().Add("X-Backend", "one")
		w.Header().Add("X-Backend", "two")
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Connection", "keep-alive")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, "from backend")
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

// newHTTPFor is an http_proxy integration on the resource /{proxy+}.
func newHTTPFor(t *testing.T, uri, method string, timeoutMs int) Integration {
	t.Helper()
	cfg := api.Integration{Type: api.IntegrationHTTPProxy, URI: uri, HTTPMethod: method, TimeoutMs: timeoutMs}
	in, err := New(cfg, nil, Options{Resource: "/{proxy+}"})
	if err != nil {
		t.Fatalf("New(%q): got %v; want nil", uri, err)
	}
	return in
}

func TestHTTPProxyRequest(t *testing.T) {
	t.Parallel()
	srv, got := echoBackend(t)
	req := proxyRequest()
	req.PathParams = []request.Field{{Name: "proxy", Value: "a%20b/c%25d"}}
	req.Headers = append(req.Headers, request.Field{Name: "X-Quote", Value: "a\nb"})
	req.RawQuery = "x=1&x=2&y=%20"
	req.Headers = append(req.Headers,
		request.Field{Name: "X-Forwarded-For", Value: "10.0.0.1"},
		request.Field{Name: "Connection", Value: "keep-alive, X-Private"},
		request.Field{Name: "X-Private", Value: "hop"},
		request.Field{Name: "Keep-Alive", Value: "timeout=5"},
		request.Field{Name: "x-multi", Value: "1"},
		request.Field{Name: "X-Multi", Value: "2"},
		request.Field{Name: "Host", Value: "client.example"},
		request.Field{Name: "Content-Encoding", Value: "identity"},
		request.Field{Name: "Content-MD5", Value: "x"},
		request.Field{Name: "Max-Forwards", Value: "3"},
		request.Field{Name: "Proxy-Authenticate", Value: "x"},
		request.Field{Name: "Server", Value: "x"},
		request.Field{Name: "Trailer", Value: "x"},
		request.Field{Name: "WWW-Authenticate", Value: "x"},
		request.Field{Name: "Pragma", Value: "no-cache"},
		request.Field{Name: "X-Amzn-Apigateway-Api-Id", Value: "spoofed"},
		request.Field{Name: "x-amzn-trace-id", Value: clientTrace},
	)
	resp, err := newHTTPFor(t, srv.URL+"/site/{proxy}", "ANY", 0).Serve(context.Background(), req, authorized)
	if err != nil {
		t.Fatalf("Serve: got %v; want nil", err)
	}
	s := <-got
	checks := []struct {
		name      string
		got, want any
	}{
		{"L-4 method kept for ANY", s.method, "PUT"},
		{"L-4 greedy value passed as sent (slashes, escapes); query appended", s.uri, "/site/a%20b/c%25d?x=1&x=2&y=%20"},
		{"L-4 body passed", s.body, `{"name":"rex"}`},
		{"headers passed", s.header.Get("Authorization"), "allow"},
		{"multi-value headers in order", s.header.Values("X-Multi"), []string{"1", "2"}},
		{"L-4 X-Forwarded-For gets the client", s.header.Values("X-Forwarded-For"), []string{"10.0.0.1, 127.0.0.1"}},
		{"L-4 X-Forwarded-Port added", s.header.Values("X-Forwarded-Port"), []string{"3000"}},
		{"L-4 X-Forwarded-Proto added", s.header.Values("X-Forwarded-Proto"), []string{"http"}},
		{"L-4 X-Amzn-Apigateway-Api-Id is the API id, the client's replaced", s.header.Values("X-Amzn-Apigateway-Api-Id"), []string{"abcdef1234"}},
		{"L-4 X-Amzn-Trace-Id added, carrying the client's", s.header.Values("X-Amzn-Trace-Id"), []string{clientTrace}},
		{"L-7 Content-Encoding dropped before HTTP backends", s.header.Values("Content-Encoding"), []string(nil)},
		{"L-7 Content-MD5 dropped", s.header.Values("Content-Md5"), []string(nil)},
		{"L-7 Max-Forwards dropped", s.header.Values("Max-Forwards"), []string(nil)},
		{"L-7 Proxy-Authenticate dropped", s.header.Values("Proxy-Authenticate"), []string(nil)},
		{"L-7 Server dropped", s.header.Values("Server"), []string(nil)},
		{"L-7 Trailer dropped", s.header.Values("Trailer"), []string(nil)},
		{"L-7 WWW-Authenticate dropped", s.header.Values("Www-Authenticate"), []string(nil)},
		{"L-4 Pragma passed", s.header.Values("Pragma"), []string{"no-cache"}},
		{"hop-by-hop Keep-Alive dropped", s.header.Get("Keep-Alive"), ""},
		{"header named by Connection dropped", s.header.Get("X-Private"), ""},
		{"no Go User-Agent added", s.header.Get("User-Agent"), ""},
		{"header with a control character dropped", s.header.Get("X-Quote"), ""},
		{"L-4 Host is the backend's", s.host, strings.TrimPrefix(srv.URL, "http://")},
		{"L-8 no X-Amzn-Trace-Id on HTTP proxy responses (UNCONFIRMED, recommended)", s0(resp.Headers, headerTraceID), ""},
		{"status passed back", resp.StatusCode, http.StatusCreated},
		{"L-4 response headers passed back, repeats kept, Connection/Content-Length/Date remapped", resp.Headers, fields{
			hdr("x-amzn-Remapped-Connection", "keep-alive"), hdr("x-amzn-Remapped-Content-Length", "12"), hdr("Content-Type", "text/plain"),
			hdr("x-amzn-Remapped-Date", s0(resp.Headers, "x-amzn-Remapped-Date")), hdr("X-Backend", "one"), hdr("X-Backend", "two")}},
		{"body passed back", string(resp.Body), "from backend"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v; want %#v", c.name, c.got, c.want)
		}
	}
}

// s0 is the first value of name in h.
func s0(h []request.Field, name string) string {
	v, _ := fieldValue(h, name)
	return v
}

func TestHTTPProxyURI(t *testing.T) {
	t.Parallel()
	srv, got := echoBackend(t)
	tests := []struct {
		name     string
		uri      string
		method   string
		req      func() *request.Request
		wantURI  string
		wantVerb string
	}{
		{"{param} value escaped as one segment", srv.URL + "/pets/{id}", "", func() *request.Request {
			r := getRequest()
			r.PathParams = []request.Field{{Name: "id", Value: "a/b c"}}
			r.RawQuery = ""
			return r
		}, "/pets/a%2Fb%20c", "GET"},
		{"{proxy+} in the URI is greedy", srv.URL + "/x/{proxy+}", "", func() *request.Request {
			r := getRequest()
			r.PathParams = []request.Field{{Name: "proxy", Value: "p/q"}}
			r.RawQuery = ""
			return r
		}, "/x/p/q", "GET"},
		{"configured method replaces the request's", srv.URL + "/fixed", "post", getRequest, "/fixed?tag=a&tag=b&limit=5", "POST"},
		{"URI with its own query joins with &", srv.URL + "/q?k=v", "", getRequest, "/q?k=v&tag=a&tag=b&limit=5", "GET"},
		{"stage variable substituted", "http://${stageVariables.backend}/sv", "", func() *request.Request {
			r := getRequest()
			r.StageVariables = map[string]string{"backend": strings.TrimPrefix(srv.URL, "http://")}
			r.RawQuery = ""
			return r
		}, "/sv", "GET"},
	}
	for _, tt := range tests {
		if _, err := newHTTPFor(t, tt.uri, tt.method, 0).Serve(context.Background(), tt.req(), nil); err != nil {
			t.Fatalf("%s: Serve: got %v; want nil", tt.name, err)
		}
		s := <-got
		if s.uri != tt.wantURI || s.method != tt.wantVerb {
			t.Errorf("%s: got %s %s; want %s %s", tt.name, s.method, s.uri, tt.wantVerb, tt.wantURI)
		}
	}
}

func TestHTTPProxyTimeout(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // blocks until the gateway gives up
	}))
	t.Cleanup(srv.Close)
	_, err := newHTTPFor(t, srv.URL+"/slow", "", 50).Serve(context.Background(), getRequest(), nil)
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("L-3 backend slower than TimeoutMs: got %v; want ErrTimeout (INTEGRATION_TIMEOUT)", err)
	}
}

func TestHTTPProxySlowBody(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	_, err := newHTTPFor(t, srv.URL, "", 50).Serve(context.Background(), getRequest(), nil)
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("body that never ends: got %v; want ErrTimeout", err)
	}
}

func TestHTTPProxyUnreachable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: connection refused
	_, err = newHTTPFor(t, "http://"+addr+"/x", "", 0).Serve(context.Background(), getRequest(), nil)
	if !errors.Is(err, ErrFailure) || errors.Is(err, ErrTimeout) {
		t.Errorf("connection refused: got %v; want ErrFailure (INTEGRATION_FAILURE)", err)
	}
}

func TestHTTPProxyPassesThrough(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write([]byte{0x1f, 0x8b, 1, 2})
	}))
	t.Cleanup(srv.Close)
	resp, err := newHTTPFor(t, srv.URL+"/redirect", "", 0).Serve(context.Background(), getRequest(), nil)
	if err != nil || resp.StatusCode != http.StatusFound || s0(resp.Headers, "Location") != "/elsewhere" {
		t.Errorf("redirect: got %v, %v; want the 302 itself", resp, err)
	}
	resp, err = newHTTPFor(t, srv.URL+"/gz", "", 0).Serve(context.Background(), getRequest(), nil)
	if err != nil || string(resp.Body) != "\x1f\x8b\x01\x02" || s0(resp.Headers, "Content-Encoding") != "gzip" {
		t.Errorf("gzip body: got %v, %v; want the encoded bytes untouched", resp, err)
	}
}

func TestURITemplateParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		uri     string
		wantErr bool
	}{
		{"http://h/{proxy}", false},
		{"https://h:8443/a/{id}/b/{proxy+}?x=1", false},
		{"http://${stageVariables.host}/p", false},
		{"${stageVariables.url}", false},
		{"http://h/{}", true},
		{"http://h/{a", true},
		{"http://h/a}", true},
		{"http://h/${stageVariables.}", true},
		{"ftp://h/", true},
		{"h/p", true},
		{"", true},
	}
	for _, tt := range tests {
		_, err := parseURITemplate(tt.uri)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseURITemplate(%q): got %v; want error %v", tt.uri, err, tt.wantErr)
		}
	}
}

func FuzzURITemplate(f *testing.F) {
	for _, s := range []string{"http://h/{proxy}", "http://${stageVariables.h}/{a+}?q", "{", "}", "$", "${stageVariables."} {
		f.Add(s, "a/b c")
	}
	f.Fuzz(func(t *testing.T, uri, value string) {
		tpl, err := parseURITemplate(uri)
		if err != nil {
			return
		}
		req := getRequest()
		req.PathParams = []request.Field{{Name: "proxy", Value: value}}
		_, err = tpl.render(req)
		if err == nil && usesParam(tpl, "proxy") && request.HasDotSegment(value) {
			t.Fatalf("render(%q) accepted {proxy}=%q, which holds a dot segment", uri, value)
		}
	})
}

func usesParam(tpl uriTemplate, name string) bool {
	for _, p := range tpl.parts {
		if p.param == name {
			return true
		}
	}
	return false
}

// TestDeadlineAfter: the integration's deadline is its timeout from the
// moment it starts, whether counted from the arrival time (one with a
// monotonic reading) or read from the clock (none, or no arrival time).
func TestDeadlineAfter(t *testing.T) {
	t.Parallel()
	arrived := time.Now().Add(-time.Second)
	for name, received := range map[string]time.Time{
		"monotonic arrival": arrived, "wall-clock arrival": arrived.Round(0), "no arrival": {},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := time.Now()
			got := deadlineAfter(received, time.Minute)
			after := time.Now()
			if got.Before(before.Add(time.Minute)) || got.After(after.Add(time.Minute)) {
				t.Errorf("deadline %v; want a minute after a time in [%v, %v]", got, before, after)
			}
		})
	}
}
