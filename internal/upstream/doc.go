// Package upstream is the gateway's HTTP/1.1 client for HTTP-proxy
// backends: an http.RoundTripper that does the work of a plain http://
// request on the caller's goroutine.
//
// Why it exists: net/http's Transport runs two goroutines per connection
// (persistConn's readLoop and writeLoop) and hands every request and every
// response across channels between them and the caller. For a gateway
// that relays many small requests to a local backend, those hops and
// selects cost about a third of the CPU. Client writes the request with
// one buffered write and reads the response with http.ReadResponse, both
// on the goroutine that called RoundTrip, and keeps idle connections in a
// per-host LIFO pool; no goroutine is started per request or connection.
//
// What a backend receives is what Transport would send for the same
// request, byte for byte: request line with URL.RequestURI(), Host (the
// request's Host, else the URL's), User-Agent (Go's default when absent,
// none when present and empty), Connection: close when the request asks
// to close, Content-Length as Transport decides it (0 for POST, PUT and
// PATCH without a body, none for GET), the other headers sorted by name,
// then the body. Responses are read as Transport reads them: informational
// 1xx responses skipped (at most 5, a bound Transport does not have), 101
// returned with a body that is the connection, all response heads
// together bounded to the fallback's MaxResponseHeaderBytes (10 MB by
// default).
//
// Everything else goes to the fallback *http.Transport the Client was
// built with: https URLs, URLs a proxy serves (the fallback's Proxy, in
// the gateway http.ProxyFromEnvironment), requests whose body length is
// unknown (Transport would send them chunked) or over 64 KB (maxInlineBody),
// requests with a Transfer-Encoding, trailers, a legacy Cancel channel or
// an httptrace.ClientTrace, a host Transport would rewrite (IDNA, an IPv6
// zone), and any request Transport would refuse (invalid method, header
// or URI, a ContentLength with no body): Transport then gives its own
// error.
//
// Connections: a stale keep-alive connection (the backend closed it while
// idle, as Node's server does after 5 s) is found with a non-blocking peek
// at checkout on Linux and discarded. A reused connection that fails
// before any response byte is read is retried once on a new connection
// when Transport would retry: nothing was written, or the request is
// replayable (GET, HEAD, OPTIONS, TRACE, or an Idempotency-Key or
// X-Idempotency-Key header, with a body that can be rewound).
//
// Deadlines and cancellation: context.AfterFunc interrupts blocked I/O
// when the request context is done (cancelled, or at its deadline); no
// deadline is set on the connection per request. Errors then wrap the
// context's error, so they satisfy errors.Is(err, context.DeadlineExceeded)
// or context.Canceled and are only returned once the context is done.
// RoundTripWithin bounds an exchange by a deadline of its own as well,
// without a derived context per request: a timer made once per connection,
// reset for each exchange, interrupts the I/O at the deadline, and the
// error is context.DeadlineExceeded and the caller's cause.
//
// Exchange is the same client for a caller that has already rendered its
// request (method, host, target, header fields in wire order, body in
// memory) and wants the whole response back as status, fields and body:
// no http.Request, url.URL, http.Header or http.Response per request. It
// writes the bytes RoundTrip writes for the equivalent http.Request (the
// same appendHead pieces) and takes the same connections, deadline,
// cancellation, liveness peek, retry rule and errors (sendTo). A plain
// response head (head.go: HTTP/1.1 or 1.0, a final status, one
// Content-Length or chunked) is read by a purpose-built reader into
// sorted fields; anything else goes to http.ReadResponse exactly as for
// RoundTrip, and the result is the same either way (FuzzHead). Requests
// RoundTrip would leave to the fallback are ErrNotRaw, sent by the caller
// as an http.Request.
//
// Memory: each connection has a small fixed record (and, once it served
// RoundTripWithin, its timer) while idle; the bufio.Reader used to read a
// response comes from a package pool when the request is sent and goes back to it when the body has been read to EOF
// on a connection that is kept (never while the caller may still read
// from it). Request bytes are built in a pooled buffer that the Client
// owns for the duration of RoundTrip or Exchange only. The caller owns the
// returned Response and must read its Body to EOF or Close it, as with
// Transport; Exchange's Response is the caller's outright (its fields
// share one string, its body is its own slice), and Exchange keeps nothing
// of the Request it was given. The Client keeps, per host Exchange was
// asked for, its pool key and proxy answer, for its lifetime.
package upstream
