package upstream

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/apigw/apigw/internal/httphead"
)

// maxInlineBody is the largest request body the raw path sends; it is
// copied into the request buffer so that the request goes out in one
// write and can be written again on a retry. Larger bodies go to the
// fallback Transport, which streams them.
const maxInlineBody = 64 << 10

// pooledBufferCap is the largest request buffer kept in bufferPool; a
// request that needs more gets a buffer of its own, left to the GC.
const pooledBufferCap = 16 << 10

// defaultUserAgent is what Transport sends when a request has no
// User-Agent header.
const defaultUserAgent = "Go-http-client/1.1"

// bufferPool holds request buffers. A buffer belongs to one RoundTrip
// from get to free and is never referenced after.
var bufferPool = sync.Pool{New: func() any {
	b := make([]byte, 0, 4096)
	return &b
}}

// wire is a request as bytes: head and body, ready for one Write.
type wire struct {
	buf *[]byte
}

func (w wire) bytes() []byte { return *w.buf }

// free gives the buffer back to the pool; w is unusable after.
func (w wire) free() {
	if cap(*w.buf) <= pooledBufferCap {
		*w.buf = (*w.buf)[:0]
		bufferPool.Put(w.buf)
	}
}

// errBodyLength is a request body shorter or longer than its
// ContentLength, which Transport refuses too.
var errBodyLength = errors.New("upstream: request body length differs from ContentLength")

// rawOK reports whether the raw path can write req exactly as Transport
// would. Everything it refuses goes to the fallback, which sends it or
// gives Transport's error for it.
func rawOK(req *http.Request) bool {
	u := req.URL
	if u == nil || u.Scheme != "http" || u.Host == "" || req.Header == nil {
		return false
	}
	if req.Cancel != nil || len(req.TransferEncoding) > 0 || len(req.Trailer) > 0 {
		return false
	}
	if req.Body == nil && req.ContentLength != 0 {
		return false // Transport refuses it
	}
	if n := outgoingLength(req); n < 0 || n > maxInlineBody {
		return false
	}
	if m := req.Method; m == http.MethodConnect || (m != "" && !httphead.IsToken(m)) {
		return false
	}
	if !plainHost(u.Host) || !plainHost(req.Host) || !validHeaders(req.Header) {
		return false
	}
	return httptrace.ContextClientTrace(req.Context()) == nil
}

// outgoingLength is the body length Transport writes: 0 with no body, -1
// when unknown (Transport would send it chunked).
func outgoingLength(req *http.Request) int64 {
	if req.Body == nil || req.Body == http.NoBody {
		return 0
	}
	if req.ContentLength != 0 {
		return req.ContentLength
	}
	return -1
}

// plainHost reports whether h is an ASCII host[:port] that Transport
// writes unchanged (no IDNA conversion, no IPv6 zone to remove, nothing
// it would blank).
func plainHost(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !isAlnum(c) && !strings.ContainsRune("-._:[]", rune(c)) {
			return false
		}
	}
	return true
}

// validHeaders is Transport's check of outgoing header fields.
func validHeaders(h http.Header) bool {
	for k, vv := range h {
		if !httphead.IsToken(k) {
			return false
		}
		for _, v := range vv {
			if !httphead.ValidValue(v) {
				return false
			}
		}
	}
	return true
}

// build writes req into a pooled buffer: request line, Host, User-Agent,
// Connection, Content-Length, the other headers sorted, body. It reads
// and closes req.Body unless it returns ErrNotRaw, as it does for a
// request found unfit for the raw path only once its URI is built (a
// control byte, which Transport refuses).
func build(req *http.Request) (wire, error) {
	uri := req.URL.RequestURI()
	if !httphead.ValidValue(uri) || strings.ContainsRune(uri, '\t') {
		return wire{}, ErrNotRaw
	}
	w := wire{buf: bufferPool.Get().(*[]byte)}
	b := appendHead((*w.buf)[:0], req, uri)
	b, err := appendBody(b, req)
	*w.buf = b
	if err != nil {
		w.free()
		return wire{}, err
	}
	return w, nil
}

// appendHead appends the request line and header block.
func appendHead(b []byte, req *http.Request, uri string) []byte {
	method := valueOr(req.Method, http.MethodGet)
	b = appendStart(b, method, uri, valueOr(req.Host, req.URL.Host))
	ua, present := req.Header["User-Agent"]
	b = appendUserAgent(b, firstOf(ua), present)
	if req.Close && !hasToken(headerGet(req.Header, "Connection"), "close") {
		b = append(b, "Connection: close\r\n"...)
	}
	b = appendLength(b, method, outgoingLength(req))
	b = appendHeaders(b, req.Header)
	return append(b, "\r\n"...)
}

