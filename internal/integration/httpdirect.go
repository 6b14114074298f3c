package integration

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/request"
	"github.com/apigw/apigw/internal/upstream"
)

// The direct path of an HTTP proxy integration: with upstream's Client as
// its transport and an http:// URI whose authority is literal, a request
// goes to the backend through upstream.Client.Exchange, rendered straight
// from the request.Request: no http.Request, url.URL or http.Header per
// request. It sends the bytes the http.Request path sends and answers as
// that path answers (the differential tests hold them together); what it
// cannot render exactly as url.Parse and the raw path would (a fragment, a
// control byte, a path byte url would escape, a bad escape) or upstream
// will not send raw goes the http.Request way.

// directURI is an HTTP proxy URI split at load for the direct path.
type directURI struct {
	host string      // the authority, as http.NewRequest sets Request.Host for it
	path uriTemplate // the rest: path and query
}

// splitDirect splits t, an http:// URI template whose authority is all
// literal, into the host and the template of the rest; false when t is
// not one (https, a stage variable or parameter in the authority,
// userinfo, a fragment) or http.NewRequest would refuse the authority.
func splitDirect(t uriTemplate) (directURI, bool) {
	if len(t.parts) == 0 {
		return directURI{}, false
	}
	rest, ok := strings.CutPrefix(t.parts[0].literal, "http://")
	end := strings.IndexAny(rest, "/?#")
	if end < 0 && len(t.parts) == 1 {
		end = len(rest)
	}
	if !ok || end <= 0 || strings.HasPrefix(rest[end:], "#") || strings.Contains(rest[:end], "@") {
		return directURI{}, false
	}
	r, err := http.NewRequest(http.MethodGet, "http://"+rest[:end]+"/", nil)
	if err != nil || r.URL.Host != r.Host || r.Host == "" {
		return directURI{}, false
	}
	path := uriTemplate{parts: slices.Clone(t.parts), hasQuery: t.hasQuery}
	path.parts[0].literal = rest[end:]
	return directURI{host: r.Host, path: path}, true
}

// target is the request-target the http.Request path sends for req (its
// URL's RequestURI), and true; false when that is not the rendered text
// as is. An error is render's (ErrDotSegment).
func (d *directURI) target(req *request.Request) (string, bool, error) {
	var scratch [256]byte
	b, err := d.path.appendTo(scratch[:0], req)
	if err != nil || !plainTarget(b) {
		return "", false, err
	}
	if len(b) == 0 || b[0] == '?' {
		return "/" + string(b), true, nil
	}
	return string(b), true, nil
}

// plainTarget reports whether url.Parse and RequestURI give b back as is:
// no control byte (url.Parse refuses them), no fragment, and a path (up
// to the first '?') of bytes EscapedPath keeps, its escapes valid.
func plainTarget(b []byte) bool {
	inPath := true
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c < ' ' || c == 0x7f || c == '#':
			return false
		case c == '?':
			inPath = false
		case !inPath:
		case c == '%':
			if i+2 >= len(b) || !isHex(b[i+1]) || !isHex(b[i+2]) {
				return false
			}
		case !pathByte(c):
			return false
		}
	}
	return true
}

// pathByte reports whether url's EscapedPath writes c unescaped.
func pathByte(c byte) bool {
	return shouldKeep(c) || c == '/' || c == '[' || c == ']'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// serveDirect is Serve on the direct path; taken is false, with nothing
// sent, when the request is for the http.Request path.
func (h *httpProxy) serveDirect(ctx context.Context, req *request.Request, deadline time.Time) (resp *Response, taken bool, err error) {
	target, ok, err := h.direct.target(req)
	if err != nil || !ok {
		return nil, err != nil, err
	}
	var scratch [24]upstream.Field
	out := upstream.Request{
		Method: h.method, Host: h.direct.host, Target: target, Header: backendFields(scratch[:0], req),
		Body: req.Body, MaxBody: maxResponseBytes,
	}
	if out.Method == "" {
		out.Method = req.Method
	}
	answer, err := h.client.Exchange(ctx, &out, deadline, errIntegrationDeadline)
	switch {
	case errors.Is(err, upstream.ErrNotRaw):
		return nil, false, nil
	case err != nil:
		return nil, true, classify(ctx, err, ErrFailure)
	}
	if err := checkStatus(answer.StatusCode); err != nil {
		return nil, true, err
	}
	return &Response{StatusCode: answer.StatusCode, Headers: relayedHeaders(answer.Header), Body: answer.Body}, true, nil
}

// backendFields appends to dst the headers requestHeaders gives, as
// fields in the order the raw path writes that map: sorted by name, a
// name's values in order.
func backendFields(dst []upstream.Field, req *request.Request) []upstream.Field {
	connection := connectionTokens(req.Headers)
	agent := false
	for _, f := range req.Headers {
		if name := http.CanonicalHeaderKey(f.Name); forwarded(name, f, connection) {
			agent = agent || name == headerUserAgent
			dst = append(dst, upstream.Field{Name: name, Value: f.Value})
		}
	}
	values := backendValues(req)
	for _, i := range backendOrder {
		switch {
		case i >= 0:
			dst = append(dst, upstream.Field{Name: backendNames[i], Value: values[i]})
		case !agent:
			dst = append(dst, upstream.Field{Name: headerUserAgent}) // no Go default User-Agent
		}
	}
	upstream.SortFields(dst)
	return dst
}

// backendOrder is the order backendFields appends the fields it adds in:
// by name, so that the sort moves only the client's among them (their
// names differ from one another, so the order among equal names stays).
// An index into backendNames, or -1 for User-Agent.
var backendOrder = func() []int {
	order := []int{-1}
	for i := range backendNames {
		order = append(order, i)
	}
	name := func(i int) string {
		if i < 0 {
			return headerUserAgent
		}
		return backendNames[i]
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(name(a), name(b)) })
	return order
}()

// relayedHeaders are a backend's fields as responseHeaders gives a
// response's header: upstream has them sorted by canonical name, a
// name's values in order; remapHeaders renames the hop-by-hop ones.
func relayedHeaders(fields []upstream.Field) []request.Field {
	out := make([]request.Field, len(fields))
	for i, f := range fields {
		out[i] = request.Field(f)
	}
	return remapHeaders(out)
}
