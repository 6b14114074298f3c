package runtimeapi

import (
	"net/http"
)

// handleInitError serves POST /runtime/init/error: the runtime could not
// load the handler. It is legal only before the first poll; the pending
// call, if any, fails with the *InitError, and so does every later Submit.
func (s *Server) handleInitError(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		renderError(w, err)
		return
	}
	fe := functionError(r.Header.Get(HeaderFunctionErrorType), body)
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
