package gateway

import (
	"context"
	"net"
	"strings"
	"testing"
	"unsafe"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/request"
)

// TestSourceIPText: the kept text of the last client address is that
// address's net.IP.String, whatever address came before.
func TestSourceIPText(t *testing.T) {
	t.Parallel()
	s := &Server{}
	for _, tc := range []struct {
		name string
		ip   net.IP
	}{
		{"loopback", net.IPv4(127, 0, 0, 1).To4()},
		{"the same again", net.IPv4(127, 0, 0, 1).To4()},
		{"the same in 16 bytes", net.IPv4(127, 0, 0, 1)},
		{"another IPv4", net.IPv4(10, 0, 0, 2).To4()},
		{"IPv6 loopback", net.IPv6loopback},
		{"IPv6", net.ParseIP("2001:db8::1")},
		{"none", nil},
		{"loopback after none", net.IPv4(127, 0, 0, 1).To4()},
	} {
		if got, want := s.sourceIP(tc.ip), tc.ip.String(); got != want {
			t.Fatalf("%s: got %q; want %q", tc.name, got, want)
		}
	}
}

// TestHostOf: the request's host is the Host header's value when it is
// that, else a copy of the host fasthttp read (an absolute URI's, or one
// that differs in case); either way the same text.
func TestHostOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		host    string
		headers []request.Field
		shared  bool // the result is the header's own string
	}{
		{"the Host header", "127.0.0.1:3000", []request.Field{fld("Accept", "*/*"), fld("Host", "127.0.0.1:3000")}, true},
		{"a lower-case host header", "example.com", []request.Field{fld("host", "example.com")}, true},
		{"a value equal under another name", "example.com", []request.Field{fld("X-Host", "example.com")}, false},
		{"host differs from the header", "example.com", []request.Field{fld("Host", "Example.com")}, false},
		{"no headers", "example.com", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := hostOf([]byte(tc.host), tc.headers)
			if got != tc.host {
				t.Fatalf("got %q; want %q", got, tc.host)
			}
			shared := false
			for _, h := range tc.headers {
				shared = shared || (len(h.Value) > 0 && unsafeData(h.Value) == unsafeData(got))
			}
			if shared != tc.shared {
				t.Fatalf("shares the header's string: got %v; want %v", shared, tc.shared)
			}
		})
	}
}

// unsafeData is where s's bytes are, to tell a shared string from a copy.
func unsafeData(s string) *byte { return unsafe.StringData(s) }

// TestRequestContextNeverDone: the front end serves every request under a
// context that is never done (requestContext), so that nothing per request
// registers on it (the upstream client skips its AfterFunc for such a
// context); the integration sees the request's own source address and host
// read by the front end.
func TestRequestContextNeverDone(t *testing.T) {
	t.Parallel()
	seen := make(chan contextSeen, 1)
	tpl := testAPI([]*api.Route{{Method: "GET", Path: "/pets", Integration: api.Integration{Type: api.IntegrationMock}}})
	s := serveTemplate(t, tpl, nil, func(c *Config) {
		c.Integrations = func(*api.API, *api.Route) (Integration, error) { return contextProbe(seen), nil }
	})
	if r := s.do(t, "GET", "/pets"); r.status != 200 {
		t.Fatalf("status %d %s; want 200", r.status, r.body)
	}
	got := <-seen
	if got.done || got.sourceIP != "127.0.0.1" || got.host != strings.TrimPrefix(s.url, "http://") {
		t.Fatalf("integration saw done channel %v, source %q, host %q; want none, 127.0.0.1, %s", got.done, got.sourceIP, got.host, s.url)
	}
}

// contextSeen is what contextProbe saw of its request.
type contextSeen struct {
	done           bool // the context had a Done channel
	sourceIP, host string
}

// contextProbe is an integration that reports what it saw and answers 200.
type contextProbe chan contextSeen

func (p contextProbe) Serve(ctx context.Context, req *request.Request, _ *integration.Authorization) (*integration.Response, error) {
	p <- contextSeen{done: ctx.Done() != nil, sourceIP: req.SourceIP, host: req.Host}
	return &integration.Response{StatusCode: 200}, nil
}
