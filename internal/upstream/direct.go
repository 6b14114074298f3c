package upstream

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/httphead"
)

// Field is one header field: a name and a value.
type Field struct {
	Name  string
	Value string
}

// Request is a request already rendered for Exchange, which reads it
// during the call only; the caller keeps it and everything it points to.
type Request struct {
	Method string // a token; "" is GET
	// Host is host[:port]: the Host field, and where to connect (port 80
	// when it has none), as a URL's host gives both.
	Host   string
	Target string // the request-target (path and query) as written
	// Header is written in this order after Host, User-Agent and
	// Content-Length, each value trimmed as Transport trims it. As with an
	// http.Header, the first User-Agent field (matched by exact name) is
	// written where Transport writes it, Go's default when there is none;
	// Host, Content-Length, Transfer-Encoding and Trailer fields are
	// not written.
	Header []Field
	Body   []byte
	// MaxBody is the longest response body taken (longer is
	// ErrBodyTooLarge); 0: no limit.
	MaxBody int64
}

// Response is a backend's answer from Exchange. The caller owns it; the
// names and values of Header share one string.
type Response struct {
	StatusCode int
	// Header is as http.ReadResponse leaves a response's Header: names in
	// canonical form, sorted, a name's values in the order received.
	Header []Field
	Body   []byte // nil when the status is outside 200-599 (not read)
}

// Exchange sends req on the raw path and reads the whole response, on
// the caller's goroutine, bounded by ctx and, unless zero, by deadline
// as RoundTripWithin bounds an exchange (an error at the deadline is
// context.DeadlineExceeded and cause). What the backend receives is what
// RoundTrip sends for the http.Request with the same method, URL, header
// map and body, byte for byte; the response reads as http.ReadResponse
// reads it (see head.go), and a connection is kept, retried and reused
// as with RoundTrip.
//
// Exchange is for a caller that relays only final statuses 200-599: the
// body of any other final status is not read, and its connection is
// closed. It returns ErrNotRaw, having sent nothing, for a request
// RoundTrip would leave to the fallback: the caller then sends it as an
// http.Request. The fallback's Proxy is asked once per host (it must
// decide by a URL's scheme and host, as http.ProxyFromEnvironment does).
func (c *Client) Exchange(ctx context.Context, req *Request, deadline time.Time, cause error) (Response, error) {
	if !c.raw || !req.rawOK() {
		return Response{}, ErrNotRaw
	}
	key, ok := c.route(req.Host)
	if !ok {
		return Response{}, ErrNotRaw
	}
	w := wire{buf: bufferPool.Get().(*[]byte)}
	*w.buf = req.appendTo((*w.buf)[:0])
	defer w.free()
	lim := limit{deadline: deadline, cause: cause}
	var resp Response
	err := c.sendTo(ctx, key, lim, req.replayable(), func(cn *conn, lim limit) (err error) {
		resp, err = c.exchangeWhole(ctx, cn, req, w, lim)
		return err
	})
	return resp, err
}

// rawOK is rawOK for an already rendered request, but for its Host,
// which route checks once per host.
func (r *Request) rawOK() bool {
	if len(r.Body) > maxInlineBody || r.Host == "" {
		return false
	}
	if m := r.Method; m == http.MethodConnect || (m != "" && !httphead.IsToken(m)) {
		return false
	}
	if r.Target == "" || !httphead.ValidValue(r.Target) || strings.IndexByte(r.Target, '\t') >= 0 {
		return false
	}
	for _, f := range r.Header {
		if !httphead.IsToken(f.Name) || !httphead.ValidValue(f.Value) {
			return false
		}
	}
	return true
}

// appendTo appends r as appendHead and appendBody write the same request.
func (r *Request) appendTo(b []byte) []byte {
	method := valueOr(r.Method, http.MethodGet)
	b = appendStart(b, method, r.Target, r.Host)
	ua, present := r.first("User-Agent")
	b = appendUserAgent(b, ua, present)
	b = appendLength(b, method, int64(len(r.Body)))
	for _, f := range r.Header {
		if !excluded(f.Name) {
			b = appendField(b, f.Name, trim(f.Value))
		}
	}
	b = append(b, "\r\n"...)
	return append(b, r.Body...)
}

// maxBody is MaxBody, math.MaxInt64 for no limit.
func (r *Request) maxBody() int64 {
	if r.MaxBody <= 0 {
		return math.MaxInt64
	}
	return r.MaxBody
}

