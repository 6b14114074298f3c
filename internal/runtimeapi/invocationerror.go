package runtimeapi

import (
	"net/http"
)

// handleInvocationError serves POST /runtime/invocation/{id}/error for
// ServeMux: the handler failed; the body is {"errorMessage","errorType",
// ...} and the Lambda-Runtime-Function-Error-Type header names the type
// too.
func (s *Server) handleInvocationError(w http.ResponseWriter, r *http.Request) {
	s.serveInvocationError(w, fromHTTP(r))
}

// serveInvocationError serves POST /runtime/invocation/{id}/error.
func (s *Server) serveInvocationError(w http.ResponseWriter, rq *request) {
	typ := rq.errorType
	s.serveOutcome(w, rq, func(body []byte) Result { return Result{Err: functionError(typ, body)} })
}
