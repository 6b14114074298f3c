package runtimeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/event"
)

// waitTimeout bounds every wait in these tests; no assertion is about time.
const waitTimeout = 10 * time.Second

func listen(t *testing.T) (*Server, string) {
	t.Helper()
	s := New()
	addr, err := s.Listen()
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, "http://" + addr
}

type reply struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, method, url string, body []byte, hdr map[string]string) reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, string(b)}
}

func base(u string) string        { return u + "/" + Version + "/runtime" }
func nextURL(u string) string     { return base(u) + "/invocation/next" }
func respURL(u, id string) string { return base(u) + "/invocation/" + id + "/response" }
func errURL(u, id string) string  { return base(u) + "/invocation/" + id + "/error" }
func initURL(u string) string     { return base(u) + "/init/error" }

func submit(t *testing.T, s *Server, id string) *Call {
	t.Helper()
	c, err := s.Submit(Invocation{RequestID: id, Payload: []byte(`{"k":1}`), Timeout: 3 * time.Second,
		FunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:F", TraceID: "Root=1-x", ClientContext: `{"c":1}`})
	if err != nil {
		t.Fatalf("Submit(%s): %v", id, err)
	}
	return c
}

func waitDone(t *testing.T, c *Call) Result {
	t.Helper()
	select {
	case <-c.Done():
		return c.Result()
	case <-time.After(waitTimeout):
		t.Fatalf("call %s never finished", c.RequestID())
		return Result{}
	}
}

func wantError(t *testing.T, r reply, status int, typ string) {
	t.Helper()
	var eb errorBody
	if err := json.Unmarshal([]byte(r.body), &eb); err != nil || r.status != status || eb.Type != typ {
		t.Fatalf("got %d %s; want %d with errorType %s", r.status, r.body, status, typ)
	}
}

func TestNextDeliversInvocationHeaders(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	c := submit(t, s, "req-1")
	r := do(t, "GET", nextURL(u), nil, nil)
	want := map[string]string{
		HeaderRequestID:     "req-1",
		HeaderFunctionARN:   "arn:aws:lambda:us-east-1:123456789012:function:F",
		HeaderTraceID:       "Root=1-x",
		HeaderClientContext: `{"c":1}`,
	}
	for k, v := range want {
		if got := r.header.Get(k); got != v {
			t.Errorf("header %s: got %q; want %q", k, got, v)
		}
	}
	if r.header.Get(HeaderCognitoIdentity) != "" {
		t.Errorf("Cognito header set though the invocation has none")
	}
	ms, err := strconv.ParseInt(r.header.Get(HeaderDeadlineMs), 10, 64)
	if err != nil || ms != c.Deadline().UnixMilli() || !c.Deadline().Equal(c.DeliveredAt().Add(3*time.Second)) {
		t.Errorf("deadline header %q; want %d (delivery + timeout)", r.header.Get(HeaderDeadlineMs), c.Deadline().UnixMilli())
	}
	if r.status != 200 || r.body != `{"k":1}` {
		t.Errorf("got %d %q; want 200 with the payload", r.status, r.body)
	}
	if s.State() != StateRunning {
		t.Errorf("state %v; want Running", s.State())
	}
}

func TestResponseFinishesCall(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	c := submit(t, s, "req-1")
	do(t, "GET", nextURL(u), nil, nil)
	r := do(t, "POST", respURL(u, "req-1"), []byte(`{"ok":true}`), nil)
	if r.status != http.StatusAccepted || r.body != acceptedBody {
		t.Fatalf("got %d %s; want 202 %s", r.status, r.body, acceptedBody)
	}
	if res := waitDone(t, c); string(res.Payload) != `{"ok":true}` || res.Err != nil {
		t.Fatalf("got %q, %v; want the posted payload", res.Payload, res.Err)
	}
	if s.State() != StateResponded {
		t.Fatalf("state %v; want Responded", s.State())
	}
}

func TestInvocationErrorBecomesFunctionError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, header, body, wantType, wantMsg string
	}{
		{"json body", "Handled", `{"errorMessage":"Unauthorized","errorType":"Error","stackTrace":["a"]}`, "Error", "Unauthorized"},
		{"type only in header", "Runtime.HandlerError", `{"errorMessage":"boom"}`, "Runtime.HandlerError", "boom"},
		{"body not json", "Custom", `boom!`, "Custom", "boom!"},
		{"nothing at all", "", ``, ErrorTypeUnknown, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, u := listen(t)
			c := submit(t, s, "id")
			do(t, "GET", nextURL(u), nil, nil)
			r := do(t, "POST", errURL(u, "id"), []byte(tt.body), map[string]string{HeaderFunctionErrorType: tt.header})
			if r.status != http.StatusAccepted {
				t.Fatalf("got %d %s; want 202", r.status, r.body)
			}
			var fe *event.FunctionError
			res := waitDone(t, c)
			if !errors.As(res.Err, &fe) || fe.Type != tt.wantType || fe.Message != tt.wantMsg || string(fe.Body) != tt.body {
				t.Fatalf("got %#v; want type %q message %q", res.Err, tt.wantType, tt.wantMsg)
			}
		})
	}
}

