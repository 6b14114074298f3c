package integration

import (
	"encoding/base64"
	"slices"
	"strings"
	"unsafe"

	"github.com/apigw/apigw/internal/jsonstring"
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

// appendStagePath appends stagePath(req) as a JSON string.
func appendStagePath(b []byte, req *request.Request) []byte {
	if req.Stage == "" || req.Stage == defaultStage {
		return appendString(b, req.Path)
	}
	b = append(b, '"', '/')
	b = jsonstring.AppendContent(b, req.Stage)
	b = jsonstring.AppendContent(b, req.Path)
	return append(b, '"')
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

// sortedKeys returns m's keys in order, appended to buf (pass a stack
// array's buf[:0] to avoid allocating for small maps).
func sortedKeys[V any](buf []string, m map[string]V) []string {
	for k := range m {
		buf = append(buf, k)
	}
	slices.Sort(buf)
	return buf
}

// smallMap is the key count up to which sortedKeys' callers sort on the stack.
const smallMap = 16

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
