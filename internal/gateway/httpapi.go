package gateway

import (
	"errors"
	"net/http"
	"strings"

	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/request"
	"github.com/apigw/apigw/internal/router"
)

// HTTP APIs (API Gateway v2) differ from REST APIs in a few places, each
// kept here: a "//" in the path collapses before routing (V-11), the
// $default stage has no stage segment (V-11), responses carry
// apigw-requestid instead of x-amzn-RequestId and x-amz-apigw-id
// (DESIGN §2), and errors are {"message":"<status text>"} with no
// customisation and no x-amzn-ErrorType (V-7).

// HeaderHTTPAPIRequestID is the request id header of HTTP API responses.
const HeaderHTTPAPIRequestID = "apigw-requestid"

// HeaderWWWAuthenticate says why a JWT authorizer refused the token of an
// HTTP API's 401 (DG-HTTP-LAMBDA troubleshooting-jwt).
const HeaderWWWAuthenticate = "www-authenticate"

// isHTTP reports whether the request belongs to an HTTP API.
func (x *exchange) isHTTP() bool { return x.st != nil && x.st.api.IsHTTP() }

// collapseSlashes returns path with every run of slashes made one
// (V-11: "//test" routes, and reaches the function, as "/test"). It
// allocates only when there is a run.
func collapseSlashes(path string) string {
	if !strings.Contains(path, "//") {
		return path
	}
	var b strings.Builder
	b.Grow(len(path))
	for i := 0; i < len(path); i++ {
		if path[i] == '/' && i > 0 && path[i-1] == '/' {
			continue
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

// httpStatuses are the HTTP API statuses that differ from the REST
// default of the same failure: no route is 404 (V-7), a function error or
// malformed output 500 (DG-HTTP-LAMBDA troubleshooting), an integration
// timeout 503 (UNCONFIRMED; AWS's HTTP API troubleshooting names 503 for
// it, REST's is 504).
var httpStatuses = []struct {
	err    error
	status int
}{
	{router.ErrNoRoute, http.StatusNotFound},
	{errStage, http.StatusNotFound},
	{integration.ErrFunction, http.StatusInternalServerError},
	{integration.ErrMalformedResponse, http.StatusInternalServerError},
	{integration.ErrTimeout, http.StatusServiceUnavailable},
}

// httpErrorResponse is an HTTP API's error response: the REST status of
// the same failure unless httpStatuses says otherwise, any 5xx but 503
// made 500, and the body {"message":"<status text>"} (V-7).
func (g *Gateway) httpErrorResponse(x *exchange, err error) *Response {
	status := x.httpStatus(err)
	headers := []request.Field{{Name: HeaderContentType, Value: ContentTypeJSON}}
	if u, ok := errors.AsType[*unsupportedError](err); ok {
		x.unsupported = u
		headers = append(headers, u.header)
	}
	if c := x.auth.Challenge; c != "" && status == http.StatusUnauthorized && errors.Is(err, errDenied) {
		headers = append(headers, request.Field{Name: HeaderWWWAuthenticate, Value: c})
	}
	return &Response{StatusCode: status, Headers: headers, Body: httpErrorBody(status)}
}

func (x *exchange) httpStatus(err error) int {
	t, _ := x.classify(err)
	x.errorType = t
	for _, s := range httpStatuses {
		if errors.Is(err, s.err) {
			return s.status
		}
	}
	status := defaultResponses.byType[t].status
	if status >= 500 && status != http.StatusServiceUnavailable {
		return http.StatusInternalServerError
	}
	return status
}

// httpErrorBody is {"message":"<status text>"}: "Not Found", "Forbidden",
// "Internal Server Error" (V-7). Status texts need no JSON escaping.
func httpErrorBody(status int) []byte {
	return []byte(`{"message":"` + http.StatusText(status) + `"}`)
}

// httpRequestID gives a request of an HTTP API its short request id, the
// one apigw-requestid, the log line, the authorizer's and the function's
// events carry (AWS's look like "JKJaXmPLvHcESHA="): the extended id made
// with the UUID (newIDs), which integration.ExtendedRequestID would
// derive from it. It runs when the request is matched to its API
// (fillAPI).
func (x *exchange) httpRequestID() { x.req.RequestID = x.extendedID }

// uuidLen is the length of the request id newRequestID makes.
const uuidLen = 36

// addHTTPAPIID adds apigw-requestid to an HTTP API's answer, whose
// headers are its own (Response.answer).
func addHTTPAPIID(x *exchange, resp *Response) {
	resp.Headers = append(resp.Headers, request.Field{Name: HeaderHTTPAPIRequestID, Value: x.req.RequestID})
}
