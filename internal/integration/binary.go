package integration

import (
	"strings"
	"unicode/utf8"

	"github.com/apigw/apigw/internal/request"
)

// mediaTypes are an API's binary media types, lower-cased, parsed once.
type mediaTypes []string

// newMediaTypes parses an API's list. An entry with a wildcard type and a
// named subtype ("*/test") matches nothing on AWS (L-2), so it is left out.
func newMediaTypes(types []string) mediaTypes {
	m := make(mediaTypes, 0, len(types))
	for _, t := range types {
		// OpenAPI and SAM write "/" as "~1" ("image~1png").
		t = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(t), "~1", "/"))
		if strings.HasPrefix(t, "*/") && t != anyMediaType {
			continue
		}
		m = append(m, t)
	}
	return m
}

// anyMediaType is the entry that makes every media type binary.
const anyMediaType = "*/*"

// matches reports whether the media type of contentType (parameters
// ignored) is one of m: exact, through an entry "type/*", or "*/*". A
// wildcard in contentType is a literal: "image/*" matches only the entry
// "image/*" (L-2: Accept types are not expanded).
func (m mediaTypes) matches(contentType string) bool {
	if len(m) == 0 {
		return false
	}
	mt := essence(contentType)
	for _, t := range m {
		if t == anyMediaType || t == mt || (strings.HasSuffix(t, "/*") && strings.HasPrefix(mt, t[:len(t)-1])) {
			return true
		}
	}
	return false
}

// essence is a content type's lower-cased type/subtype.
func essence(contentType string) string {
	if i := strings.IndexByte(contentType, ';'); i >= 0 {
		contentType = contentType[:i]
	}
	return strings.ToLower(strings.TrimSpace(contentType))
}

// requestIsBinary decides isBase64Encoded for a payload 1.0 event: the
// request's Content-Type is one of the binary media types (DG-LPI). A body
// that is not UTF-8 is base64-encoded too: it cannot travel in a JSON
// string intact (AWS would replace the bytes; apigw keeps them).
func (m mediaTypes) requestIsBinary(req *request.Request) bool {
	if len(req.Body) == 0 {
		return false
	}
	if ct, ok := req.Header(headerContentType); ok && m.matches(ct) {
		return true
	}
	return !utf8.Valid(req.Body)
}

// textTypes are the media types payload 2.0 sends as text; any other
// request body is base64-encoded (DG-HTTP-LAMBDA).
var textTypes = []string{
	"application/json", "application/javascript", "application/xml",
	"application/x-www-form-urlencoded", "application/graphql",
}

// isTextLike reports whether contentType names text: text/*, the types
// above, and +json / +xml suffixes.
func isTextLike(contentType string) bool {
	mt := essence(contentType)
	if strings.HasPrefix(mt, "text/") || strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml") {
		return true
	}
	for _, t := range textTypes {
		if mt == t {
			return true
		}
	}
	return false
}
