package runtimeapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The connection loop reads a runtime's plain requests itself (head.go)
// and any other with http.ReadRequest. These tests serve the same bytes
// both ways (slowHeads) and want the same answers, state and outcome.

// pathCases are runtime conversations, each served with an event "a"
// pending.
var pathCases = []struct{ name, in string }{
	{"Node: poll, respond, poll", get() + post("a/response", "Content-Type: application/json\r\nContent-Length: 2\r\n", "{}") + get()},
	{"aws-lambda-go: chunked with an empty trailer", get() + post("a/response", chunked, "5\r\nhello\r\n0\r\n\r\n")},
	{"chunked with trailer fields", get() + post("a/response", chunked, "2\r\n{}\r\n0\r\nLambda-Runtime-Function-Error-Type: x\r\n\r\n") + get()},
	{"chunked with a malformed trailer", get() + post("a/response", chunked, "2\r\n{}\r\n0\r\nno colon\r\n\r\n") + get()},
	{"chunked with a bare LF", get() + post("a/response", chunked, "2\n{}\r\n0\r\n\r\n")},
	{"chunked cut short", get() + post("a/response", chunked, "5\r\nhel")},
	{"length cut short", get() + post("a/response", "Content-Length: 9\r\n", "{}")},
	{"error with its type", get() + post("a/error", "Lambda-Runtime-Function-Error-Type: Handled\r\nContent-Length: 5\r\n", "boom!")},
	{"error for another id", get() + post("b/error", "Content-Length: 2\r\n", "{}") + post("a/response", "Content-Length: 1\r\n", "1")},
	{"response before the poll", post("a/response", "Content-Length: 2\r\n", "{}")},
	{"init error", "POST " + PathInitError + " HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}" + get()},
	{"dot segments", post("../init/error", "Content-Length: 2\r\n", "{}")},
	{"over the payload limit", get() + post("a/response", fmt.Sprintf("Content-Length: %d\r\n", MaxPayloadSize+1), "{}")},
	{"poll with a body", "GET " + PathNext + " HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" + get()},
	{"Connection: close", "GET " + PathNext + " HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n" + get()},
	{"HEAD and a 404 between", "HEAD " + PathNext + " HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\n" + get()},
	{"405", "POST " + PathNext + " HTTP/1.1\r\nContent-Length: 1\r\n\r\nx" + get()},
	{"length and chunked", get() + post("a/response", "Content-Length: 3\r\n"+chunked, "1\r\nx\r\n0\r\n\r\n")},
	{"Expect", get() + post("a/response", "Expect: 100-continue\r\nContent-Length: 2\r\n", "{}")},
	{"garbage", get() + "NONSENSE\r\n\r\n"},
	{"cut short head", get() + "POST /" + Version + "/runtime/invocation/a/response HTTP/1.1\r\nContent-Le"},
}

const chunked = "Transfer-Encoding: chunked\r\n"

func get() string { return "GET " + PathNext + " HTTP/1.1\r\nHost: a\r\n\r\n" }

func post(id, header, body string) string {
	return "POST /" + Version + "/runtime/invocation/" + id + " HTTP/1.1\r\nHost: a\r\n" + header + "\r\n" + body
}

func TestPlainAndNetHTTPPathsAnswerAlike(t *testing.T) {
	t.Parallel()
	for _, tt := range pathCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fast, slow := serveBytes([]byte(tt.in), false), serveBytes([]byte(tt.in), true)
			if fast != slow {
				t.Fatalf("fast path:\n%s\nhttp.ReadRequest:\n%s", fast, slow)
			}
			if !strings.Contains(fast, "HTTP/1.1 ") {
				t.Fatalf("no answer at all:\n%s", fast)
			}
		})
	}
}

// FuzzConnPaths: any bytes get the same answers on both paths.
func FuzzConnPaths(f *testing.F) {
	for _, tt := range pathCases {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if fast, slow := serveBytes(in, false), serveBytes(in, true); fast != slow {
			t.Fatalf("input %q\nfast path:\n%s\nhttp.ReadRequest:\n%s", in, fast, slow)
		}
	})
}

