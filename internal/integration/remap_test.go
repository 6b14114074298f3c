package integration

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestLambdaFramingHeadersRemapped pins the choice BAD-1 leaves to apigw
// for a function's hop-by-hop and framing headers: they come back renamed
// x-amzn-Remapped-<name>, as L-4 records for HTTP backends, so none can
// change how the client's connection is framed or kept alive (DESIGN; AWS
// is unrecorded for Lambda proxy).
func TestLambdaFramingHeadersRemapped(t *testing.T) {
	t.Parallel()
	remap := func(name, value string) fieldsCase {
		return fieldsCase{"BAD-1 " + name, `{"headers":{"` + name + `":"` + value + `","Content-Type":"text/plain"}}`,
			fields{hdr(remappedPrefix+name, value), hdr("Content-Type", "text/plain")}}
	}
	tests := []fieldsCase{
		remap("Connection", "close"),
		remap("Keep-Alive", "timeout=1"),
		remap("Proxy-Connection", "close"),
		remap("Transfer-Encoding", "chunked"),
		remap("Trailer", "X-T"),
		remap("TE", "trailers"),
		remap("Upgrade", "websocket"),
		remap("Content-Length", "999"),
		remap("Proxy-Authenticate", "Basic"),
		remap("Proxy-Authorization", "Basic eA=="),
		remap("Date", "Thu, 01 Jan 1970 00:00:00 GMT"),
		remap("Server", "node"),
		remap("x-amzn-RequestId", "mine"),
		{"BAD-1 any casing, spelled as AWS spells it", `{"headers":{"connection":"close","TRANSFER-ENCODING":"chunked"}}`,
			fields{hdr("x-amzn-Remapped-Connection", "close"), hdr("x-amzn-Remapped-Transfer-Encoding", "chunked"), jsonCT}},
		{"BAD-1 multiValueHeaders too, values and order kept", `{"multiValueHeaders":{"Connection":["close","x"],"X-A":["1"]}}`,
			fields{hdr("x-amzn-Remapped-Connection", "close"), hdr("x-amzn-Remapped-Connection", "x"), hdr("X-A", "1"), jsonCT}},
		{"BAD-1 other headers pass", `{"headers":{"Cache-Control":"no-store","Content-Encoding":"gzip","Via":"1.1 x"}}`,
			fields{hdr("Cache-Control", "no-store"), hdr("Content-Encoding", "gzip"), hdr("Via", "1.1 x"), jsonCT}},
	}
	for _, version := range []string{api.PayloadV1, api.PayloadV2} {
		cases := make([]responseCase, len(tests))
		for i, tt := range tests {
			out := tt.out
			if version == api.PayloadV2 {
				out = `{"statusCode":200,` + out[1:]
			}
			cases[i] = responseCase{name: version + " " + tt.name, out: out, wantStatus: 200, wantHeaders: tt.want}
		}
		runResponseCases(t, version, cases)
	}
}

// fieldsCase is a function output and the headers it must give.
type fieldsCase struct {
	name, out string
	want      fields
}

func TestMockFramingHeadersRemapped(t *testing.T) {
	t.Parallel()
	m := &api.MockResponse{Headers: map[string]string{"Connection": "close", "Content-Length": "3", "X-A": "1"}}
	in, err := New(api.Integration{Type: api.IntegrationMock, Mock: m}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := in.Serve(context.Background(), getRequest(), nil)
	want := fields{hdr("x-amzn-Remapped-Connection", "close"), hdr("x-amzn-Remapped-Content-Length", "3"), hdr("X-A", "1"), jsonCT}
	checkResponse(t, resp, err, 200, want, "", nil)
}

// rawBackend answers every connection with raw, whatever it was asked,
// and returns its base URL.
func rawBackend(t *testing.T, raw string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				if _, err := http.ReadRequest(bufio.NewReader(conn)); err == nil {
					_, _ = conn.Write([]byte(raw))
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// TestHTTPProxyAnswer pins what an HTTP backend's answer becomes: L-4's
// remapped headers, and BAD-1's refusal of a status that is not a final
// one in 200-599.
func TestHTTPProxyAnswer(t *testing.T) {
	t.Parallel()
	const ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
	tests := []struct {
		name       string
		raw        string
		wantStatus int
		wantHeader fields
		wantErr    error
	}{
		{"L-4 Connection, Content-Length, Date, Server, x-amzn-RequestId remapped",
			ok + "Connection: keep-alive\r\nDate: Sat, 05 Dec 2026 10:00:00 GMT\r\nServer: gunicorn\r\nX-Amzn-Requestid: abc\r\nX-Other: 1\r\n\r\nhi", 200,
			fields{hdr("x-amzn-Remapped-Connection", "keep-alive"), hdr("x-amzn-Remapped-Content-Length", "2"), hdr("Content-Type", "text/plain"),
				hdr("x-amzn-Remapped-Date", "Sat, 05 Dec 2026 10:00:00 GMT"), hdr("x-amzn-Remapped-Server", "gunicorn"),
				hdr("x-amzn-Remapped-x-amzn-RequestId", "abc"), hdr("X-Other", "1")}, nil},
		{"BAD-1 Keep-Alive and Upgrade remapped", ok + "Keep-Alive: timeout=5\r\nUpgrade: h2c\r\n\r\nhi", 200,
			fields{hdr("x-amzn-Remapped-Content-Length", "2"), hdr("Content-Type", "text/plain"),
				hdr("x-amzn-Remapped-Keep-Alive", "timeout=5"), hdr("x-amzn-Remapped-Upgrade", "h2c")}, nil},
		{"BAD-1 101 Switching Protocols is never relayed", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", 0, nil, ErrMalformedResponse},
		{"BAD-1 a bare 101 is never relayed", "HTTP/1.1 101 Switching Protocols\r\n\r\n", 0, nil, ErrMalformedResponse},
		{"BAD-1 status 600 is not relayed", "HTTP/1.1 600 Odd\r\nContent-Length: 0\r\n\r\n", 0, nil, ErrMalformedResponse},
		{"BAD-1 an interim 103 is skipped, the final 200 relayed", "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + ok + "\r\nhi", 200,
			fields{hdr("x-amzn-Remapped-Content-Length", "2"), hdr("Content-Type", "text/plain")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url := rawBackend(t, tt.raw)
			resp, err := newHTTPFor(t, url+"/{proxy}", "", 0).Serve(context.Background(), proxyRequest(), nil)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err: got %v; want %v", err, tt.wantErr)
				}
				return
			}
			checkResponse(t, resp, err, tt.wantStatus, tt.wantHeader, "hi", nil)
		})
	}
}
