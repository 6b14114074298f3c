package runtimeapi

import (
	"context"
	"net/http"
)

// poller is a GET /next that found nothing to hand out. Submit claims it
// (takes it out of Server.poller under mu) and writes the event on its
// ResponseWriter itself, so the event reaches the runtime without waiting
// for the handler's goroutine to be scheduled. The handler does not return
// before the claimer is done with the ResponseWriter.
type poller struct {
	w       http.ResponseWriter
	from    State         // the state before the poll, put back if it leaves
	written chan struct{} // closed by the claimer once the event is written
}

func newPoller(w http.ResponseWriter, from State) *poller {
	return &poller{w: w, from: from, written: make(chan struct{})}
}

// handOut runs c's Delivering, then writes and flushes the event.
func (pl *poller) handOut(c *Call) {
	defer close(pl.written)
	if c.inv.Delivering != nil {
		c.inv.Delivering(c.deadline)
	}
	writeInvocation(pl.w, c)
	if f, ok := pl.w.(http.Flusher); ok {
		f.Flush()
	}
}

// await waits until pl was claimed and its event written, or until its
// runtime went away (errGone) or the server was aborted (ErrClosed). A
// poller claimed meanwhile still waits for the write to end: the claimer
// holds its ResponseWriter until then.
func (s *Server) await(ctx context.Context, pl *poller) error {
	var err error
	select {
	case <-pl.written:
		return nil
	case <-ctx.Done():
		err = errGone
	case <-s.abortedCh:
		err = ErrClosed
	}
	if s.leaveOrWait(pl) {
		return err
	}
	return nil
}

// leaveOrWait withdraws pl, or, when a Submit claimed it, waits until that
// Submit's write ended; it reports whether it withdrew pl.
func (s *Server) leaveOrWait(pl *poller) bool {
	if s.leave(pl) {
		return true
	}
	if s.claimedLeave != nil {
		s.claimedLeave()
	}
	<-pl.written
	return false
}

// leave withdraws pl unless a Submit claimed it; it reports whether it did.
func (s *Server) leave(pl *poller) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.poller != pl {
		return false
	}
	s.poller = nil
	s.unpoll(pl.from)
	return true
}
