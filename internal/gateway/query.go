package gateway

import (
	"net/url"
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// parseQuery splits a raw query string into decoded fields in order,
// keeping repeats. A part that does not decode is kept as sent.
func parseQuery(raw string, dst []request.Field) []request.Field {
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		dst = append(dst, request.Field{Name: unescapeQuery(name), Value: unescapeQuery(value)})
	}
	return dst
}

func unescapeQuery(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
