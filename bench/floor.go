package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/upstream"
	"github.com/valyala/fasthttp"
)

// The two floors are proxies with apigw's transport and none of its
// gateway work (no route, authorizer, policy, record or log line): what
// apigw would cost if the gateway were free. floorAPIGW is apigw's own
// front end library and upstream client; floorFast is fasthttp on both
// sides, the fastest Go proxy we know of. A row's distance to nginx that
// the floors share is the Go runtime's and the transport's, not the
// gateway's.
const (
	serveFloorAPIGW = "floor"     // fasthttp server + internal/upstream
	serveFloorFast  = "floorfast" // fasthttp server + fasthttp.HostClient
)

// serveFloor runs one of the floors on listen until killed.
func serveFloor(mode, listen, backend string) error {
	var h fasthttp.RequestHandler
	switch mode {
	case serveFloorAPIGW:
		h = upstreamFloor(backend)
	case serveFloorFast:
		h = fastFloor(backend)
	default:
		return fmt.Errorf("unknown -serve mode %q", mode)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, listeningPrefix+"http://"+ln.Addr().String())
	srv := &fasthttp.Server{Handler: h, DisableHeaderNamesNormalizing: true, NoDefaultServerHeader: true}
	return srv.Serve(ln)
}

// upstreamFloor forwards each request through apigw's upstream client
// the way the http_proxy integration does (Client.Exchange with a request
// rendered into fields, no net/http objects): apigw's transport without
// its gateway.
func upstreamFloor(backend string) fasthttp.RequestHandler {
	c := integration.NewTransport()
	return func(ctx *fasthttp.RequestCtx) {
		req := upstream.Request{Method: string(ctx.Method()), Host: backend, Target: string(ctx.RequestURI()), Body: ctx.PostBody()}
		for k, v := range ctx.Request.Header.All() {
			if string(k) != "Host" {
				req.Header = append(req.Header, upstream.Field{Name: string(k), Value: string(v)})
			}
		}
		res, err := c.Exchange(context.Background(), &req, time.Time{}, nil)
		if err != nil {
			ctx.Error(err.Error(), http.StatusBadGateway)
			return
		}
		ctx.SetStatusCode(res.StatusCode)
		for _, f := range res.Header {
			ctx.Response.Header.Add(f.Name, f.Value)
		}
		ctx.SetBody(res.Body)
	}
}

// fastFloor forwards each request with fasthttp's own client.
func fastFloor(backend string) fasthttp.RequestHandler {
	c := &fasthttp.HostClient{Addr: backend, MaxConns: 1024}
	return func(ctx *fasthttp.RequestCtx) {
		req := &ctx.Request
		req.SetHost(backend)
		if err := c.Do(req, &ctx.Response); err != nil {
			ctx.Error(err.Error(), http.StatusBadGateway)
		}
	}
}