// first is the value of the first field named exactly name, and whether
// there is one.
func (r *Request) first(name string) (string, bool) {
	for _, f := range r.Header {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}

// replayable is replayable for a request whose body is in memory.
func (r *Request) replayable() bool {
	switch valueOr(r.Method, http.MethodGet) {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	_, key := r.first("Idempotency-Key")
	_, xkey := r.first("X-Idempotency-Key")
	return key || xkey
}

// wantsClose is wantsClose for r.
func (r *Request) wantsClose() bool {
	v, _ := r.first("Connection")
	return hasToken(v, "close")
}

// route is the pool key for host (hostAddr's), and whether Exchange may
// send to it: host is plainHost and no proxy serves http://host, by the
// fallback's Proxy; both asked once per host. The answers are a
// copy-on-write map, so that a lookup takes no lock; the key is the map's
// copy, which keeps the caller's strings from escaping through the pool.
func (c *Client) route(host string) (key string, ok bool) {
	if r, known := (*c.routes.Load())[host]; known {
		return r.key, r.ok
	}
	r := c.learn(strings.Clone(host))
	return r.key, r.ok
}

// learn asks for host's route and adds it to the map; host becomes the
// map's.
func (c *Client) learn(host string) hostRoute {
	r := hostRoute{key: hostAddr(host), ok: plainHost(host)}
	if r.ok && c.fallback.Proxy != nil {
		u := &url.URL{Scheme: "http", Host: host}
		proxy, err := c.fallback.Proxy(&http.Request{Method: http.MethodGet, URL: u, Host: host, Header: http.Header{}})
		r.ok = err == nil && proxy == nil
	}
	c.routesMu.Lock()
	defer c.routesMu.Unlock()
	m := make(map[string]hostRoute, len(*c.routes.Load())+1)
	for k, v := range *c.routes.Load() {
		m[k] = v
	}
	m[host] = r
	c.routes.Store(&m)
	return r
}

// hostRoute is route's answer for a host.
type hostRoute struct {
	key string
	ok  bool
}

// exchangeWhole writes w on cn and reads the whole response to req. cn
// goes back to the pool once the response is read when it may, and is
// closed otherwise.
func (c *Client) exchangeWhole(ctx context.Context, cn *conn, req *Request, w wire, lim limit) (Response, error) {
	if err := cn.write(ctx, w, lim); err != nil {
		return Response{}, err
	}
	resp, keep, err := c.readWhole(cn, req)
	if err != nil {
		abandon(cn)
		return Response{}, err
	}
	c.release(cn, keep)
	return resp, nil
}

// readWhole reads the response to req from cn: a plain head on the fast
// path (head.go), anything else with http.ReadResponse as RoundTrip reads
// it. keep reports whether cn may be reused.
func (c *Client) readWhole(cn *conn, req *Request) (resp Response, keep bool, err error) {
	if err := c.awaitResponse(cn); err != nil {
		return Response{}, false, err
	}
	if req.Method != http.MethodHead {
		var h head
		ok, err := readHead(cn.br, &h)
		if ok {
			cn.unlimited()
			return h.readBody(cn.br, req)
		}
		cn.pending = err
	}
	return c.readSlow(cn, req)
}

// readSlow reads the response to req with http.ReadResponse.
func (c *Client) readSlow(cn *conn, req *Request) (Response, bool, error) {
	method := strings.Clone(valueOr(req.Method, http.MethodGet)) // kept by the http.Response
	resp, err := c.readHeads(cn, &http.Request{Method: method})
	if err != nil {
		return Response{}, false, err
	}
	if !relayed(resp.StatusCode) {
		return Response{StatusCode: resp.StatusCode}, false, nil
	}
	body, err := ReadBody(resp.Body, resp.ContentLength, req.maxBody())
	if err != nil {
		return Response{}, false, err
	}
	keep := !resp.Close && !req.wantsClose()
	return Response{StatusCode: resp.StatusCode, Header: headerFields(resp.Header), Body: body}, keep, nil
}

// relayed reports whether Exchange reads the body of a final status.
func relayed(code int) bool { return code >= 200 && code <= 599 }

// headerFields is h as fields: names sorted, a name's values in order.
func headerFields(h http.Header) []Field {
	n := 0
	for _, vv := range h {
		n += len(vv)
	}
	out := make([]Field, 0, n)
	for name, vv := range h {
		for _, v := range vv {
			out = append(out, Field{Name: name, Value: v})
		}
	}
	SortFields(out)
	return out
}

// insertionMax is the longest list SortFields sorts by insertion.
const insertionMax = 32

// SortFields sorts f by name, keeping the order of a name's values, as
// slices.SortStableFunc with strings.Compare of the names does. A short
// list, as a request's or a response's fields are, is sorted by
// insertion with the comparison inline (SortStableFunc calls its
// comparison through a pointer).
func SortFields(f []Field) {
	if len(f) > insertionMax {
		slices.SortStableFunc(f, func(a, b Field) int { return strings.Compare(a.Name, b.Name) })
		return
	}
	for i := 1; i < len(f); i++ {
		x, j := f[i], i
		for ; j > 0 && x.Name < f[j-1].Name; j-- {
			f[j] = f[j-1]
		}
		f[j] = x
	}
}
