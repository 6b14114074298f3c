package runtimeapi

import (
	"errors"
	"net/http"
	"strconv"
)

// handleNext serves GET /runtime/invocation/next: it blocks until an
// invocation is submitted, then hands it to the runtime.
func (s *Server) handleNext(w http.ResponseWriter, r *http.Request) {
	c, err := s.poll(r.Context())
	if errors.Is(err, errGone) {
		return
	}
	if err != nil {
		renderError(w, err)
		return
	}
	if c.inv.Delivering != nil {
		c.inv.Delivering()
	}
	writeInvocation(w, c)
}

func writeInvocation(w http.ResponseWriter, c *Call) {
	h := w.Header()
	h.Set(HeaderRequestID, c.inv.RequestID)
	h.Set(HeaderDeadlineMs, strconv.FormatInt(c.deadline.UnixMilli(), 10))
	setIfNotEmpty(h, HeaderFunctionARN, c.inv.FunctionARN)
	setIfNotEmpty(h, HeaderTraceID, c.inv.TraceID)
	setIfNotEmpty(h, HeaderClientContext, c.inv.ClientContext)
	setIfNotEmpty(h, HeaderCognitoIdentity, c.inv.CognitoIdentity)
	h.Set(headerContentType, contentTypeJSON)
	w.WriteHeader(http.StatusOK)
	w.Write(c.inv.Payload) //nolint:errcheck // a lost event ends in the caller's timeout
}

func setIfNotEmpty(h http.Header, k, v string) {
	if v != "" {
		h.Set(k, v)
	}
}
