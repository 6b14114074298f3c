// Package gateway is apigw's HTTP front end and request pipeline: it
// refuses paths no route may see (BAD-3), matches the route, checks the
// API's resource policy, runs the method's authorizer (combining the two
// by DG-FLOW table A), calls the integration and writes the response, in
// the order of PIPE-1. It is the one place where errors become responses.
//
// One path string (router.RequestPath, without the stage) is the event's
// path, the backend's and, decoded, the method ARN's (spec section 11): so
// a policy is evaluated against what is served and forwarded. One IAM
// request context per request (conditions, in resourcepolicy.go) serves the
// Conditions of the resource policy and of the authorizer's policy alike.
//
// Gateway responses (response*.go) are resolved once per API when it is
// loaded: every type of G-1 gets its status, x-amzn-ErrorType, default
// message, header mappings and a body template split into literal and
// variable parts, after DEFAULT_4XX / DEFAULT_5XX inheritance (G-3). On the
// request path rendering only substitutes values; the uncustomised
// responses are rendered ahead of time and cost no allocation.
//
// A Server serves one Gateway at a time; Swap (hot reload of the template)
// hands every later request to a new one while the old one answers the
// requests it has in flight, and reports when it has.
//
// Invariants:
//   - An error answer is always a gateway response: Content-Type,
//     x-amzn-ErrorType (G-6), and a body byte-for-byte as AWS writes it
//     ({"message":"Missing Authentication Token"}, {"message":null},
//     {"Message":"User is not authorized to access this resource"}).
//   - Every response, success or error, carries x-amzn-RequestId and
//     x-amz-apigw-id; an HTTP API's carries apigw-requestid instead, and its
//     errors are {"message":"<status text>"} without x-amzn-ErrorType (V-7;
//     httpapi.go holds every HTTP API difference: "//" collapsed before
//     routing, the $default stage without a stage segment, V-11).
//   - An HTTP API with a CORS configuration answers a preflight no route
//     takes (204) and puts its CORS headers on every response to an
//     allowed Origin, errors included, never the integration's (cors.go).
//   - The package reaches authorizers and integrations through small
//     interfaces it declares (Authorizer, Integration), built by factories
//     in Config that package cli fills; it builds no concrete part itself.
//   - An authorizer of any kind answers with a Verdict: its decision as
//     data (allow, or the response and message to send) with the principal,
//     context, latency and explanation. The gateway renders a deny from the
//     Verdict; it never infers one from an error. The zero Verdict denies.
//   - Any failure on the way to an integration ends the request with a
//     response; nothing fails open.
//   - A route that needs what apigw cannot do yet (an api.Gap, found by
//     api.RouteGap at load) is routed and fails at that stage as AWS does
//     when it fails there (unsupported.go): 500 AUTHORIZER_CONFIGURATION_ERROR
//     for its authorizer, never skipped; 500 API_CONFIGURATION_ERROR for its
//     integration, after its authorizer ran. Both carry x-apigw-unsupported
//     and log what is missing and where; no factory is asked for the
//     missing part. Config.DisableAuthorizer (--disable-authorizer) is the
//     one fail-open, on request: no authorizer runs, and each request's
//     log line says so.
//   - Each answered request is one record.Record (record.go), filled from
//     the exchange without copying strings or rendering the explanation,
//     handed to Config.Recorder (history, metrics, access logs) and then
//     rendered as the request's log line: the line and every reader show
//     the same facts. The gateway owns the Record; a Recorder keeps a copy.
//   - A request's strings that outlive it (its header block, query, path,
//     request ids and method ARN, which records and explanations keep)
//     are carved from one buffer of its own (requestStrings), written
//     once and never reused. The answer's headers are copied into memory
//     the caller owns (the front end's, pooled), where the gateway adds
//     its own: a gateway response rendered ahead of time or an
//     integration's headers are never written into.
//   - No client can stop the front end or make it hold unbounded memory
//     (BAD-4, BAD-5): accept failures for want of descriptors back off and
//     retry (listener.go), connections beyond Limits.MaxConnections are
//     closed at once, and each body is read once, into a buffer its
//     request owns, bodies over 64 KB only within Limits.BodyBytes (body.go).
package gateway
