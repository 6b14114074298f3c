package runtimeapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// watchedWriter records whether anything was written after the handler
// that owns it returned.
type watchedWriter struct {
	*httptest.ResponseRecorder
	returned atomic.Bool
	late     atomic.Bool
}

func (w *watchedWriter) Write(b []byte) (int, error) {
	w.late.CompareAndSwap(false, w.returned.Load())
	return w.ResponseRecorder.Write(b)
}

func (w *watchedWriter) WriteHeader(code int) {
	w.late.CompareAndSwap(false, w.returned.Load())
	w.ResponseRecorder.WriteHeader(code)
}

// TestPollerLeavingWhileSubmitWrites: the handler's connection goes away
// (or the server aborts) after a Submit claimed the waiting poll. The
// handler must not return while the Submit still writes its event.
func TestPollerLeavingWhileSubmitWrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		leave func(cancel context.CancelFunc, s *Server)
	}{
		{"connection closed", func(cancel context.CancelFunc, _ *Server) { cancel() }},
		{"server aborted", func(_ context.CancelFunc, s *Server) { s.Abort(errors.New("exited")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := New()
			left := make(chan struct{})
			s.claimedLeave = func() { close(left) }
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w := &watchedWriter{ResponseRecorder: httptest.NewRecorder()}
			returned := serveNext(s, w, ctx)
			waitState(t, s, StatePolling)

			delivering, release := make(chan struct{}), make(chan struct{})
			submitted := make(chan *Call, 1)
			go func() {
				c, _ := s.Submit(Invocation{RequestID: "r", Payload: []byte(`{}`), Timeout: time.Minute,
					Delivering: func(time.Time) { close(delivering); <-release }})
				submitted <- c
			}()
			<-delivering // the Submit holds the poller's ResponseWriter
			tt.leave(cancel, s)
			select {
			case <-left: // the handler waits for the write
			case <-returned:
				close(release)
				t.Fatal("the handler returned while a Submit held its ResponseWriter")
			}
			close(release)
			<-returned
			if w.late.Load() {
				t.Fatal("the event was written after the handler returned")
			}
			if c := <-submitted; c == nil || w.Header().Get(HeaderRequestID) != "r" {
				t.Fatalf("Submit: call %v, headers %v; want the event written", c, w.Header())
			}
		})
	}
}

// serveNext runs GET /next on s's handler with w and ctx; the channel
// closes when the handler returned.
func serveNext(s *Server, w *watchedWriter, ctx context.Context) <-chan struct{} {
	req := httptest.NewRequest("GET", PathNext, nil).WithContext(ctx)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		s.Handler().ServeHTTP(w, req)
		w.returned.Store(true)
	}()
	return returned
}

// TestWhoWritesTheEvent: with a runtime already waiting in /next, Submit
// runs Delivering and writes the event before it returns; with none, it
// only queues the call, and the next poll hands it out (the old path).
func TestWhoWritesTheEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		pollFirst     bool
		wantInSubmit  bool
		wantStateThen State
	}{
		{"runtime waiting: Submit writes", true, true, StateRunning},
		{"no runtime waiting: the poll writes", false, false, StateStarted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, u := listen(t)
			got := make(chan reply, 1)
			if tt.pollFirst {
				go func() { got <- do(t, "GET", nextURL(u), nil, nil) }()
				waitState(t, s, StatePolling)
			}
			var ran atomic.Bool
			var deadline time.Time // set before ran
			c, err := s.Submit(Invocation{RequestID: "id", Payload: []byte(`{"k":1}`), Timeout: time.Minute,
				Delivering: func(d time.Time) { deadline = d; ran.Store(true) }})
			if err != nil {
				t.Fatal(err)
			}
			if ran.Load() != tt.wantInSubmit || s.State() != tt.wantStateThen {
				t.Fatalf("after Submit: Delivering ran %v, state %v; want %v, %v", ran.Load(), s.State(), tt.wantInSubmit, tt.wantStateThen)
			}
			if !tt.pollFirst {
				go func() { got <- do(t, "GET", nextURL(u), nil, nil) }()
			}
			r := <-got
			if r.status != http.StatusOK || r.header.Get(HeaderRequestID) != "id" || r.body != `{"k":1}` || !ran.Load() {
				t.Fatalf("poll got %d %v %q (Delivering ran %v)", r.status, r.header, r.body, ran.Load())
			}
			if !deadline.Equal(c.Deadline()) || r.header.Get(HeaderDeadlineMs) != strconv.FormatInt(deadline.UnixMilli(), 10) {
				t.Fatalf("Delivering got deadline %v; the call's is %v, the runtime was sent %s", deadline, c.Deadline(), r.header.Get(HeaderDeadlineMs))
			}
			if do(t, "POST", respURL(u, "id"), []byte(`{"ok":1}`), nil).status != http.StatusAccepted {
				t.Fatal("response not accepted")
			}
			if res := waitDone(t, c); string(res.Payload) != `{"ok":1}` {
				t.Fatalf("result %q, %v", res.Payload, res.Err)
			}
		})
	}
}

// TestRuntimeLeavingWhileSubmitWrites: the connection loop's side of the
// race. The runtime's connection closes after a Submit claimed its parked
// poll; the loop must not touch the connection (flush, close) until the
// Submit's write ended (the race detector sees it otherwise), and the
// call counts as delivered: its deadline is the pool's to enforce.
func TestRuntimeLeavingWhileSubmitWrites(t *testing.T) {
	t.Parallel()
	s, u := listen(t)
	left := make(chan struct{})
	s.claimedLeave = func() { close(left) }
	nc := dial(t, u)
	io.WriteString(nc, "GET "+PathNext+" HTTP/1.1\r\nHost: a\r\n\r\n") //nolint:errcheck // the poll is awaited below
	waitState(t, s, StatePolling)
	delivering, release := make(chan struct{}), make(chan struct{})
	submitted := make(chan *Call, 1)
	go func() {
		c, _ := s.Submit(Invocation{RequestID: "r", Payload: []byte(`{}`), Timeout: time.Minute,
			Delivering: func(time.Time) { close(delivering); <-release }})
		submitted <- c
	}()
	<-delivering
	nc.Close()
	<-left // the loop saw the runtime go, and waits for the write
	close(release)
	c := <-submitted
	select {
	case <-c.Delivered():
	default:
		t.Fatal("the call is not delivered")
	}
	if st := s.State(); st != StateRunning {
		t.Fatalf("state %v; want Running", st)
	}
}
