package integration

import (
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// Request headers API Gateway sets itself on what reaches the integration
// (L-1, L-4, L-5).
const (
	headerAuthorization = "Authorization"
	headerAPIID         = "X-Amzn-Apigateway-Api-Id"
	headerTraceID       = request.HeaderTraceID
)

// droppedHeaders never reach a function or a backend: those API Gateway
// drops (L-6, L-7), the other hop-by-hop ones (L-7: UNCONFIRMED, dropped
// as recommended), and those API Gateway writes itself (L-5), whose
// client values it replaces.
var droppedHeaders = newFoldSet(append([]string{
	"Connection", "Content-Length", "Content-MD5", "Expect", "Keep-Alive", "Max-Forwards",
	"Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "Server", "TE", "Trailer",
	"Transfer-Encoding", "Upgrade", "WWW-Authenticate",
}, request.AddedHeaders[:]...)...)

// backendDroppedHeaders are dropped before an HTTP backend on top of
// droppedHeaders (L-4, L-7): the client's Host (the backend gets its own)
// and the API id header API Gateway writes itself.
var backendDroppedHeaders = newFoldSet("Content-Encoding", "Host", headerAPIID)

// isDropped reports whether name (any casing) is droppedHeaders'.
func isDropped(name string) bool { return droppedHeaders.has(name) }

// foldSet is a set of header names matched without regard to case, held
// by length so a lookup compares only names as long as the one sought.
type foldSet [maxFoldLen + 1][]string

// maxFoldLen is the longest name a foldSet holds.
const maxFoldLen = 32

func newFoldSet(names ...string) *foldSet {
	var s foldSet
	for _, n := range names {
		s[len(n)] = append(s[len(n)], n)
	}
	return &s
}

func (s *foldSet) has(name string) bool {
	if len(name) > maxFoldLen {
		return false
	}
	for _, n := range s[len(name)] {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// eventHeaderName is the name a client header has in the Lambda proxy
// event: Authorization whatever its casing, others as sent (L-1).
func eventHeaderName(name string) string {
	if len(name) == len(headerAuthorization) && strings.EqualFold(name, headerAuthorization) {
		return headerAuthorization
	}
	return name
}

// addedHeaders are the headers API Gateway adds to what a function or a
// backend receives (L-4, L-5), in the order the event lists them.
var addedHeaders = request.AddedHeaders