// appendStart appends the request line and the Host field.
func appendStart(b []byte, method, uri, host string) []byte {
	b = append(b, method...)
	b = append(b, ' ')
	b = append(b, uri...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, host...)
	return append(b, "\r\n"...)
}

// appendUserAgent appends the User-Agent field as Transport writes it:
// ua trimmed, Go's default when the request has none (present false),
// no field when ua is empty.
func appendUserAgent(b []byte, ua string, present bool) []byte {
	if !present {
		ua = defaultUserAgent
	}
	if ua = trim(ua); ua != "" {
		b = appendField(b, "User-Agent", ua)
	}
	return b
}

// appendLength appends the Content-Length field Transport writes for a
// body of known length n, if any.
func appendLength(b []byte, method string, n int64) []byte {
	if !sendsContentLength(method, n) {
		return b
	}
	b = append(b, "Content-Length: "...)
	b = strconv.AppendInt(b, n, 10)
	return append(b, "\r\n"...)
}

// sendsContentLength is Transport's rule for a body of known length n.
func sendsContentLength(method string, n int64) bool {
	if n > 0 {
		return true
	}
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

// excluded reports whether appendHead writes the header named key itself
// or never writes it, matched by exact key as Transport does.
func excluded(key string) bool {
	switch key {
	case "Host", "User-Agent", "Content-Length", "Transfer-Encoding", "Trailer":
		return true
	}
	return false
}

// appendHeaders appends h sorted by key, each value trimmed.
func appendHeaders(b []byte, h http.Header) []byte {
	var scratch [32]string
	keys := scratch[:0]
	for k := range h {
		if !excluded(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			b = appendField(b, k, trim(v))
		}
	}
	return b
}

func appendField(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, ": "...)
	b = append(b, value...)
	return append(b, "\r\n"...)
}

// appendBody appends exactly ContentLength bytes of req.Body and closes
// it; a body of another length is errBodyLength, as with Transport.
func appendBody(b []byte, req *http.Request) ([]byte, error) {
	n := outgoingLength(req)
	if req.Body == nil {
		return b, nil
	}
	defer req.Body.Close()
	if n == 0 {
		return b, nil
	}
	b = slices.Grow(b, int(n))
	start := len(b)
	b = b[:start+int(n)]
	if got, err := io.ReadFull(req.Body, b[start:]); err != nil {
		return b, fmt.Errorf("%w: ContentLength=%d, read %d: %w", errBodyLength, n, got, err)
	}
	var extra [1]byte
	if got, _ := req.Body.Read(extra[:]); got > 0 {
		return b, fmt.Errorf("%w: ContentLength=%d with a longer body", errBodyLength, n)
	}
	return b, nil
}

// replayable is Transport's rule for retrying a request that may have
// reached the server: idempotent by method or by an idempotency key, with
// a body that can be sent again.
func replayable(req *http.Request) bool {
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return false
	}
	switch valueOr(req.Method, http.MethodGet) {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	_, key := req.Header["Idempotency-Key"]
	_, xkey := req.Header["X-Idempotency-Key"]
	return key || xkey
}

// wantsClose reports whether the request asks for its connection to be
// closed after the response.
func wantsClose(req *http.Request) bool {
	return req.Close || hasToken(headerGet(req.Header, "Connection"), "close")
}

// headerGet is h[key][0] by exact key, or "".
func headerGet(h http.Header, key string) string { return firstOf(h[key]) }

// firstOf is vv[0], or "" when vv is empty.
func firstOf(vv []string) string {
	if len(vv) > 0 {
		return vv[0]
	}
	return ""
}

// hasToken reports whether the comma-separated list v holds token,
// ignoring case and surrounding space.
func hasToken(v, token string) bool {
	for v != "" {
		part, rest, _ := strings.Cut(v, ",")
		if strings.EqualFold(trim(part), token) {
			return true
		}
		v = rest
	}
	return false
}

func valueOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// trim removes leading and trailing ASCII space, tab, CR and LF, as
// Transport does to header values (strings.Trim with that cut set, which
// builds the set on every call: this runs for every header sent).
func trim(s string) string {
	for len(s) > 0 && isLineSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isLineSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isLineSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
