package gateway

import (
	"strings"

	"github.com/apigw/apigw/internal/httphead"
	"github.com/apigw/apigw/internal/request"
)

// parseRawHeaders reads a raw HTTP/1.x header block ("Name: value\r\n"...)
// into fields that keep the client's names and order (DESIGN section 2).
// Lines without a colon and obsolete folded lines are skipped; the HTTP
// server has already rejected what HTTP forbids.
//
// The block is copied once and every name and value is a substring of that
// copy (one allocation per request, not two per header): a field kept
// after the request (the record's User-Agent) keeps the whole block
// alive, which the read buffer bounds (maxHeaderBytes).
func parseRawHeaders(block []byte, dst []request.Field) []request.Field {
	return parseHeaderLines(string(block), dst)
}

// parseHeaderLines is parseRawHeaders of a block already copied: every
// name and value is a substring of block.
func parseHeaderLines(block string, dst []request.Field) []request.Field {
	for s := block; len(s) > 0; {
		var line string
		line, s = cutLine(s)
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || len(name) == 0 {
			continue
		}
		dst = append(dst, request.Field{Name: name, Value: httphead.TrimOWS(value)})
	}
	return dst
}

func cutLine(s string) (line, rest string) {
	line, rest, found := strings.Cut(s, "\n")
	if !found {
		rest = ""
	}
	return strings.TrimSuffix(line, "\r"), rest
}