// serveBytes serves in as one connection, with event "a" pending, and
// returns what the loop wrote (deadlines blanked, fields sorted) and how
// the call ended. A poll that parks is let go by Abort, as a process exit
// would; whether that Abort or the end of in comes first is a race, so
// the final state is not part of what is compared (a poll parks only
// once "a" finished, so the call's outcome is).
func serveBytes(in []byte, slow bool) string {
	s := New()
	s.slowHeads = slow
	call, _ := s.Submit(Invocation{RequestID: "a", Payload: []byte("{}"), Timeout: time.Minute})
	rc := &recConn{fakeConn: fakeConn{r: bytes.NewReader(in)}}
	c := s.newConn(rc)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.serve()
	}()
	for waiting := true; waiting; {
		select {
		case <-done:
			waiting = false
		default:
			abortParked(s)
			runtime.Gosched()
		}
	}
	out := deadlineMs.ReplaceAllString(rc.out.String(), "${1}D")
	out = responseHead.ReplaceAllStringFunc(out, sortFields)
	return fmt.Sprintf("%s\n-- violation %v, result %q %v", out, call.Violation(), call.Result().Payload, call.Result().Err)
}

var (
	deadlineMs   = regexp.MustCompile(`(` + HeaderDeadlineMs + `: )\d+`)
	responseHead = regexp.MustCompile(`HTTP/1\.1 [^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n`)
)

// sortFields sorts a response head's fields (written in map order).
func sortFields(head string) string {
	lines := strings.Split(head, "\r\n")
	slices.Sort(lines[1 : len(lines)-2])
	return strings.Join(lines, "\r\n")
}

// abortParked aborts s once a GET /next waits in it.
func abortParked(s *Server) {
	s.mu.Lock()
	parked := s.poller != nil
	s.mu.Unlock()
	if parked {
		s.Abort(errors.New("exited"))
	}
}

// recConn is a fakeConn that keeps what is written to it.
type recConn struct {
	fakeConn
	out bytes.Buffer
}

func (c *recConn) Write(p []byte) (int, error) { return c.out.Write(p) }

// TestReadErrorsReachReadRequest: a read error met while the fast path
// waited for the rest of a head is handed to http.ReadRequest, which
// answers as it did without the fast path, even when the connection
// reports the error once (a reset, then EOF).
func TestReadErrorsReachReadRequest(t *testing.T) {
	t.Parallel()
	reset := &net.OpError{Op: "read", Err: syscall.ECONNRESET}
	tests := []struct {
		name string
		head string
		err  error
		want string // the answer's status line, "" for none
	}{
		{"reset before a byte came", "", reset, ""},
		{"reset in the request line", "GET " + PathNext, reset, "HTTP/1.1 400 Bad Request"},
		{"reset after a header line", "GET " + PathNext + " HTTP/1.1\r\nHost: a\r\n", reset, "HTTP/1.1 400 Bad Request"},
		{"end of input in a header line", "GET " + PathNext + " HTTP/1.1\r\nHo", io.EOF, "HTTP/1.1 400 Bad Request"},
		{"end of input before a byte came", "", io.EOF, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, slow := range []bool{false, true} {
				s := New()
				s.slowHeads = slow
				rc := &onceConn{head: []byte(tt.head), err: tt.err}
				s.newConn(rc).serve()
				if got, _, _ := strings.Cut(rc.out.String(), "\r\n"); got != tt.want {
					t.Fatalf("slow %v: got %q; want %q", slow, got, tt.want)
				}
			}
		})
	}
}

// onceConn reads head (if any), then err once, then io.EOF.
type onceConn struct {
	recConn
	head []byte
	err  error
	n    int
}

func (c *onceConn) Read(p []byte) (int, error) {
	if c.n++; c.n == 1 && len(c.head) > 0 {
		return copy(p, c.head), nil
	}
	if err := c.err; err != nil {
		c.err = nil
		return 0, err
	}
	return 0, io.EOF
}
