package gateway

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// BenchmarkServeCachedAuthorizer measures the pipeline without the HTTP
// front end: routing, a cached TOKEN authorizer evaluated against this
// request's ARN, and a mock integration; "recorded" adds the request's
// record kept in a history ring (--history) and counted in metrics, as
// start-api wires it, the difference being what recording costs; "logged"
// writes the per-request log line (text, to io.Discard) instead, through
// slog's text handler or apigw's. The request and the answer's memory are
// reused from one request to the next, as the front end reuses them.
func BenchmarkServeCachedAuthorizer(b *testing.B) {
	for _, bc := range []struct {
		name     string
		recorder Recorder
		log      *slog.Logger
	}{
		{"unrecorded", nil, nil},
		{"recorded", startAPIRecorders(), nil},
		{"logged", nil, slog.New(slog.NewTextHandler(io.Discard, nil))},
		{"logged-apigw", nil, slog.New(NewTextLogHandler(io.Discard, nil))},
	} {
		b.Run(bc.name, func(b *testing.B) { benchCachedAuthorizer(b, bc.recorder, bc.log) })
	}
}

func benchCachedAuthorizer(b *testing.B, rec Recorder, log *slog.Logger) {
	tpl := testAPI([]*api.Route{{Method: "ANY", Path: "/{proxy+}", Authorizer: "TokenAuth",
		Integration: api.Integration{Type: api.IntegrationMock, Mock: &api.MockResponse{StatusCode: 200, Body: "ok"}}}},
		tokenAuth("TokenAuth", "Auth", 300))
	s := serveTemplate(b, tpl, map[string]*countingFunc{"Auth": seedTokenAuthorizer(true)}, func(c *Config) { c.Recorder, c.Log = rec, log })
	req, resp := &request.Request{}, &Response{}
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() { // the request and the answer reused, as the front end does
		*req = request.Request{Method: "GET", Headers: append(req.Headers[:0], request.Field{Name: "Authorization", Value: "allow"}),
			PathParams: req.PathParams[:0], ReceivedAt: time.Now()}
		if s.gw.serveInto(context.Background(), req, []byte("/pets/7"), requestStrings{}, resp); resp.StatusCode != 200 {
			b.Fatalf("got %d %s; want 200", resp.StatusCode, resp.Body)
		}
	}
}

// BenchmarkServeResourcePolicy measures the pipeline of a route without an
// authorizer behind a resource policy with an aws:SourceIp condition: the
// method ARN is built and the policy evaluated on every request.
func BenchmarkServeResourcePolicy(b *testing.B) {
	tpl := withPolicy(testAPI([]*api.Route{{Method: "ANY", Path: "/{proxy+}",
		Integration: api.Integration{Type: api.IntegrationMock, Mock: &api.MockResponse{StatusCode: 200, Body: "ok"}}}}),
		rpStmt("Allow", "execute-api:/*", `{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}`),
		rpStmt("Deny", "execute-api:/*/*/admin/*", ""))
	s := serveTemplate(b, tpl, nil)
	req := &request.Request{}
	b.ReportAllocs()
	for b.Loop() {
		*req = request.Request{Method: "GET", SourceIP: "127.0.0.1", PathParams: req.PathParams[:0], ReceivedAt: time.Now()}
		if resp := s.gw.Serve(context.Background(), req, []byte("/pets/7")); resp.StatusCode != 200 {
			b.Fatalf("got %d %s; want 200", resp.StatusCode, resp.Body)
		}
	}
}
