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
		c.inv.Delivering(c.deadline)
	}
	writeInvocation(w, c)
}

// writeInvocation writes the event with its headers. The connection
// loop's own response writes them straight to its buffer (writeEvent);
// any other ResponseWriter (Handler under net/http) gets them in its
// header map. The length is declared, so an event larger than a buffer
// is not sent chunked.
func writeInvocation(w http.ResponseWriter, c *Call) {
	if r, ok := w.(*response); ok {
		r.writeEvent(c)
		return
	}
	h := w.Header()
	for _, f := range c.eventFields() {
		if f.value != "" {
			h[f.name] = []string{f.value}
		}
	}
	h[HeaderDeadlineMs] = []string{strconv.FormatInt(c.deadline.UnixMilli(), 10)}
	h[headerContentLength] = []string{strconv.Itoa(len(c.inv.Payload))}
	w.WriteHeader(http.StatusOK)
	w.Write(c.inv.Payload) //nolint:errcheck // a lost event ends in the caller's timeout
}

// field is one header field of an answer.
type field struct{ name, value string }

// eventFields are the event's header fields but its deadline and length,
// in the order writeEvent writes them; an empty one is not sent.
func (c *Call) eventFields() [6]field {
	return [6]field{
		{HeaderRequestID, c.inv.RequestID},
		{HeaderFunctionARN, c.inv.FunctionARN},
		{HeaderTraceID, c.inv.TraceID},
		{HeaderClientContext, c.inv.ClientContext},
		{HeaderCognitoIdentity, c.inv.CognitoIdentity},
		{headerContentType, contentTypeJSON},
	}
}
