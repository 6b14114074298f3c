package runtimeapi

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// dial connects to the Server at u ("http://host:port").
func dial(t *testing.T, u string) net.Conn {
	t.Helper()
	nc, err := net.Dial("tcp", strings.TrimPrefix(u, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(waitTimeout)) //nolint:errcheck // a guard, not an assertion
	return nc
}

// TestConnAnswersWhatItCannotServe: the connection loop's own answers to
// requests that never reach a handler, and when it keeps the connection.
func TestConnAnswersWhatItCannotServe(t *testing.T) {
	t.Parallel()
	next := "GET " + PathNext
	tests := []struct {
		name      string
		send      string
		want      []string // status lines, in order
		wantClose bool
	}{
		{"malformed request line", "NONSENSE\r\n\r\n", []string{"HTTP/1.1 400 Bad Request"}, true},
		{"header too large", "GET /x HTTP/1.1\r\nHost: a\r\nX: " + strings.Repeat("a", maxHeaderBytes) + "\r\n\r\n", []string{"HTTP/1.1 431 Request Header Fields Too Large"}, true},
		{"unknown expectation", "POST /x HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nx", []string{"HTTP/1.1 417 Expectation Failed"}, true},
		{"HTTP/1.0 closes", "GET /nope HTTP/1.0\r\n\r\n", []string{"HTTP/1.1 404 Not Found"}, true},
		{"Connection: close", "GET /nope HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", []string{"HTTP/1.1 404 Not Found"}, true},
		{"pipelined, in order", "GET /nope HTTP/1.1\r\nHost: a\r\n\r\nPOST " + PathNext + " HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}",
			[]string{"HTTP/1.1 404 Not Found", "HTTP/1.1 405 Method Not Allowed"}, false},
		{"HEAD has no body", "HEAD /nope HTTP/1.1\r\nHost: a\r\n\r\n" + next + "x HTTP/1.1\r\nHost: a\r\n\r\n",
			[]string{"HTTP/1.1 404 Not Found", "HTTP/1.1 404 Not Found"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, u := listen(t)
			nc := dial(t, u)
			io.WriteString(nc, tt.send) //nolint:errcheck // the reads below fail
			br := bufio.NewReader(nc)
			for i, want := range tt.want {
				resp, err := http.ReadResponse(br, &http.Request{Method: strings.Fields(tt.send)[0]})
				if err != nil {
					t.Fatalf("response %d: %v", i, err)
				}
				io.Copy(io.Discard, resp.Body) //nolint:errcheck // checked by the next read
				if got := resp.Proto + " " + resp.Status; got != want {
					t.Fatalf("response %d: got %q; want %q", i, got, want)
				}
				if tt.send[:4] == "HEAD" {
					tt.send = tt.send[4:] // the next one is a GET
				}
			}
			if tt.wantClose {
				if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
					t.Fatalf("got %v; want the connection closed", err)
				}
				return
			}
			io.WriteString(nc, "GET /again HTTP/1.1\r\nHost: a\r\n\r\n") //nolint:errcheck // the read fails
			if resp, err := http.ReadResponse(br, nil); err != nil || resp.StatusCode != http.StatusNotFound {
				t.Fatalf("next request on the kept connection: %v %v", resp, err)
			}
		})
	}
}

// TestExpectContinue: a runtime that sends Expect: 100-continue (curl
// does, for large bodies) gets 100 Continue, then the 202 for its body.
func TestExpectContinue(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	c := submit(t, s, "id")
	nc := dial(t, u)
	br := bufio.NewReader(nc)
	io.WriteString(nc, "GET "+PathNext+" HTTP/1.1\r\nHost: a\r\n\r\n") //nolint:errcheck // the read fails
	if resp, err := http.ReadResponse(br, nil); err != nil || resp.Header.Get(HeaderRequestID) != "id" {
		t.Fatalf("poll: %v %v", resp, err)
	} else {
		io.Copy(io.Discard, resp.Body) //nolint:errcheck // as above
	}
	io.WriteString(nc, "POST /"+Version+"/runtime/invocation/id/response HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 8\r\n\r\n") //nolint:errcheck // as above
	line, err := br.ReadString('\n')
	if err != nil || line != "HTTP/1.1 100 Continue\r\n" {
		t.Fatalf("got %q, %v; want 100 Continue first", line, err)
	}
	br.ReadString('\n')            //nolint:errcheck // the blank line
	io.WriteString(nc, `{"ok":1}`) //nolint:errcheck // as above
	if resp, err := http.ReadResponse(br, nil); err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("response: %v %v", resp, err)
	}
	if r := waitDone(t, c); string(r.Payload) != `{"ok":1}` {
		t.Fatalf("result %q, %v", r.Payload, r.Err)
	}
}

// TestCloseEndsAStuckEventWrite: the runtime polls and never reads, so the
// Submit writing it a large event blocks; Close ends that write.
func TestCloseEndsAStuckEventWrite(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	nc := dial(t, u)
	io.WriteString(nc, "GET "+PathNext+" HTTP/1.1\r\nHost: a\r\n\r\n") //nolint:errcheck // the poll is awaited below
	waitState(t, s, StatePolling)
	delivering := make(chan struct{})
	returned := make(chan error, 1)
	go func() {
		big := bytes.Repeat([]byte("x"), 32<<20)
		_, err := s.Submit(Invocation{RequestID: "big", Payload: big, Timeout: time.Minute, Delivering: func(time.Time) { close(delivering) }})
		returned <- err
	}()
	<-delivering
	s.Close()
	select {
	case <-returned:
	case <-time.After(waitTimeout):
		t.Fatal("Submit still writing after Close")
	}
}

// TestPipelinedResultAndNext: a runtime that sends its result and the
// next GET /next in one write (the Node bootstrap does) gets the 202 and
// then its next event, whether that was submitted as soon as the result
// came (both answers may share a write) or only once the runtime waits in
// /next (the 202 must not wait for an event to come).
func TestPipelinedResultAndNext(t *testing.T) {
	t.Parallel()
	for _, pending := range []bool{true, false} {
		t.Run(map[bool]string{true: "event waiting", false: "no event yet"}[pending], func(t *testing.T) {
			t.Parallel()
			s, u := listen(t)
			first := submit(t, s, "one")
			nc := dial(t, u)
			br := bufio.NewReader(nc)
			get := "GET " + PathNext + " HTTP/1.1\r\nHost: a\r\n\r\n"
			io.WriteString(nc, get) //nolint:errcheck // the read fails
			readAnswer(t, br, http.StatusOK, "one")
			io.WriteString(nc, "POST /"+Version+"/runtime/invocation/one/response HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"+get) //nolint:errcheck // as above
			if res := waitDone(t, first); string(res.Payload) != "{}" {
				t.Fatalf("first result %q, %v", res.Payload, res.Err)
			}
			if pending {
				submit(t, s, "two")
			}
			readAnswer(t, br, http.StatusAccepted, "")
			if !pending {
				waitState(t, s, StatePolling)
				submit(t, s, "two")
			}
			readAnswer(t, br, http.StatusOK, "two")
		})
	}
}

// readAnswer reads one response and checks its status and request id.
func readAnswer(t *testing.T, br *bufio.Reader, status int, id string) {
	t.Helper()
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("want %d %s: %v", status, id, err)
	}
	io.Copy(io.Discard, resp.Body) //nolint:errcheck // the next read fails
	if resp.StatusCode != status || resp.Header.Get(HeaderRequestID) != id {
		t.Fatalf("got %d %q; want %d %q", resp.StatusCode, resp.Header.Get(HeaderRequestID), status, id)
	}
}
