package request

import (
	"strconv"
	"strings"
)

// Headers API Gateway sets itself on what an authorizer, a function or a
// backend receives (L-5, V-2), replacing any the client sent.
const (
	HeaderForwardedFor   = "X-Forwarded-For"
	HeaderForwardedPort  = "X-Forwarded-Port"
	HeaderForwardedProto = "X-Forwarded-Proto"
)

// forwardedProto is X-Forwarded-Proto: apigw serves plain HTTP only (L-5:
// locally the faithful value is the client-facing scheme).
const forwardedProto = "http"

// defaultPort is X-Forwarded-Port when the request does not know the port
// it came in on: the default port of forwardedProto.
const defaultPort = 80

// AddedHeaders are the headers API Gateway adds, in the order the Lambda
// proxy event lists them (L-5).
var AddedHeaders = [...]string{HeaderForwardedFor, HeaderForwardedPort, HeaderForwardedProto, HeaderTraceID}

// AppendAddedValue appends to b the value API Gateway gives the added
// header name (one of AddedHeaders) for r: the one place that decides it,
// for authorizer events, Lambda proxy events and HTTP backends alike.
func (r *Request) AppendAddedValue(b []byte, name string) []byte {
	switch name {
	case HeaderForwardedFor:
		return r.appendForwardedFor(b)
	case HeaderForwardedPort:
		port := r.ServerPort
		if port <= 0 {
			port = defaultPort
		}
		return strconv.AppendInt(b, int64(port), 10)
	case HeaderForwardedProto:
		return append(b, forwardedProto...)
	}
	return r.appendTraceID(b)
}

// appendForwardedFor appends X-Forwarded-For's value: the client's own
// values, if it sent any, then the address it connected from, as a proxy
// appends (L-5: UNCONFIRMED, recommended). A value that could not travel
// in a header line is left out.
func (r *Request) appendForwardedFor(b []byte) []byte {
	start := len(b)
	for _, f := range r.Headers {
		if strings.EqualFold(f.Name, HeaderForwardedFor) && strings.TrimSpace(f.Value) != "" && ValidHeaderValue(f.Value) {
			b = append(append(b, f.Value...), ", "...)
		}
	}
	if r.SourceIP == "" && len(b) > start {
		return b[:len(b)-len(", ")]
	}
	return append(b, r.SourceIP...)
}