// Illegal moves get the service's answers: 403 InvalidStateTransition for
// the state, 400 InvalidRequestID for an id that is not running.
func TestIllegalRequests(t *testing.T) {
	t.Parallel()
	type step struct{ method, path, id string }
	tests := []struct {
		name       string
		setup      []step // each must succeed
		bad        step
		wantStatus int
		wantType   string
		wantState  State
	}{
		{"response before any poll", nil, step{"POST", "response", "x"}, 403, ErrorTypeInvalidStateTransition, StateStarted},
		{"error before any poll", nil, step{"POST", "error", "x"}, 403, ErrorTypeInvalidStateTransition, StateStarted},
		{"response to another id", []step{{"GET", "next", ""}}, step{"POST", "response", "other"}, 400, ErrorTypeInvalidRequestID, StateRunning},
		{"error to another id", []step{{"GET", "next", ""}}, step{"POST", "error", "other"}, 400, ErrorTypeInvalidRequestID, StateRunning},
		{"second response", []step{{"GET", "next", ""}, {"POST", "response", "id"}}, step{"POST", "response", "id"}, 403, ErrorTypeInvalidStateTransition, StateResponded},
		{"poll while running", []step{{"GET", "next", ""}}, step{"GET", "next", ""}, 403, ErrorTypeInvalidStateTransition, StateRunning},
		{"init error after poll", []step{{"GET", "next", ""}}, step{"POST", "init", ""}, 403, ErrorTypeInvalidStateTransition, StateRunning},
		{"poll after init error", []step{{"POST", "init", ""}}, step{"GET", "next", ""}, 403, ErrorTypeInvalidStateTransition, StateInitFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, u := listen(t)
			submit(t, s, "id")
			url := func(st step) string {
				switch st.path {
				case "next":
					return nextURL(u)
				case "response":
					return respURL(u, st.id)
				case "error":
					return errURL(u, st.id)
				}
				return initURL(u)
			}
			for _, st := range tt.setup {
				if r := do(t, st.method, url(st), []byte(`{}`), nil); r.status >= 300 {
					t.Fatalf("setup %v: got %d %s", st, r.status, r.body)
				}
			}
			wantError(t, do(t, tt.bad.method, url(tt.bad), []byte(`{}`), nil), tt.wantStatus, tt.wantType)
			if got := s.State(); got != tt.wantState {
				t.Fatalf("state %v; want %v", got, tt.wantState)
			}
		})
	}
}

func TestWrongIDIsRecordedAndRightIDStillWorks(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	c := submit(t, s, "id")
	do(t, "GET", nextURL(u), nil, nil)
	wantError(t, do(t, "POST", respURL(u, "other"), []byte(`1`), nil), 400, ErrorTypeInvalidRequestID)
	if v := c.Violation(); !errors.Is(v, ErrInvalidRequestID) {
		t.Fatalf("violation %v; want ErrInvalidRequestID", v)
	}
	if r := do(t, "POST", respURL(u, "id"), []byte(`2`), nil); r.status != 202 {
		t.Fatalf("got %d; want 202", r.status)
	}
	if res := waitDone(t, c); string(res.Payload) != "2" {
		t.Fatalf("got %q; want 2", res.Payload)
	}
}

func TestInitErrorFailsPendingAndLaterCalls(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	c := submit(t, s, "id")
	body := `{"errorMessage":"Cannot find module 'app'","errorType":"Runtime.ImportModuleError"}`
	if r := do(t, "POST", initURL(u), []byte(body), nil); r.status != 202 {
		t.Fatalf("got %d %s; want 202", r.status, r.body)
	}
	var ie *InitError
	var fe *event.FunctionError
	res := waitDone(t, c)
	if !errors.As(res.Err, &ie) || !errors.As(res.Err, &fe) || fe.Type != "Runtime.ImportModuleError" {
		t.Fatalf("got %v; want an InitError wrapping Runtime.ImportModuleError", res.Err)
	}
	if _, err := s.Submit(Invocation{RequestID: "next"}); !errors.As(err, &ie) {
		t.Fatalf("Submit after init error: got %v; want the InitError", err)
	}
}

