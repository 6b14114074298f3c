package gateway

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apigw/apigw/internal/request"
	"github.com/valyala/fasthttp"
)

// Front-end limits (spec section 10 and API Gateway's quotas).
const (
	MaxBodyBytes      = 10 << 20 // 10 MB payload: REQUEST_TOO_LARGE above
	maxHeaderBytes    = 64 << 10 // read buffer: request line and headers
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 60 * time.Second
)

// Server is apigw's HTTP front end. It uses fasthttp because it keeps the
// client's header names as sent (net/http canonicalises them; DESIGN
// section 2) and serves loopback traffic with few allocations.
type Server struct {
	cur    atomic.Pointer[gatewayGen] // the Gateway serving now (Swap)
	log    *slog.Logger
	srv    *fasthttp.Server
	pool   sync.Pool // *inFlight
	lim    Limits
	budget *bodyBudget
	// lastIP is the text of the last client address seen (sourceIP).
	lastIP atomic.Pointer[ipText]
}

// NewServer returns a front end for gw within lim.
func NewServer(gw *Gateway, lim Limits) *Server {
	lim = lim.withDefaults()
	s := &Server{log: gw.log, lim: lim, budget: newBodyBudget(lim.BodyBytes)}
	s.cur.Store(newGatewayGen(gw))
	s.pool.New = func() any { return new(inFlight) }
	s.srv = &fasthttp.Server{
		Handler:                       s.handle,
		ErrorHandler:                  s.handleError,
		Name:                          "",
		NoDefaultServerHeader:         true,
		NoDefaultContentType:          true,
		DisableHeaderNamesNormalizing: true,
		DisablePreParseMultipartForm:  true,
		MaxRequestBodySize:            MaxBodyBytes,
		StreamRequestBody:             true, // read by readBody, within the budget
		HeaderReceived:                expectOverLimit,
		ExpectHandler:                 s.expect,
		ReadBufferSize:                maxHeaderBytes,
		ReadTimeout:                   readHeaderTimeout,
		IdleTimeout:                   idleTimeout,
		CloseOnShutdown:               true,
		Logger:                        serverLog{gw.log},
	}
	return s
}

// serverLog sends fasthttp's own messages (connections that broke before a
// request could be read) to the gateway's log at debug level.
type serverLog struct{ log *slog.Logger }

func (l serverLog) Printf(format string, args ...any) {
	l.log.Debug(fmt.Sprintf(format, args...))
}

// Serve accepts connections on ln until Shutdown. Running out of file
// descriptors does not end it (guardedListener).
func (s *Server) Serve(ln net.Listener) error {
	return s.srv.Serve(newGuardedListener(ln, s.lim.MaxConnections, s.log))
}

// Shutdown stops accepting, waits for in-flight requests up to ctx's deadline.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.ShutdownWithContext(ctx) }

func (s *Server) handle(fc *fasthttp.RequestCtx) {
	received := receivedAt(fc) // before any wait for the body budget
	body, budget, err := s.readBody(fc)
	defer budget.release()
	if err != nil {
		s.handleError(fc, err)
		fc.SetConnectionClose() // the rest of the body is unread
		return
	}
	cur := s.current()
	defer cur.leave()
	sv := s.pool.Get().(*inFlight)
	defer s.release(sv)
	strs := s.fillRequest(&sv.req, fc, body, cur.gw)
	sv.req.ReceivedAt = received
	cur.gw.serveInto(requestContext, &sv.req, fc.URI().PathOriginal(), strs, &sv.resp)
	writeResponse(fc, &sv.resp)
}

// receivedAt is when fasthttp called the handler for fc: the clock read
// it makes for RequestCtx.Time right before, not another one.
func receivedAt(fc *fasthttp.RequestCtx) time.Time {
	if t := fc.Time(); !t.IsZero() {
		return t
	}
	return time.Now()
}

// inFlight is what the front end reuses from one request to the next
// (Server.pool): the request and the answer, with their slices' memory.
// The handler owns one from Get until it has handed the answer to
// fasthttp (writeResponse copies the headers; the body is not the
// inFlight's memory), then release clears it. The request's strings are
// not in it: each request carves its own (requestStrings).
type inFlight struct {
	req  request.Request
	resp Response
}

// requestContext is every request's context: one that is never done.
// fasthttp's RequestCtx is recycled after the handler returns, so it must
// not be the request's context (a derived context would read it later).
// Nothing cancels a request while it is served: fasthttp does not report
// a client gone, and Shutdown waits for requests in flight. A context
// cancelled only once Serve returned bought nothing but its cost (a
// cancelCtx, and in upstream an AfterFunc registration and its removal
// per request); whatever must end sooner sets its own deadline.
var requestContext = context.Background()

