package runtimeapi

import (
	"errors"
	"net/http"
)

// handleResponse serves POST /runtime/invocation/{id}/response.
func (s *Server) handleResponse(w http.ResponseWriter, r *http.Request) {
	s.handleOutcome(w, r, func(body []byte) Result { return Result{Payload: body} })
}

// handleOutcome reads the body posted for the request id in the path and
// finishes the running call with the Result made from it.
func (s *Server) handleOutcome(w http.ResponseWriter, r *http.Request, result func([]byte) Result) {
	id := r.PathValue(pathValueRequestID)
	body, err := readBody(r)
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
func (s *Server) rejectTooLarge(w http.ResponseWriter, id string) {
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
