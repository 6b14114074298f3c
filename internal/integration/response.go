package integration

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// Keys of a Lambda proxy response (L-2) besides those the event shares;
// payload 1.0 also takes base64Encoded, payload 2.0 cookies.
const (
	keyStatusCode    = "statusCode"
	keyCookies       = "cookies"
	keyBase64Encoded = "base64Encoded"
)

// Header names the integrations read or set.
const (
	headerContentType = "Content-Type"
	headerSetCookie   = "Set-Cookie"
	headerAccept      = "Accept"
	contentTypeJSON   = "application/json"
)

// Status codes an integration may answer with: final statuses only. A 1xx
// written to the client is an interim response, and the next answer on
// the connection would be taken for this request's (BAD-1).
const (
	minStatus     = 200
	maxStatus     = 599
	defaultStatus = 200
)

// proxyResponse is a function's structured response as read, before the
// headers are merged and the body decoded. Its strings share memory with
// the function's output, which belongs to the integration once Invoke
// returns.
type proxyResponse struct {
	statusKey bool // the statusCode key was present
	status    int  // 0 when absent or null: 200 (L-2)
	headers   []request.Field
	multi     []multiHeader
	cookies   []string
	body      []byte
	base64    optionalBool // isBase64Encoded
	// base64Key is the base64Encoded key, which wins over isBase64Encoded
	// (payload 1.0; L-2, UNCONFIRMED).
	base64Key optionalBool
}

// optionalBool is a JSON boolean that may be absent (or null).
type optionalBool struct{ set, value bool }

type multiHeader struct {
	name   string
	values []string
}

// member reads the value of one top-level key. lenient (payload 2.0)
// skips unknown keys; payload 1.0 refuses them (L-2).
func (p *proxyResponse) member(r *jsonReader, key []byte, lenient bool) error {
	switch string(key) {
	case keyStatusCode:
		return p.readStatus(r)
	case keyHeaders:
		return p.readHeaders(r)
	case keyMultiValueHeaders:
		return p.readMulti(r)
	case keyBody:
		return p.readBody(r)
	case keyIsBase64Encoded:
		return readOptionalBool(r, &p.base64)
	case keyBase64Encoded:
		if !lenient {
			return readOptionalBool(r, &p.base64Key)
		}
	case keyCookies:
		if lenient {
			return p.readCookies(r)
		}
	}
	if lenient {
		return r.skip(0)
	}
	return fmt.Errorf("key %q is not allowed", key)
}

// readStatus reads a number or a numeric string (L-2) in [200, 599]: any
// other status is malformed output (BAD-1).
func (p *proxyResponse) readStatus(r *jsonReader) error {
	p.statusKey, p.status = true, 0
	if r.null() {
		return nil
	}
	var text []byte
	var err error
	if r.ws() == '"' {
		text, err = r.str()
	} else {
		var integer bool
		if text, integer, err = r.number(); err == nil && !integer {
			return fmt.Errorf("statusCode %s is not an integer", text)
		}
	}
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(string(text))
	if err != nil || n < minStatus || n > maxStatus || text[0] == '+' {
		return fmt.Errorf("statusCode %q is not a status code", text)
	}
	p.status = n
	return nil
}

// headerValue reads a header value: a string, or a boolean or number
// written as text (L-2).
func headerValue(r *jsonReader) (string, error) {
	switch c := r.ws(); {
	case c == '"':
		s, err := r.str()
		return bytesString(s), err
	case c == 't' || c == 'f':
		v, err := r.boolean()
		return strconv.FormatBool(v), err
	case isNumberStart(c):
		text, _, err := r.number()
		return bytesString(text), err
	}
	return "", fmt.Errorf("header value is not a string")
}

// readHeaders reads "headers"; a repeated name keeps its last value.
func (p *proxyResponse) readHeaders(r *jsonReader) error {
	p.headers = p.headers[:0]
	if r.null() {
		return nil
	}
	if p.headers == nil {
		p.headers = make([]request.Field, 0, 4)
	}
	return r.object(func(key []byte) error {
		if !request.ValidHeaderName(key) {
			return fmt.Errorf("header name %q is not an HTTP token", key)
		}
		v, err := headerValue(r)
		if err != nil {
			return err
		}
		p.setHeader(bytesString(key), v)
		return nil
	})
}

func (p *proxyResponse) setHeader(name, value string) {
	for i := range p.headers {
		if p.headers[i].Name == name {
			p.headers[i].Value = value
			return
		}
	}
	p.headers = append(p.headers, request.Field{Name: name, Value: value})
}

