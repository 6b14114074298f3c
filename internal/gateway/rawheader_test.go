package gateway

import (
	"reflect"
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
		for _, h := range parseRawHeaders(block, nil) {
			if h.Name == "" {
				t.Fatalf("empty header name from %q", block)
			}
		}
		_ = parseQuery(query, nil)
	})
}

func fld(name, value string) request.Field { return request.Field{Name: name, Value: value} }
