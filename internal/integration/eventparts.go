package integration

import (
	"encoding/base64"
	"maps"
	"slices"
	"strings"
	"unsafe"

	"github.com/apigw/apigw/internal/request"
)

// defaultStage is the HTTP API stage served without a path prefix.
const defaultStage = "$default"

// stagePath is $context.path: the request path with the stage prefix
// ("/prod/pets"; L-1, DG-CTX).
func stagePath(req *request.Request) string {
	if req.Stage == "" || req.Stage == defaultStage {
		return req.Path
	}
	return "/" + req.Stage + req.Path
}

// domainPrefix is $context.domainPrefix: the first label of the host name.
func domainPrefix(host string) string {
	if i := strings.IndexAny(host, ".:"); i >= 0 {
		return host[:i]
	}
	return host
}

func (l *lambdaIntegration) accountID(req *request.Request) string {
	if req.AccountID != "" {
		return req.AccountID
	}
	return l.opts.AccountID
}

func sortedKeys[V any](m map[string]V) []string {
	if len(m) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(m))
}

// appendBody appends the event's body: null when empty, base64 when
// encode, else the text.
func appendBody(b []byte, body []byte, encode bool) []byte {
	if len(body) == 0 {
		return append(b, "null"...)
	}
	if encode {
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, body)
		return append(b, '"')
	}
	return appendString(b, bytesString(body))
}

// bytesString views p as a string without copying; p must not change while
// the string is in use.
func bytesString(p []byte) string {
	return unsafe.String(unsafe.SliceData(p), len(p))
}