// readMulti reads "multiValueHeaders"; a repeated name keeps its last list.
func (p *proxyResponse) readMulti(r *jsonReader) error {
	p.multi = p.multi[:0]
	if r.null() {
		return nil
	}
	return r.object(func(key []byte) error {
		if !request.ValidHeaderName(key) {
			return fmt.Errorf("header name %q is not an HTTP token", key)
		}
		h := multiHeader{name: bytesString(key)}
		if !r.null() {
			err := r.array(func() error {
				v, err := headerValue(r)
				h.values = append(h.values, v)
				return err
			})
			if err != nil {
				return err
			}
		}
		p.setMulti(h)
		return nil
	})
}

func (p *proxyResponse) setMulti(h multiHeader) {
	for i := range p.multi {
		if p.multi[i].name == h.name {
			p.multi[i] = h
			return
		}
	}
	p.multi = append(p.multi, h)
}

// readBody reads a string, or a number sent as its JSON text (L-2,
// UNCONFIRMED: AWS appears to accept "body": 42 and send 42).
func (p *proxyResponse) readBody(r *jsonReader) error {
	p.body = nil
	if r.null() {
		return nil
	}
	var err error
	if isNumberStart(r.ws()) {
		p.body, _, err = r.number()
	} else {
		p.body, err = r.str()
	}
	return err
}

// readOptionalBool reads a boolean into dst; null is the same as absent.
func readOptionalBool(r *jsonReader, dst *optionalBool) error {
	*dst = optionalBool{}
	if r.null() {
		return nil
	}
	v, err := r.boolean()
	*dst = optionalBool{set: true, value: v}
	return err
}

// isBase64 reports whether the body is base64 text: base64Encoded when
// the function set it, isBase64Encoded otherwise (L-2).
func (p *proxyResponse) isBase64() bool {
	if p.base64Key.set {
		return p.base64Key.value
	}
	return p.base64.value
}

// isNumberStart reports whether a JSON value starting with c is a number.
func isNumberStart(c byte) bool { return c == '-' || (c >= '0' && c <= '9') }

// readCookies reads payload 2.0's cookies, each a Set-Cookie header.
func (p *proxyResponse) readCookies(r *jsonReader) error {
	p.cookies = p.cookies[:0]
	if r.null() {
		return nil
	}
	return r.array(func() error {
		s, err := r.str()
		p.cookies = append(p.cookies, bytesString(s))
		return err
	})
}

// response merges the headers (L-2: multiValueHeaders first, then each
// headers value not already listed for its name), adds the default
// Content-Type and renames the headers API Gateway does not pass (L-4,
// BAD-1); the body is left as the function wrote it.
func (p *proxyResponse) response() *Response {
	resp := &Response{StatusCode: p.status, Headers: remapHeaders(p.mergedHeaders()), Body: p.body}
	if resp.StatusCode == 0 {
		resp.StatusCode = defaultStatus
	}
	return resp
}

// decodeBase64Body replaces resp.Body with its base64 decoding.
func decodeBase64Body(resp *Response) error {
	body, err := base64.StdEncoding.AppendDecode(nil, resp.Body)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBase64Body, err)
	}
	resp.Body = body
	return nil
}

func (p *proxyResponse) mergedHeaders() []request.Field {
	n := len(p.headers) + len(p.cookies) + 1
	for _, m := range p.multi {
		n += len(m.values)
	}
	out := make([]request.Field, 0, n)
	for _, m := range p.multi {
		for _, v := range m.values {
			out = append(out, request.Field{Name: m.name, Value: v})
		}
	}
	for _, h := range p.headers {
		if !p.inMulti(h) {
			out = append(out, h)
		}
	}
	for _, c := range p.cookies {
		out = append(out, request.Field{Name: headerSetCookie, Value: c})
	}
	return withDefaultContentType(out)
}

// inMulti reports whether multiValueHeaders already lists h's value for
// its name.
func (p *proxyResponse) inMulti(h request.Field) bool {
	for _, m := range p.multi {
		if m.name != h.Name {
			continue
		}
		for _, v := range m.values {
			if v == h.Value {
				return true
			}
		}
	}
	return false
}

// withDefaultContentType adds Content-Type: application/json unless the
// headers name a content type (L-2).
func withDefaultContentType(h []request.Field) []request.Field {
	if _, ok := fieldValue(h, headerContentType); ok {
		return h
	}
	return append(h, request.Field{Name: headerContentType, Value: contentTypeJSON})
}

// fieldValue returns the first value of the header named name (any case).
func fieldValue(h []request.Field, name string) (string, bool) {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}
