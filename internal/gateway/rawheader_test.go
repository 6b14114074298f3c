package gateway

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/apigw/apigw/internal/request"
)

func TestParseRawHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		block string
		want  []request.Field
	}{
		{"R-1 raw casing kept", "headerauth1: headerValue1\r\nX-AMZ-Date: d\r\n", []request.Field{fld("headerauth1", "headerValue1"), fld("X-AMZ-Date", "d")}},
		{"repeats kept in order, OWS trimmed", "A:  1 \r\nA:2\r\n", []request.Field{fld("A", "1"), fld("A", "2")}},
		{"empty value", "X-Empty:\r\n", []request.Field{fld("X-Empty", "")}},
		{"colon inside value", "Host: 127.0.0.1:3000\r\n", []request.Field{fld("Host", "127.0.0.1:3000")}},
		{"junk lines skipped", "nocolon\r\n: novalue\r\n folded\r\nOk: y", []request.Field{fld("Ok", "y")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := parseRawHeaders([]byte(tt.block), nil); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v; want %v", got, tt.want)
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	t.Parallel()
	got := parseQuery("QueryString1=queryValue1&a=1&a=2&sp=x+y&enc=%2Fz&bad=%zz&flag", nil)
	want := []request.Field{fld("QueryString1", "queryValue1"), fld("a", "1"), fld("a", "2"), fld("sp", "x y"), fld("enc", "/z"), fld("bad", "%zz"), fld("flag", "")}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v; want %v", got, want)
	}
}

func FuzzParseRawHeaders(f *testing.F) {
	f.Add([]byte("A: b\r\nC:d\r\n"), "a=b&c")
	f.Fuzz(func(t *testing.T, block []byte, query string) {
		got := parseRawHeaders(block, nil)
		for _, h := range got {
			if h.Name == "" {
				t.Fatalf("empty header name from %q", block)
			}
		}
		if want := parseRawHeadersBytes(block); !slices.Equal(got, want) {
			t.Fatalf("from %q: got %v; the byte-wise parser gives %v", block, got, want)
		}
		_ = parseQuery(query, nil)
	})
}

func fld(name, value string) request.Field { return request.Field{Name: name, Value: value} }

// TestParseRawHeadersAsBefore: the parser that slices one copy of the
// block gives the fields the byte-wise parser (one string per name and
// value) gave, for every kind of line; FuzzParseRawHeaders compares them
// on any input.
func TestParseRawHeadersAsBefore(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, block string }{
		{"usual", "Host: 127.0.0.1:3000\r\nUser-Agent: wrk\r\nAuthorization: allow\r\n"},
		{"no final newline", "A: 1\r\nB: 2"},
		{"bare LF", "A: 1\nB:2\n"},
		{"CR inside a value", "A: x\ry\r\n"},
		{"tabs and spaces", "A:\t 1 \t\r\n"},
		{"folded and junk", " x\r\n\ty\r\nnocolon\r\n:v\r\n\r\nOk: y\r\n"},
		{"empty", ""},
		{"only CRLF", "\r\n\r\n"},
		{"non-ASCII", "X-Name: café\r\nX-Bad: \xff\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, want := parseRawHeaders([]byte(tc.block), nil), parseRawHeadersBytes([]byte(tc.block))
			if !slices.Equal(got, want) {
				t.Fatalf("got %v; want %v", got, want)
			}
		})
	}
}

// TestParseRawHeadersAllocatesOnce: one copy of the block, whatever the
// number of headers, into a slice with room.
func TestParseRawHeadersAllocatesOnce(t *testing.T) {
	block := []byte("Host: 127.0.0.1:3000\r\nUser-Agent: wrk\r\nAccept: */*\r\nAuthorization: allow\r\n")
	dst := make([]request.Field, 0, 8)
	if n := testing.AllocsPerRun(100, func() { dst = parseRawHeaders(block, dst[:0]) }); n != 1 {
		t.Fatalf("allocations: got %v; want 1", n)
	}
}

// parseRawHeadersBytes is the parser as it was before it sliced one copy
// of the block: the reference the tests compare with.
func parseRawHeadersBytes(block []byte) []request.Field {
	var dst []request.Field
	for len(block) > 0 {
		i := bytes.IndexByte(block, '\n')
		line := block
		if block = nil; i >= 0 {
			line, block = line[:i], line[i+1:]
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		if name, value, ok := bytes.Cut(line, []byte{':'}); ok && len(name) > 0 {
			dst = append(dst, request.Field{Name: string(name), Value: string(bytes.Trim(value, " \t"))})
		}
	}
	return dst
}
