package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/mapping"
	"github.com/apigw/apigw/internal/request"
	"github.com/apigw/apigw/internal/upstream"
)

// maxResponseBytes is API Gateway's payload limit (DG-LIMITS, 10 MB).
const maxResponseBytes = 10 << 20

const headerUserAgent = "User-Agent"

// httpProxy is an HTTP proxy integration (L-4).
type httpProxy struct {
	uri       uriTemplate
	method    string // "" keeps the request's
	timeout   time.Duration
	transport http.RoundTripper
	// params is an HTTP API's parameter mapping (httpapiproxy.go).
	params   mapping.List
	routeKey string
	// client and direct are the direct path (httpdirect.go), set at load
	// when the transport is upstream's Client and the URI's authority is
	// literal; nil otherwise.
	client *upstream.Client
	direct *directURI
}

func newHTTPProxy(cfg api.Integration, opts Options) (*httpProxy, error) {
	uri, err := parseURITemplate(cfg.URI)
	if err != nil {
		return nil, err
	}
	uri.markGreedy(opts.Resource)
	h := &httpProxy{uri: uri, timeout: timeoutOf(cfg), transport: opts.Transport}
	if m := strings.ToUpper(cfg.HTTPMethod); m != api.MethodAny {
		h.method = m
	}
	if h.transport == nil {
		h.transport = sharedTransport()
	}
	if c, ok := h.transport.(*upstream.Client); ok {
		if d, ok := splitDirect(uri); ok {
			h.client, h.direct = c, &d
		}
	}
	return h, h.withParams(cfg, opts)
}

// Serve sends the request to the backend and returns its status, headers
// (some renamed, L-4) and body, within the integration timeout.
func (h *httpProxy) Serve(ctx context.Context, req *request.Request, auth *Authorization) (*Response, error) {
	deadline := deadlineAfter(req.ReceivedAt, h.timeout)
	if h.direct != nil && len(h.params) == 0 {
		if resp, taken, err := h.serveDirect(ctx, req, deadline); taken {
			return resp, err
		}
	}
	out, err := h.outbound(ctx, req)
	if err == nil {
		err = h.applyParams(out, req, auth)
	}
	if errors.Is(err, ErrDotSegment) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFailure, err)
	}
	return h.roundTrip(ctx, out, deadline)
}

// deadlineAfter is timeout from now: from the arrival time received when
// it has a monotonic reading (as the front end's has), with one clock
// read where time.Now makes two (wall and monotonic).
func deadlineAfter(received time.Time, timeout time.Duration) time.Time {
	if received.IsZero() || received.Round(0) == received {
		return time.Now().Add(timeout)
	}
	return received.Add(time.Since(received) + timeout)
}

// roundTrip sends out, made under ctx, and reads the answer by deadline.
// On upstream's raw path the exchange bounds itself (a timer per
// connection, where a context with the deadline would cost a timer and
// two cancellation registrations per request); anything else, another
// transport or a request upstream leaves to net/http, runs under a
// context with the deadline. Either way a timeout's error carries
// errIntegrationDeadline.
func (h *httpProxy) roundTrip(ctx context.Context, out *http.Request, deadline time.Time) (*Response, error) {
	if c, ok := h.transport.(*upstream.Client); ok {
		resp, err := c.RoundTripWithin(out, deadline, errIntegrationDeadline)
		if !errors.Is(err, upstream.ErrNotRaw) {
			return receive(ctx, resp, err)
		}
	}
	ctx, cancel := context.WithDeadlineCause(ctx, deadline, errIntegrationDeadline)
	defer cancel()
	resp, err := h.transport.RoundTrip(out.WithContext(ctx))
	return receive(ctx, resp, err)
}

// receive is the answer to a round trip made under ctx: the response, or
// err classified.
func receive(ctx context.Context, resp *http.Response, err error) (*Response, error) {
	if err != nil {
		return nil, classify(ctx, err, ErrFailure)
	}
	defer resp.Body.Close()
	return answer(ctx, resp)
}

// answer is the backend's response for the client. A final status outside
// 200-599 (a 101 Switching Protocols; Go's transport has already skipped
// other 1xx) is never relayed: 502 (BAD-1).
func answer(ctx context.Context, resp *http.Response) (*Response, error) {
	if err := checkStatus(resp.StatusCode); err != nil {
		return nil, err
	}
	body, err := upstream.ReadBody(resp.Body, resp.ContentLength, maxResponseBytes)
	if err != nil {
		return nil, classify(ctx, err, ErrFailure)
	}
	return &Response{StatusCode: resp.StatusCode, Headers: responseHeaders(resp.Header), Body: body}, nil
}

// checkStatus refuses a final status outside 200-599.
func checkStatus(code int) error {
	if code < minStatus || code > maxStatus {
		return fmt.Errorf("%w: HTTP backend answered status %d", ErrMalformedResponse, code)
	}
	return nil
}

