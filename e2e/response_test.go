package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

const bodyInternalError = `{"message":"Internal server error"}`

// TestFunctionAnswers drives a real Node function (testdata/response)
// whose answers would break the client's connection if passed on as they
// are, and whose bodies exercise L-2.
func TestFunctionAnswers(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/response/template.yaml")
	t.Run("connection", func(t *testing.T) { t.Parallel(); checkKeepAlive(t, s) })
	t.Run("bodies", func(t *testing.T) { t.Parallel(); checkBodies(t, s) })
}

// checkKeepAlive sends a request whose function answers a 1xx status or a
// framing header, then bob's request, pipelined on one keep-alive
// connection (as a reverse proxy pooling its upstream connections would).
// Each must get exactly one final answer of its own (BAD-1): before the
// fix, a 1xx went out as an interim response and the first request was
// answered with bob's data; Connection: close dropped bob's request.
func checkKeepAlive(t *testing.T, s *server) {
	tests := []struct {
		name, path       string
		wantStatus       int
		wantBody         string
		wantName, wantIs string // a header the first answer must carry
	}{
		{"BAD-1 statusCode 100 is a 502", "/status/100", 502, bodyInternalError, "x-amzn-ErrorType", "InternalServerErrorException"},
		{"BAD-1 statusCode 101 is a 502", "/status/101", 502, bodyInternalError, "x-amzn-ErrorType", "InternalServerErrorException"},
		{"BAD-1 statusCode 103 is a 502", "/status/103", 502, bodyInternalError, "x-amzn-ErrorType", "InternalServerErrorException"},
		{"BAD-1 statusCode 600 is a 502", "/status/600", 502, bodyInternalError, "x-amzn-ErrorType", "InternalServerErrorException"},
		{"BAD-1 Connection: close is remapped, the connection stays", "/header/connection", 200, "with Connection", "x-amzn-Remapped-Connection", "close"},
		{"BAD-1 Trailer is remapped, no chunked encoding", "/header/trailer", 200, "with Trailer", "x-amzn-Remapped-Trailer", "X-T"},
		{"BAD-1 Transfer-Encoding is remapped", "/header/transfer-encoding", 200, "with Transfer-Encoding", "x-amzn-Remapped-Transfer-Encoding", "chunked"},
		{"BAD-1 Content-Length is remapped", "/header/content-length", 200, "with Content-Length", "x-amzn-Remapped-Content-Length", "999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			answers := pipelined(t, s.url, tt.path, "/whoami/bob")
			if len(answers) != 2 {
				t.Fatalf("got %d answers on the connection %v; want 2 (one per request)", len(answers), answers)
			}
			a, b := answers[0], answers[1]
			if a.status != tt.wantStatus || a.body != tt.wantBody || a.header.Get(tt.wantName) != tt.wantIs {
				t.Errorf("first request: got %d %q %s=%q; want %d %q %s=%q", a.status, a.body, tt.wantName, a.header.Get(tt.wantName),
					tt.wantStatus, tt.wantBody, tt.wantName, tt.wantIs)
			}
			if b.status != 200 || b.body != "private data of bob" {
				t.Errorf("bob's request: got %d %q; want 200 %q", b.status, b.body, "private data of bob")
			}
		})
	}
}

// pipelined writes a GET for each path on one connection, the last with
// Connection: close, and reads every response the server sends until it
// closes the connection. A response framed with chunked encoding, or any
// status below 200, fails the test: apigw frames answers with
// Content-Length and sends only final ones.
func pipelined(t *testing.T, url string, paths ...string) []reply {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Minute)) // a safety net against a hang, not an assertion
	var raw strings.Builder
	for i, p := range paths {
		fmt.Fprintf(&raw, "GET %s HTTP/1.1\r\nHost: x\r\n", p)
		if i == len(paths)-1 {
			raw.WriteString("Connection: close\r\n")
		}
		raw.WriteString("\r\n")
	}
	if _, err := io.WriteString(conn, raw.String()); err != nil {
		t.Fatal(err)
	}
	return readAnswers(t, bufio.NewReader(conn))
}

func readAnswers(t *testing.T, br *bufio.Reader) []reply {
	t.Helper()
	var out []reply
	for {
		if _, err := br.Peek(1); err == io.EOF {
			return out
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("after %v: reading a response: %v", out, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("reading a body: %v", err)
		}
		if resp.StatusCode < 200 || len(resp.TransferEncoding) > 0 || resp.Trailer != nil {
			t.Errorf("answer %d %v: interim status or chunked framing on the wire", resp.StatusCode, resp.TransferEncoding)
		}
		out = append(out, reply{status: resp.StatusCode, header: resp.Header, body: string(body)})
	}
}

// checkBodies pins L-2 through the real function: a base64 body is bytes
// only when the first Accept type is a binary media type of the API
// (BinaryMediaTypes: [image~1png]), and a numeric body is sent as its
// text (UNCONFIRMED on AWS, medium confidence; B-INT).
func checkBodies(t *testing.T, s *server) {
	tests := []struct {
		name, path, accept, wantBody string
	}{
		{"L-2 Accept image/png gets the bytes", "/png", "image/png", "\x89PNG"},
		{"L-2 Accept */* gets the base64 text", "/png", "*/*", "iVBORw=="},
		{"L-2 only the first Accept type counts", "/png", "image/webp,image/png", "iVBORw=="},
		{"L-2 a numeric body is its text (UNCONFIRMED)", "/number", "*/*", "42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := s.get(t, "GET", tt.path, "Accept", tt.accept)
			if r.status != 200 || r.body != tt.wantBody {
				t.Errorf("got %d %q; want 200 %q", r.status, r.body, tt.wantBody)
			}
		})
	}
}
