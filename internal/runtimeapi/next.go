package runtimeapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
)

// handleNext serves GET /runtime/invocation/next for ServeMux.
func (s *Server) handleNext(w http.ResponseWriter, r *http.Request) {
	s.serveNext(w, r.Context())
}

// serveNext serves GET /runtime/invocation/next: it hands out the pending
// invocation, or blocks until Submit hands one out on w (handoff.go) or
// ctx ends.
func (s *Server) serveNext(w http.ResponseWriter, ctx context.Context) {
	c, handed, err := s.poll(ctx, w)
	switch {
	case errors.Is(err, errGone):
		return
	case err != nil:
		renderError(w, err)
		return
	case handed: // Submit wrote the event
		return
	}
	if c.inv.Delivering != nil {
		c.inv.Delivering()
	}
	writeInvocation(w, c)
}

// writeInvocation writes the event with its headers. The header values
// share one backing array (one allocation instead of one per header), and
// the length is declared, so an event larger than net/http's buffer is
// not sent chunked.
func writeInvocation(w http.ResponseWriter, c *Call) {
	vals := make([]string, 0, 8)
	h := w.Header()
	set := func(k, v string) {
		if v != "" {
			vals = append(vals, v)
			h[k] = vals[len(vals)-1 : len(vals) : len(vals)]
		}
	}
	set(HeaderRequestID, c.inv.RequestID)
	set(HeaderDeadlineMs, strconv.FormatInt(c.deadline.UnixMilli(), 10))
	set(HeaderFunctionARN, c.inv.FunctionARN)
	set(HeaderTraceID, c.inv.TraceID)
	set(HeaderClientContext, c.inv.ClientContext)
	set(HeaderCognitoIdentity, c.inv.CognitoIdentity)
	set(headerContentType, contentTypeJSON)
	set(headerContentLength, strconv.Itoa(len(c.inv.Payload)))
	w.WriteHeader(http.StatusOK)
	w.Write(c.inv.Payload) //nolint:errcheck // a lost event ends in the caller's timeout
}