func TestOversizedResponse(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"response", "error"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			s, u := listen(t)
			c := submit(t, s, "id")
			do(t, "GET", nextURL(u), nil, nil)
			big := bytes.Repeat([]byte("a"), MaxPayloadSize+1)
			url := respURL(u, "id")
			if path == "error" {
				url = errURL(u, "id")
			}
			wantError(t, do(t, "POST", url, big, nil), 413, ErrorTypeRequestEntityTooLarge)
			var fe *event.FunctionError
			if res := waitDone(t, c); !errors.As(res.Err, &fe) || fe.Type != ErrorTypeResponseTooLarge {
				t.Fatalf("got %v; want %s", res.Err, ErrorTypeResponseTooLarge)
			}
		})
	}
}

func TestExactlyMaxPayloadIsAccepted(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	c := submit(t, s, "id")
	do(t, "GET", nextURL(u), nil, nil)
	if r := do(t, "POST", respURL(u, "id"), bytes.Repeat([]byte("a"), MaxPayloadSize), nil); r.status != 202 {
		t.Fatalf("got %d; want 202", r.status)
	}
	if res := waitDone(t, c); len(res.Payload) != MaxPayloadSize {
		t.Fatalf("got %d bytes; want %d", len(res.Payload), MaxPayloadSize)
	}
}

func TestSubmitBusyAbortWithdraw(t *testing.T) {
	t.Parallel()
	s := New()
	c := submit(t, s, "a")
	if _, err := s.Submit(Invocation{RequestID: "b"}); !errors.Is(err, ErrBusy) {
		t.Fatalf("second Submit: got %v; want ErrBusy", err)
	}
	if !c.Withdraw() || c.Withdraw() {
		t.Fatalf("Withdraw: want true once, then false")
	}
	c2 := submit(t, s, "b")
	cause := errors.New("process exited")
	s.Abort(cause)
	if res := waitDone(t, c2); !errors.Is(res.Err, cause) {
		t.Fatalf("after Abort: got %v; want the cause", res.Err)
	}
	if _, err := s.Submit(Invocation{RequestID: "c"}); !errors.Is(err, cause) {
		t.Fatalf("Submit after Abort: got %v; want the cause", err)
	}
}

func TestPollerThatLeavesRestoresState(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", nextURL(u), nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	waitState(t, s, StatePolling)
	cancel()
	<-done
	waitState(t, s, StateStarted)
	submit(t, s, "id")
	if r := do(t, "GET", nextURL(u), nil, nil); r.header.Get(HeaderRequestID) != "id" {
		t.Fatalf("poll after a lost poller: got %d %v", r.status, r.header)
	}
}

func TestPollBlocksUntilSubmit(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	got := make(chan reply, 1)
	go func() { got <- do(t, "GET", nextURL(u), nil, nil) }()
	waitState(t, s, StatePolling)
	submit(t, s, "late")
	if r := <-got; r.header.Get(HeaderRequestID) != "late" {
		t.Fatalf("got %v; want request id late", r.header)
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	t.Parallel()
	_, u := listen(t)
	tests := []struct {
		name, method, url string
		want              int
	}{
		{"unknown path", "GET", base(u) + "/nope", 404},
		{"other version", "GET", u + "/2099-01-01/runtime/invocation/next", 404},
		{"post to next", "POST", nextURL(u), 405},
		{"get response", "GET", respURL(u, "x"), 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := do(t, tt.method, tt.url, nil, nil); r.status != tt.want {
				t.Fatalf("got %d; want %d", r.status, tt.want)
			}
		})
	}
}

func TestStateStringsAndTransitionError(t *testing.T) {
	t.Parallel()
	if got := State(99).String(); !strings.Contains(got, "99") {
		t.Fatalf("got %q", got)
	}
	_, err := StateRunning.next(actNext)
	var te *TransitionError
	if !errors.As(err, &te) || te.From != StateRunning || !strings.Contains(err.Error(), "Running") {
		t.Fatalf("got %v; want a TransitionError from Running", err)
	}
}

func waitState(t *testing.T, s *Server, want State) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for s.State() != want {
		if time.Now().After(deadline) {
			t.Fatalf("state %v; want %v", s.State(), want)
		}
		time.Sleep(time.Millisecond)
	}
}