// outbound builds the backend request: URI substituted, method kept (or
// the configured one), headers as requestHeaders gives them, body as
// received.
func (h *httpProxy) outbound(ctx context.Context, req *request.Request) (*http.Request, error) {
	method := h.method
	if method == "" {
		method = req.Method
	}
	var body io.Reader
	if len(req.Body) > 0 {
		body = bytes.NewReader(req.Body)
	}
	uri, err := h.uri.render(req)
	if err != nil {
		return nil, err
	}
	out, err := http.NewRequestWithContext(ctx, method, uri, body)
	if err != nil {
		return nil, err
	}
	if err := checkHTTPURL(out.URL); err != nil {
		return nil, err
	}
	out.Header = requestHeaders(req)
	return out, nil
}

// requestHeaders are the headers the backend gets (L-4): the client's,
// less the dropped ones (L-7, hop-by-hop, those a Connection header
// names, Host: the transport sends the backend's own), plus those API
// Gateway adds: X-Forwarded-For/-Port/-Proto (L-4 recommends them as in
// L-5), X-Amzn-Trace-Id and X-Amzn-Apigateway-Api-Id.
func requestHeaders(req *request.Request) http.Header {
	n := len(req.Headers) + len(backendNames) + 1
	h, values := make(http.Header, n), make([]string, 0, n)
	connection := connectionTokens(req.Headers)
	for _, f := range req.Headers {
		if name := http.CanonicalHeaderKey(f.Name); forwarded(name, f, connection) {
			values = addValue(h, values, name, f.Value)
		}
	}
	added := backendValues(req)
	for i, name := range backendNames {
		values = setValue(h, values, name, added[i])
	}
	if _, ok := h[headerUserAgent]; !ok {
		addValue(h, values, headerUserAgent, "") // no Go default User-Agent
	}
	return h
}

// forwarded reports whether the client's header f, whose name is name in
// canonical form, reaches the backend: not dropped (L-7, hop-by-hop, Host,
// named by a Connection header) and writable (validField).
func forwarded(name string, f request.Field, connection map[string]bool) bool {
	return !isDropped(name) && !backendDroppedHeaders.has(name) && !connection[name] && validField(f)
}

// addValue adds value to h's values of name and returns values. A name's
// first value is held in values, whose room the caller sized for every
// header: h's slices share one array, each capped at its own length, so an
// append to one never writes into the next.
func addValue(h http.Header, values []string, name, value string) []string {
	if vs, ok := h[name]; ok {
		h[name] = append(vs, value)
		return values
	}
	return setValue(h, values, name, value)
}

// setValue sets name's only value in h, held in values, and returns
// values.
func setValue(h http.Header, values []string, name, value string) []string {
	values = append(values, value)
	n := len(values)
	h[name] = values[n-1 : n : n]
	return values
}

// backendNames are the headers API Gateway adds for an HTTP backend: the
// added ones, then the API id.
var backendNames = append(addedHeaders[:len(addedHeaders):len(addedHeaders)], headerAPIID)

// backendValues are the values of backendNames for req, the added ones
// built in one buffer.
func backendValues(req *request.Request) [len(addedHeaders) + 1]string {
	var scratch [2 * addedValueScratch]byte
	var ends [len(addedHeaders)]int
	b := scratch[:0]
	for i, name := range addedHeaders {
		b = req.AppendAddedValue(b, name)
		ends[i] = len(b)
	}
	all := string(b)
	var out [len(addedHeaders) + 1]string
	start := 0
	for i := range addedHeaders {
		out[i], start = all[start:ends[i]], ends[i]
	}
	out[len(addedHeaders)] = req.APIID
	return out
}

// connectionTokens are the header names a Connection header lists, which
// are hop-by-hop too; nil when there are none.
func connectionTokens(headers []request.Field) map[string]bool {
	var m map[string]bool
	for _, f := range headers {
		if !strings.EqualFold(f.Name, "Connection") {
			continue
		}
		for tok := range strings.SplitSeq(f.Value, ",") {
			if tok = strings.TrimSpace(tok); tok != "" {
				if m == nil {
					m = map[string]bool{}
				}
				m[http.CanonicalHeaderKey(tok)] = true
			}
		}
	}
	return m
}

// responseHeaders are the backend's headers for the client, sorted by
// name; Connection, Content-Length, Date, Server, x-amzn-RequestId and the
// other hop-by-hop headers come back renamed x-amzn-Remapped-<name> (L-4).
func responseHeaders(h http.Header) []request.Field {
	out := make([]request.Field, 0, len(h))
	var buf [smallMap]string
	for _, name := range sortedKeys(buf[:0], h) {
		for _, v := range h[name] {
			out = append(out, request.Field{Name: name, Value: v})
		}
	}
	return remapHeaders(out)
}

// validField reports whether f can be written on the wire: a token name
// and a value without control characters other than tab. Others are left
// out rather than failing the request.
func validField(f request.Field) bool {
	return request.ValidHeaderName(f.Name) && request.ValidHeaderValue(f.Value)
}
