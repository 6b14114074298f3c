package runtimeapi

import (
	"net/http"
)

// handleInvocationError serves POST /runtime/invocation/{id}/error: the
// handler failed; the body is {"errorMessage","errorType",...} and the
// Lambda-Runtime-Function-Error-Type header names the type too.
func (s *Server) handleInvocationError(w http.ResponseWriter, r *http.Request) {
	typ := r.Header.Get(HeaderFunctionErrorType)
	s.handleOutcome(w, r, func(body []byte) Result { return Result{Err: functionError(typ, body)} })
}
