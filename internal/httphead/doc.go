// Package httphead holds the syntax of HTTP/1.1 message heads that apigw's
// hand-written readers share: which bytes make a token and a field value,
// lines ended by CRLF, case-insensitive comparison of ASCII names and
// tokens, and the trailer section after a chunked body. The runtime API's
// request reader (runtimeapi), the upstream client's response reader
// (upstream) and the request model's header checks (request) read heads
// with it, each taking only the plain heads it knows and leaving the rest
// to net/http; these functions therefore answer as net/http's readers
// would for the bytes they accept.
//
// Nothing here allocates except ReadTrailer, which parses a trailer with
// net/textproto and keeps none of it.
package httphead
