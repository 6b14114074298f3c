package runtimeapi

import (
	"net/http"
)

// handleInitError serves POST /runtime/init/error for ServeMux: the
// runtime could not load the handler. It is legal only before the first poll; the pending
// call, if any, fails with the *InitError, and so does every later Submit.
func (s *Server) handleInitError(w http.ResponseWriter, r *http.Request) {
	s.serveInitError(w, fromHTTP(r))
}

// serveInitError serves POST /runtime/init/error.
func (s *Server) serveInitError(w http.ResponseWriter, rq *request) {
	body, err := readBody(rq)
	if err != nil {
		renderError(w, err)
		return
	}
	fe := functionError(rq.errorType, body)
	finishWith(w, s.initFailed(&InitError{Err: fe}))
}

func (s *Server) initFailed(ie *InitError) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted != nil {
		return s.aborted
	}
	if err := s.move(actInitError); err != nil {
		return err
	}
	s.initErr = ie
	s.failCalls(ie)
	return nil
}
