// Package integration runs a route's backend once the gateway has matched
// and authorized a request: a Lambda proxy (payload 1.0, L-1/L-2; payload
// 2.0, V-8), an HTTP proxy (L-4) or a mock. It builds what the backend
// receives, calls it, and turns what comes back into a Response.
//
// What reaches the integration is what AWS was recorded sending, not the
// client's request unchanged (eventheaders.go): Authorization under that
// name whatever its casing (L-1); Content-Length, the L-7 list and the
// other hop-by-hop headers dropped (L-6, L-7; HTTP backends also lose
// Content-Encoding and the client's Host); X-Forwarded-For/-Port/-Proto and
// X-Amzn-Trace-Id added (L-5), plus X-Amzn-Apigateway-Api-Id for HTTP
// backends (L-4). The trace id is the request's (request.TraceID), and a
// payload 1.0 Lambda proxy response carries the same value (L-8).
//
// An HTTP proxy with upstream's Client as its transport and an http:// URI
// whose authority is literal renders each request straight into
// upstream.Client.Exchange (httpdirect.go): the same bytes on the wire and
// the same answer as the http.Request path, which stays for other
// transports, parameter mappings and what the direct path cannot render
// exactly.
//
// An HTTP API's integrations may carry a parameter mapping (package
// mapping, parsed in New): RequestParameters change an HTTP proxy's
// backend request once it is built (httpapiproxy.go), ResponseParameters
// the status and headers of any integration's response. A mapped path
// with a "." or ".." segment is ErrDotSegment; a mapped status outside
// 200-599 is ErrMalformedResponse.
//
// Invariants:
//   - All fallible configuration work (resolving the function, parsing the
//     HTTP-proxy URI template, building the mock response) happens in New;
//     Serve only fails for reasons that belong to this request.
//   - Serve never writes to the client. Every failure is an error that wraps
//     exactly one of the sentinels below, and the gateway alone turns it into
//     a response:
//     ErrFunction and ErrMalformedResponse: 502 {"message":"Internal server
//     error"}, InternalServerErrorException (L-3); ErrBase64Body: 500 (L-2);
//     ErrTimeout: INTEGRATION_TIMEOUT (G-1, 504; L-3); ErrFailure:
//     INTEGRATION_FAILURE (G-1, 504). L-3's 500 is for API Gateway lacking
//     permission to invoke a function, which cannot happen locally; an
//     unreachable backend or an invoker that could not run the function is
//     an integration failure. ErrDotSegment: 400 Bad Request (an HTTP
//     backend is never sent a path parameter holding "." or "..").
//   - A function error stays reachable with errors.As(*event.FunctionError).
//   - A parsed Lambda response never carries a status the function did not
//     ask for: 200 only when statusCode is absent (L-2).
//   - No Response has a status outside 200-599 (a 1xx would desynchronise
//     the client's connection; BAD-1), and none carries a hop-by-hop or
//     framing header under its own name: remapHeaders renames them
//     x-amzn-Remapped-<name> for every integration (L-4, BAD-1).
//   - A Lambda proxy body marked base64 is decoded only when the request's
//     first Accept type is a binary media type of the API (L-2).
//   - Response values are read-only for the caller; Body may share memory
//     with the function's payload.
package integration
