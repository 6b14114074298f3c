package gateway

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
)

const bodyInternal = `{"message":"Internal server error"}`

func TestBadFunctionOutput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fn   func([]byte) ([]byte, error)
	}{
		{"L-3 not JSON", func([]byte) ([]byte, error) { return []byte("garbage"), nil }},
		{"L-3 extra key", func([]byte) ([]byte, error) { return []byte(`{"statusCode":200,"bogus":1}`), nil }},
		{"L-3 empty", func([]byte) ([]byte, error) { return nil, nil }},
		{"L-3 function error", func([]byte) ([]byte, error) { return nil, &event.FunctionError{Type: "Error", Message: "boom"} }},
		{"L-3 timeout", func([]byte) ([]byte, error) {
			return nil, &event.FunctionError{Type: "Sandbox.Timedout", Message: "Task timed out after 3.00 seconds"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl := testAPI([]*api.Route{lambdaRoute("GET", "/x", "", "Fn")})
			s := serveTemplate(t, tpl, map[string]*countingFunc{"Fn": {fn: tt.fn}})
			r := s.do(t, "GET", "/x")
			if r.status != 502 || r.body != bodyInternal || r.header.Get(HeaderErrorType) != "InternalServerErrorException" {
				t.Fatalf("got %d %s %q; want 502 %s InternalServerErrorException", r.status, r.body, r.header.Get(HeaderErrorType), bodyInternal)
			}
		})
	}
}

// rawExchange writes a raw HTTP request and returns the status line and body.
func rawExchange(t *testing.T, url, raw string) (string, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading response: %v", err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.Status, b.String()
}

func TestTransportLimits(t *testing.T) {
	t.Parallel()
	echo := echoFunc()
	tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "", "Echo")})
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Echo": echo})
	tests := []struct {
		name, raw, wantStatus, wantBody string
	}{
		{"body over 10 MB: REQUEST_TOO_LARGE", fmt.Sprintf("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n", MaxBodyBytes+1),
			"413 Request Entity Too Large", `{"message":"Request Too Long"}`},
		{"headers over the limit", "GET /x HTTP/1.1\r\nHost: a\r\nX-Big: " + strings.Repeat("a", maxHeaderBytes) + "\r\n\r\n",
			"413 Request Entity Too Large", `{"message":"Request Too Long"}`},
		{"bad percent-encoding: 400", "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", "400 Bad Request", `{"message":"Bad Request"}`},
	}
	for _, tt := range tests {
		status, body := rawExchange(t, s.url, tt.raw)
		if status != tt.wantStatus || body != tt.wantBody {
			t.Errorf("%s: got %s %s; want %s %s", tt.name, status, body, tt.wantStatus, tt.wantBody)
		}
	}
	if n := echo.calls.Load(); n != 0 {
		t.Errorf("got %d backend invocations for rejected requests; want 0", n)
	}
}

func TestClientDisconnectsMidRequest(t *testing.T) {
	t.Parallel()
	echo := echoFunc()
	tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "", "Echo")})
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Echo": echo})
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = conn.Write([]byte("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly part"))
	conn.Close()
	if r := s.do(t, "GET", "/still/serving"); r.status != 200 {
		t.Fatalf("after a client hung up mid-body: got %d %s; want 200", r.status, r.body)
	}
	if n := echo.calls.Load(); n != 1 {
		t.Fatalf("got %d invocations; want 1 (the truncated request never reaches the function)", n)
	}
}

// TestSlowClientGetsRequestTimeout: a client that stalls inside its request
// line, headers or body is answered 408 once the read timeout passes and
// its connection closed, while other clients are served meanwhile.
func TestSlowClientGetsRequestTimeout(t *testing.T) {
	t.Parallel()
	echo := echoFunc()
	tpl := testAPI([]*api.Route{lambdaRoute("ANY", "/{proxy+}", "", "Echo")})
	gw := newTestGateway(t, tpl, map[string]*countingFunc{"Echo": echo})
	s := serveGateway(t, gw, func(srv *Server) { srv.srv.ReadTimeout = 300 * time.Millisecond })
	tests := []struct{ name, partial string }{
		{"stalls in the headers", "GET /slow HTTP/1.1\r\nHost: a\r\nX-Half"},
		{"stalls in the body", "POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly part"},
	}
	for _, tt := range tests {
		conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.Write([]byte(tt.partial)); err != nil {
			t.Fatal(err)
		}
		if r := s.do(t, "GET", "/still/serving"); r.status != 200 {
			t.Fatalf("%s: another client got %d %s while one stalled; want 200", tt.name, r.status, r.body)
		}
		// A safety bound only: the server must answer long before it.
		_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("%s: reading the answer: %v", tt.name, err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 408 || string(body) != `{"message":"Request Timeout"}` {
			t.Errorf("%s: got %d %s; want 408 {\"message\":\"Request Timeout\"}", tt.name, resp.StatusCode, body)
		}
		if _, err := br.ReadByte(); err != io.EOF {
			t.Errorf("%s: got %v after the answer; want the connection closed (EOF)", tt.name, err)
		}
	}
	if n := echo.calls.Load(); n != int64(len(tests)) {
		t.Fatalf("got %d invocations; want %d (only the other client's requests)", n, len(tests))
	}
}

// TestPanicFailsClosed: a stage that panics (here in-process functions)
// answers 500 without reaching the integration, and the server keeps
// serving.
func TestPanicFailsClosed(t *testing.T) {
	t.Parallel()
	boom := &countingFunc{fn: func([]byte) ([]byte, error) { panic("boom") }}
	allow := &countingFunc{fn: func([]byte) ([]byte, error) { return policyJSON("Allow", "*"), nil }}
	echo := echoFunc()
	tpl := testAPI([]*api.Route{
		lambdaRoute("GET", "/authorizer-panics", "Boom", "Echo"),
		lambdaRoute("GET", "/function-panics", "", "Boom"),
		lambdaRoute("GET", "/fine", "Allow", "Echo"),
	}, tokenAuth("Boom", "Boom", 300), tokenAuth("Allow", "Allow", 300))
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Boom": boom, "Allow": allow, "Echo": echo})
	for _, p := range []string{"/authorizer-panics", "/function-panics"} {
		if r := s.do(t, "GET", p, "Authorization", "tok"); r.status != 500 {
			t.Errorf("GET %s: got %d %s; want 500", p, r.status, r.body)
		}
	}
	if r := s.do(t, "GET", "/fine", "Authorization", "tok"); r.status != 200 {
		t.Fatalf("after panics: got %d %s; want 200", r.status, r.body)
	}
	if n := echo.calls.Load(); n != 1 {
		t.Errorf("backend invocations: got %d; want 1 (the panicking authorizer's route never reaches it)", n)
	}
}