func (s *Server) release(sv *inFlight) {
	req := &sv.req
	headers, query, params := req.Headers[:0], req.Query[:0], req.PathParams[:0]
	*req = request.Request{Headers: headers, Query: query, PathParams: params}
	clear(sv.resp.Headers)
	sv.resp = Response{Headers: sv.resp.Headers[:0]}
	s.pool.Put(sv)
}

// fillRequest copies what the gateway reads out of fasthttp's request; the
// strings outlive the handler, so none shares fasthttp's buffers: they
// are carved from the request's strings (requestStrings), made here with
// room for what gw adds, and returned for gw. body is the request's own
// (readBody).
func (s *Server) fillRequest(req *request.Request, fc *fasthttp.RequestCtx, body []byte, gw *Gateway) requestStrings {
	block, query := fc.Request.Header.RawHeaders(), fc.URI().QueryString()
	strs := withRoom(len(block) + len(query) + gw.stringsRoom(len(fc.Method()), len(fc.URI().PathOriginal())))
	req.Method = interned(fc.Method(), commonMethods)
	req.RawQuery = strs.add(query)
	req.Headers = parseHeaderLines(strs.add(block), req.Headers)
	req.Query = parseQuery(req.RawQuery, req.Query)
	req.Body = body
	req.Protocol = interned(fc.Request.Header.Protocol(), protocols)
	req.Host = hostOf(fc.Host(), req.Headers)
	req.SourceIP = s.sourceIP(fc.RemoteIP())
	if a, ok := fc.LocalAddr().(*net.TCPAddr); ok {
		req.ServerPort = a.Port // X-Forwarded-Port (L-5)
	}
	return strs
}

// ipText is a client address and its text.
type ipText struct {
	ip   net.IP
	text string
}

// sourceIP is ip's text ($context.identity.sourceIp). A local gateway's
// clients nearly always share one address, so the last one's text is kept
// (net.IP.String allocates) and shared by every request from it: an
// immutable string.
func (s *Server) sourceIP(ip net.IP) string {
	if last := s.lastIP.Load(); last != nil && bytes.Equal(last.ip, ip) {
		return last.text
	}
	t := &ipText{ip: bytes.Clone(ip), text: ip.String()}
	s.lastIP.Store(t)
	return t.text
}

// hostOf is the request's host as a string: the Host header's value
// itself when the host is that (parseRawHeaders already copied it), else
// a copy of host.
func hostOf(host []byte, headers []request.Field) string {
	for _, h := range headers {
		if h.Value == string(host) && strings.EqualFold(h.Name, "Host") {
			return h.Value
		}
	}
	return string(host)
}

// writeResponse hands resp to fasthttp. The body is not copied: fasthttp
// writes resp.Body itself, which no one changes once the gateway returned
// it (a shared gateway-response body included: fasthttp only reads it).
// Values nearly every request carries, returned by interned without a
// string allocation per request.
var (
	commonMethods = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}
	protocols     = []string{"HTTP/1.1", "HTTP/1.0"}
)

// interned returns b as one of common when it is one, else a copy.
func interned(b []byte, common []string) string {
	for _, c := range common {
		if string(b) == c {
			return c
		}
	}
	return string(b)
}

func writeResponse(fc *fasthttp.RequestCtx, resp *Response) {
	fc.SetStatusCode(resp.StatusCode)
	for _, h := range resp.Headers {
		fc.Response.Header.Add(h.Name, h.Value)
	}
	fc.Response.SetBodyRaw(resp.Body)
}

// handleError answers requests fasthttp could not read (too large, too slow,
// malformed) with the matching gateway response; fasthttp then closes the
// connection.
func (s *Server) handleError(fc *fasthttp.RequestCtx, err error) {
	writeResponse(fc, s.cur.Load().gw.transportError(classifyTransportError(err)))
}

func classifyTransportError(err error) transportFailure {
	var sizeErr *fasthttp.ErrSmallBuffer
	switch {
	case errors.Is(err, fasthttp.ErrBodyTooLarge):
		return failBodyTooLarge
	case errors.As(err, &sizeErr):
		return failHeaderTooLarge
	case errors.Is(err, os.ErrDeadlineExceeded):
		return failReadTimeout
	case errors.Is(err, errThrottled):
		return failThrottled
	default:
		return failBadRequest
	}
}
