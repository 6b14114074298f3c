package gateway

import (
	"errors"

	"github.com/apigw/apigw/internal/request"
)

// Errors of the HTTP front end, before a request reaches the pipeline.
var (
	errBodyTooLarge   = errors.New("request body over 10 MB")
	errHeaderTooLarge = errors.New("request headers too large")
	errBadRequest     = errors.New("malformed HTTP request")
	errReadTimeout    = errors.New("request not received within the read timeout")
	// errThrottled: a large body waited a whole read timeout for the budget.
	errThrottled = errors.New("request body not admitted within the read timeout")
)

type transportFailure int

const (
	failBadRequest transportFailure = iota
	failBodyTooLarge
	failHeaderTooLarge
	failReadTimeout
	failThrottled
)

var transportErrors = map[transportFailure]error{
	failBadRequest:     errBadRequest,
	failBodyTooLarge:   errBodyTooLarge,
	failHeaderTooLarge: errHeaderTooLarge,
	failReadTimeout:    errReadTimeout,
	failThrottled:      errThrottled,
}

// transportError renders the response for a request the front end could not read.
func (g *Gateway) transportError(f transportFailure) *Response {
	x := &exchange{req: &request.Request{}, st: g.fallbackAPI(), recording: g.recording()}
	x.req.RequestID, x.extendedID = x.strs.newIDs()
	if x.isHTTP() {
		x.httpRequestID()
	}
	out := new(Response)
	out.answer(g.errorResponse(x, transportErrors[f]))
	g.finish(x, out)
	return out
}
