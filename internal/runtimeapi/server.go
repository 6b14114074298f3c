package runtimeapi

import (
	"context"
	"net"
	"net/http"
	"runtime"
	"sync"
	"time"
)

// Server is the Runtime API of one function process.
type Server struct {
	mux *http.ServeMux

	mu        sync.Mutex
	state     State
	pending   *Call   // submitted, not yet polled
	current   *Call   // polled, no outcome yet
	poller    *poller // a GET /next waiting with nothing to hand out
	initErr   *InitError
	aborted   error
	abortedCh chan struct{} // closed by Abort
	// claimedLeave, when set (tests), runs when a poller's wait ended
	// while a Submit held it, before it waits for the write to end.
	claimedLeave func()
	// slowHeads, when set (tests), reads every request with
	// http.ReadRequest and dispatches it with mux.
	slowHeads bool

	gate  Gate // set by Serve before the first connection is accepted
	ln    net.Listener
	conns connSet
	addr  string
}

// New returns a Server in StateStarted. Its Handler works without Listen,
// which tests and fuzzing use.
func New() *Server {
	s := &Server{mux: http.NewServeMux(), abortedCh: make(chan struct{})}
	s.mux.HandleFunc("GET "+PathNext, s.handleNext)
	s.mux.HandleFunc("POST "+PathResponse, s.handleResponse)
	s.mux.HandleFunc("POST "+PathInvocationError, s.handleInvocationError)
	s.mux.HandleFunc("POST "+PathInitError, s.handleInitError)
	return s
}

// Handler serves the Runtime API paths.
func (s *Server) Handler() http.Handler { return s.mux }

// Listen serves every client on 127.0.0.1 at a free port and returns
// "127.0.0.1:PORT" (tests and fuzzing; a process pool uses Bind and Serve).
func (s *Server) Listen() (string, error) {
	addr, err := s.Bind()
	if err == nil {
		s.Serve(nil)
	}
	return addr, err
}

// Bind takes a free port on 127.0.0.1 and returns "127.0.0.1:PORT", the
// value of AWS_LAMBDA_RUNTIME_API. Connections wait in the listen backlog
// until Serve, so the process can be started, and its id known, first.
func (s *Server) Bind() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	s.ln, s.addr = ln, ln.Addr().String()
	return s.addr, nil
}

// Serve answers connections on the port Bind took. Each connection is put
// to gate once, before any of its requests has an effect; a refused one
// gets 403 AccessDenied on every request (see Gate). A nil gate admits
// every client.
func (s *Server) Serve(gate Gate) {
	s.gate = gate
	go s.accept(s.ln)
}

// Addr returns the address Listen chose, or "".
func (s *Server) Addr() string { return s.addr }

// Close fails any call with ErrClosed, stops serving and closes every
// connection (which ends a write Submit is blocked in).
func (s *Server) Close() error {
	s.Abort(ErrClosed)
	var err error
	if s.ln != nil {
		err = s.ln.Close()
	}
	s.conns.closeAll()
	return err
}

// State returns the process's current state.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Submit queues inv for the runtime's next poll. When the runtime already
// waits in GET /next, Submit hands inv out itself: it runs Delivering and
// writes the event to the runtime before it returns, so it may block until
// the runtime reads it; the caller bounds that by stopping the process
// (Close ends the write). It fails with ErrBusy while another call
// is pending or running, with the *InitError once the runtime reported one,
// and with the Abort cause after Abort.
func (s *Server) Submit(inv Invocation) (*Call, error) {
	s.mu.Lock()
	switch {
	case s.aborted != nil:
		s.mu.Unlock()
		return nil, s.aborted
	case s.initErr != nil:
		s.mu.Unlock()
		return nil, s.initErr
	case s.pending != nil || s.current != nil:
		s.mu.Unlock()
		return nil, ErrBusy
	}
	c := newCall(s, inv)
	pl := s.poller
	if pl == nil {
		s.pending = c
		s.mu.Unlock()
		return c, nil
	}
	s.poller = nil
	s.start(c)
	s.mu.Unlock()
	pl.handOut(c)
	return c, nil
}

