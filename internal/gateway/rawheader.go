package gateway

import (
	"bytes"

	"github.com/apigw/apigw/internal/request"
)

// parseRawHeaders reads a raw HTTP/1.x header block ("Name: value\r\n"...)
// into fields that keep the client's names and order (DESIGN section 2).
// Lines without a colon and obsolete folded lines are skipped; the HTTP
// server has already rejected what HTTP forbids.
func parseRawHeaders(block []byte, dst []request.Field) []request.Field {
	for len(block) > 0 {
		var line []byte
		line, block = cutLine(block)
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		name, value, ok := bytes.Cut(line, []byte{':'})
		if !ok || len(name) == 0 {
			continue
		}
		dst = append(dst, request.Field{Name: string(name), Value: string(trimOWS(value))})
	}
	return dst
}

func cutLine(b []byte) (line, rest []byte) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return bytes.TrimSuffix(b, []byte{'\r'}), nil
	}
	return bytes.TrimSuffix(b[:i], []byte{'\r'}), b[i+1:]
}

func trimOWS(b []byte) []byte {
	return bytes.Trim(b, " \t")
}
