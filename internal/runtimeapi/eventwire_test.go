package runtimeapi

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEventOnTheWire pins the bytes of GET /next's answer, written
// without a header map (writeEvent): the status line, the deadline, the
// invocation's non-empty fields on one line each, the JSON type, the
// length, and the payload, whether the poll found the event pending or
// parked until Submit wrote it.
func TestEventOnTheWire(t *testing.T) {
	t.Parallel()
	arn := "arn:aws:lambda:us-east-1:123456789012:function:F"
	tests := []struct {
		name    string
		inv     Invocation
		request string // the poll's extra header lines
		parked  bool
		want    string // with D for the deadline
	}{
		{"every field", Invocation{RequestID: "r1", Payload: []byte(`{"k":1}`), FunctionARN: arn, TraceID: "Root=1-x",
			ClientContext: `{"c":1}`, CognitoIdentity: `{"i":2}`}, "", false,
			"HTTP/1.1 200 OK\r\nLambda-Runtime-Deadline-Ms: D\r\nLambda-Runtime-Aws-Request-Id: r1\r\n" +
				"Lambda-Runtime-Invoked-Function-Arn: " + arn + "\r\nLambda-Runtime-Trace-Id: Root=1-x\r\n" +
				"Lambda-Runtime-Client-Context: {\"c\":1}\r\nLambda-Runtime-Cognito-Identity: {\"i\":2}\r\n" +
				"Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"k\":1}"},
		{"empty fields are not sent", Invocation{RequestID: "r2", Payload: []byte(`[]`)}, "", false,
			"HTTP/1.1 200 OK\r\nLambda-Runtime-Deadline-Ms: D\r\nLambda-Runtime-Aws-Request-Id: r2\r\n" +
				"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n[]"},
		{"a line break in a value stays on its line", Invocation{RequestID: "r3", Payload: []byte(`1`), TraceID: "a\r\nb"}, "", false,
			"HTTP/1.1 200 OK\r\nLambda-Runtime-Deadline-Ms: D\r\nLambda-Runtime-Aws-Request-Id: r3\r\n" +
				"Lambda-Runtime-Trace-Id: a  b\r\nContent-Type: application/json\r\nContent-Length: 1\r\n\r\n1"},
		{"a poll that asked to close", Invocation{RequestID: "r4", Payload: []byte(`{}`)}, "Connection: close\r\n", false,
			"HTTP/1.1 200 OK\r\nLambda-Runtime-Deadline-Ms: D\r\nLambda-Runtime-Aws-Request-Id: r4\r\n" +
				"Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"},
		{"handed out by Submit to a parked poll", Invocation{RequestID: "r5", Payload: []byte(`{}`), FunctionARN: arn}, "", true,
			"HTTP/1.1 200 OK\r\nLambda-Runtime-Deadline-Ms: D\r\nLambda-Runtime-Aws-Request-Id: r5\r\n" +
				"Lambda-Runtime-Invoked-Function-Arn: " + arn + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.inv.Timeout = time.Minute
			s, u := listen(t)
			nc := dial(t, u)
			c := pollFor(t, s, nc, tt.inv, tt.request, tt.parked)
			got := make([]byte, len(tt.want)-1+len(strconv.FormatInt(c.Deadline().UnixMilli(), 10)))
			if _, err := io.ReadFull(nc, got); err != nil {
				t.Fatalf("read %q: %v", got, err)
			}
			want := replaceD(tt.want, c.Deadline().UnixMilli())
			if string(got) != want {
				t.Fatalf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
}

// pollFor sends GET /next on nc and submits inv, before the poll or, when
// parked, once the poll waits; it returns the call once delivered.
func pollFor(t *testing.T, s *Server, nc net.Conn, inv Invocation, header string, parked bool) *Call {
	t.Helper()
	var c *Call
	var err error
	if !parked {
		c, err = s.Submit(inv)
	}
	io.WriteString(nc, "GET "+PathNext+" HTTP/1.1\r\nHost: a\r\n"+header+"\r\n") //nolint:errcheck // the read fails
	if parked {
		for s.State() != StatePolling {
			time.Sleep(time.Millisecond)
		}
		c, err = s.Submit(inv)
	}
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.Delivered():
	case <-time.After(waitTimeout):
		t.Fatal("never delivered")
	}
	return c
}

// replaceD puts the deadline where want has D.
func replaceD(want string, ms int64) string {
	for i := 0; i < len(want); i++ {
		if want[i] == 'D' && i > 0 && want[i-1] == ' ' {
			return want[:i] + strconv.FormatInt(ms, 10) + want[i+1:]
		}
	}
	return want
}

// TestAcceptedOnTheWire pins the bytes of the 202 a posted outcome gets
// from the connection loop (writeAccepted), and that its length is
// acceptedBody's.
func TestAcceptedOnTheWire(t *testing.T) {
	t.Parallel()
	if len(acceptedBody) != 15 {
		t.Fatalf("acceptedHead declares 15 bytes; acceptedBody has %d", len(acceptedBody))
	}
	for _, tt := range []struct {
		name, request, want string
	}{
		{"kept", "", "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}"},
		{"asked to close", "Connection: close\r\n",
			"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"status\":\"OK\"}"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, u := listen(t)
			nc := dial(t, u)
			pollFor(t, s, nc, Invocation{RequestID: "r1", Payload: []byte(`{}`), Timeout: time.Minute}, "", false)
			br := bufio.NewReader(nc)
			readAnswer(t, br, http.StatusOK, "r1")
			io.WriteString(nc, "POST "+strings.Replace(PathResponse, "{id}", "r1", 1)+" HTTP/1.1\r\nHost: a\r\n"+ //nolint:errcheck // the read fails
				tt.request+"Content-Length: 2\r\n\r\n{}")
			got := make([]byte, len(tt.want))
			if _, err := io.ReadFull(br, got); err != nil {
				t.Fatalf("read %q: %v", got, err)
			}
			if string(got) != tt.want {
				t.Fatalf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