// Abort fails the pending or running call with cause (the process exited,
// or was killed) and refuses later Submits. The first cause wins.
func (s *Server) Abort(cause error) {
	if cause == nil {
		cause = ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted != nil {
		return
	}
	s.aborted = cause
	s.state = StateClosed
	close(s.abortedCh)
	s.failCalls(cause)
}

// failCalls finishes pending and current with err; the caller holds mu.
func (s *Server) failCalls(err error) {
	for _, c := range []*Call{s.pending, s.current} {
		if c != nil {
			c.finish(Result{Err: err})
		}
	}
	s.pending, s.current = nil, nil
}

func (s *Server) withdraw(c *Call) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending != c {
		return false
	}
	s.pending = nil
	return true
}

// poll moves to StatePolling and hands out the pending call, or waits for
// Submit to hand one out on w itself (handed is then true: the event was
// written).
func (s *Server) poll(ctx context.Context, w http.ResponseWriter) (c *Call, handed bool, err error) {
	s.mu.Lock()
	if s.aborted != nil {
		s.mu.Unlock()
		return nil, false, s.aborted
	}
	from := s.state
	if err := s.move(actNext); err != nil {
		s.mu.Unlock()
		return nil, false, err
	}
	if c, err = s.takeOrFlush(w, from); c != nil || err != nil {
		s.mu.Unlock()
		return c, false, err
	}
	pl := newPoller(w, from)
	s.poller = pl
	s.mu.Unlock()
	if r, ok := w.(*response); ok {
		r.parked = pl // the connection loop waits (conn.go)
		return nil, true, nil
	}
	return nil, true, s.await(ctx, pl)
}

// takeOrFlush hands out the pending call, if any. A connection-loop poll
// about to park first sends what its connection still holds (an earlier
// answer kept back to share a write with this one, conn.go): once parked,
// a Submit may write there. The caller holds mu; it is released during
// the flush.
//
// Before that flush it yields once: the invoker the held-back answer
// woke is likely about to submit the next event, and if it does first,
// the answer and the event leave in one write (one wake-up of the
// runtime instead of two). With nothing else runnable the yield returns
// at once.
func (s *Server) takeOrFlush(w http.ResponseWriter, from State) (*Call, error) {
	r, _ := w.(*response)
	yielded := false
	for {
		if s.aborted != nil {
			return nil, s.aborted
		}
		if c := s.pending; c != nil {
			s.pending = nil
			s.start(c)
			return c, nil
		}
		if r == nil || r.c.bw.Buffered() == 0 {
			return nil, nil
		}
		s.mu.Unlock()
		if !yielded {
			yielded = true
			runtime.Gosched()
			s.mu.Lock()
			continue
		}
		err := r.c.bw.Flush()
		s.mu.Lock()
		if err != nil {
			s.unpoll(from)
			return nil, errGone
		}
	}
}

// start makes c the running call, delivered now; the caller holds mu.
func (s *Server) start(c *Call) {
	s.current = c
	s.state = StateRunning
	c.deliver(time.Now())
}

// unpoll puts back the state a poller left when it went away; the caller
// holds mu.
func (s *Server) unpoll(from State) {
	if s.state == StatePolling {
		s.state = from
	}
}

// move applies a to the state machine; the caller holds mu.
func (s *Server) move(a action) error {
	to, err := s.state.next(a)
	if err != nil {
		s.noteViolation(err)
		return err
	}
	s.state = to
	return nil
}

// noteViolation records err on the running call; the caller holds mu.
func (s *Server) noteViolation(err error) {
	if s.current != nil {
		s.current.violation = err
	}
}

// respond finishes the running call id with r; the caller holds mu.
func (s *Server) respond(id []byte, r Result) error {
	if s.aborted != nil {
		return s.aborted
	}
	if err := s.checkRunning(id); err != nil {
		return err
	}
	if err := s.move(actRespond); err != nil {
		return err
	}
	s.current.finish(r)
	s.current = nil
	return nil
}

// checkRunning answers as the service does: state first, then the id.
func (s *Server) checkRunning(id []byte) error {
	if _, err := s.state.next(actRespond); err != nil {
		s.noteViolation(err)
		return err
	}
	if s.current.inv.RequestID != string(id) {
		err := &RequestIDError{Got: string(id), Running: s.current.inv.RequestID}
		s.noteViolation(err)
		return err
	}
	return nil
}

// complete finishes the running call id with r.
func (s *Server) complete(id []byte, r Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.respond(id, r)
}
