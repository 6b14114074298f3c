package bootstrap_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// rawAnswer is a Runtime API that answers a bootstrap's first GET /next
// with bytes of the test's choosing and passes on the request that
// follows (the outcome posted).
type rawAnswer struct {
	ln     net.Listener
	posted chan *http.Request
	bodies chan string
}

func newRawAnswer(t *testing.T, answer string) *rawAnswer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &rawAnswer{ln: ln, posted: make(chan *http.Request, 1), bodies: make(chan string, 1)}
	t.Cleanup(func() { ln.Close() })
	go r.serve(t, answer)
	return r
}

// serve answers one connection's first request with answer, reads the
// next one, and keeps the connection open until the listener closes.
func (r *rawAnswer) serve(t *testing.T, answer string) {
	conn, err := r.ln.Accept()
	if err != nil {
		return
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	if _, err := http.ReadRequest(br); err != nil {
		return
	}
	if _, err := io.WriteString(conn, answer); err != nil {
		return
	}
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	body, _ := io.ReadAll(req.Body)
	r.posted <- req
	r.bodies <- string(body)
	r.ln.Accept() //nolint:errcheck // waits for cleanup to close the listener
}

// TestNodeReadsAnswerHeads: the bootstrap's own response reader takes
// header names in any case, trims values, joins a repeated field with
// ", " and takes HTTP/1.0 as well as 1.1.
func TestNodeReadsAnswerHeads(t *testing.T) {
	t.Parallel()
	deadline := strconv.FormatInt(time.Now().Add(time.Minute).UnixMilli(), 10)
	for _, tc := range []struct {
		name, status, want string
	}{
		{"http/1.1", "HTTP/1.1 200 OK", "arn:a, arn:b"},
		{"http/1.0", "HTTP/1.0 200 OK", "arn:a, arn:b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			api := newRawAnswer(t, tc.status+"\r\nlambda-RUNTIME-aws-request-id:   req-raw  \r\n"+
				"Lambda-Runtime-Deadline-Ms:"+deadline+"\r\n"+
				"Lambda-Runtime-Invoked-Function-Arn: arn:a\r\nlambda-runtime-invoked-function-arn: arn:b\r\n"+
				"Content-Length: 2\r\n\r\n{}")
			p := startAt(t, nodeRuntime, api.ln.Addr().String(), "handlers.headerFields")
			req, body := awaitRaw(t, api, p)
			if want := "/2018-06-01/runtime/invocation/req-raw/response"; req.URL.Path != want {
				t.Errorf("posted to %s; want %s", req.URL.Path, want)
			}
			want := `{"awsRequestId":"req-raw","invokedFunctionArn":"` + tc.want + `","deadlineKnown":true}`
			if !sameJSON(t, []byte(body), want) {
				t.Errorf("response %s; want %s", body, want)
			}
		})
	}
}

// TestNodeRefusesMalformedHeads: an answer whose status line or a header
// line cannot be read ends the bootstrap (exit 1) with the line quoted.
func TestNodeRefusesMalformedHeads(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, head, want string
	}{
		{"http/2", "HTTP/2 200 OK", `bad status line "HTTP/2 200 OK"`},
		{"two-digit status", "HTTP/1.1 20 OK", `bad status line "HTTP/1.1 20 OK"`},
		{"no status line", "Content-Length: 2", `bad status line "Content-Length: 2"`},
		{"header without colon", "HTTP/1.1 200 OK\r\nno colon here", `bad header line "no colon here"`},
		{"header without name", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n: v", `bad header line ": v"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			api := newRawAnswer(t, tc.head+"\r\n\r\n{}")
			p := startAt(t, nodeRuntime, api.ln.Addr().String(), "handlers.echoAsync")
			if code := p.exitCode(t); code != 1 {
				t.Errorf("exit code %d; want 1", code)
			}
			if !contains(p.stderr.String(), tc.want) {
				t.Errorf("stderr %q; want it to hold %s", p.stderr.String(), tc.want)
			}
		})
	}
}

// awaitRaw returns the request the bootstrap posted after the answer.
func awaitRaw(t *testing.T, api *rawAnswer, p *process) (*http.Request, string) {
	t.Helper()
	select {
	case req := <-api.posted:
		return req, <-api.bodies
	case <-p.exited:
		t.Fatalf("bootstrap exited (%v); stderr:\n%s", p.waitErr, p.stderr.String())
	case <-time.After(hangGuard):
		t.Fatalf("nothing posted within %v; stderr:\n%s", hangGuard, p.stderr.String())
	}
	return nil, ""
}
