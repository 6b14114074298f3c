package runtimeapi

import (
	"errors"
	"net/http"
)

// handleResponse serves POST /runtime/invocation/{id}/response for
// ServeMux.
func (s *Server) handleResponse(w http.ResponseWriter, r *http.Request) {
	s.serveResponse(w, fromHTTP(r))
}

// serveResponse serves POST /runtime/invocation/{id}/response.
func (s *Server) serveResponse(w http.ResponseWriter, rq *request) {
	s.serveOutcome(w, rq, func(body []byte) Result { return Result{Payload: body} })
}

// serveOutcome reads the body posted for the request id in the path and
// finishes the running call with the Result made from it.
func (s *Server) serveOutcome(w http.ResponseWriter, rq *request, result func([]byte) Result) {
	id := rq.id
	body, err := readBody(rq)
	switch {
	case errors.Is(err, ErrTooLarge):
		s.rejectTooLarge(w, id)
	case err != nil:
		renderError(w, err)
	default:
		finishWith(w, s.complete(id, result(body)))
	}
}

// rejectTooLarge fails the running call as Lambda does when a runtime posts
// more than MaxPayloadSize, and tells the runtime 413.
func (s *Server) rejectTooLarge(w http.ResponseWriter, id []byte) {
	if err := s.complete(id, Result{Err: tooLarge()}); err != nil {
		renderError(w, err)
		return
	}
	renderError(w, ErrTooLarge)
}

func finishWith(w http.ResponseWriter, err error) {
	if err != nil {
		renderError(w, err)
		return
	}
	renderAccepted(w)
}
