package runtimeapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/event"
)

const errorTypeInvalidRequestFormat = "InvalidRequestFormat"

// errorBody is the JSON the Runtime API answers a bad request with.
type errorBody struct {
	Message string `json:"errorMessage"`
	Type    string `json:"errorType"`
}

// renderError writes err as the Runtime API's JSON error with its status.
func renderError(w http.ResponseWriter, err error) {
	status, typ, msg := classify(err)
	writeJSON(w, status, errorBody{Message: msg, Type: typ})
}

func classify(err error) (status int, typ, msg string) {
	var te *TransitionError
	switch {
	case errors.As(err, &te):
		return http.StatusForbidden, ErrorTypeInvalidStateTransition, te.Error()
	case errors.Is(err, ErrInvalidRequestID):
		return http.StatusBadRequest, ErrorTypeInvalidRequestID, MessageInvalidRequestID
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge, ErrorTypeRequestEntityTooLarge, MessageTooLarge
	case errors.Is(err, ErrRefused):
		return http.StatusForbidden, ErrorTypeAccessDenied, err.Error()
	case errors.Is(err, errBadBody):
		return http.StatusBadRequest, errorTypeInvalidRequestFormat, err.Error()
	}
	return http.StatusInternalServerError, ErrorTypeInternalServerError, MessageClosed
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v) // plain strings only: cannot fail
	w.Header().Set(headerContentType, contentTypeJSON)
	w.WriteHeader(status)
	w.Write(b) //nolint:errcheck // the runtime hung up; nothing to do
}

// acceptedType and acceptedLength are renderAccepted's header values,
// shared by every response (net/http copies them when it writes them).
var (
	acceptedType   = []string{contentTypeJSON}
	acceptedLength = []string{strconv.Itoa(len(acceptedBody))}
)

// renderAccepted answers a result, an error or an init error with 202
// and {"status":"OK"}; the connection loop's response writes it whole
// (writeAccepted).
func renderAccepted(w http.ResponseWriter) {
	if r, ok := w.(*response); ok {
		r.writeAccepted()
		return
	}
	h := w.Header()
	h[headerContentType], h[headerContentLength] = acceptedType, acceptedLength
	w.WriteHeader(http.StatusAccepted)
	io.WriteString(w, acceptedBody) //nolint:errcheck // as above
}

var errBadBody = errors.New("runtimeapi: request body could not be read")

// readBody reads at most MaxPayloadSize bytes; more is ErrTooLarge.
// A declared length is read into a buffer of that size at once.
func readBody(r *request) ([]byte, error) {
	if n := r.length; n > MaxPayloadSize {
		return nil, ErrTooLarge
	} else if n >= 0 {
		b := make([]byte, n)
		if _, err := io.ReadFull(r.body, b); err != nil {
			return nil, errBadBody
		}
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.body, MaxPayloadSize+1))
	if err != nil {
		return nil, errBadBody
	}
	if len(b) > MaxPayloadSize {
		return nil, ErrTooLarge
	}
	return b, nil
}

// functionError reads a posted error document. A body that is not the
// usual {"errorMessage","errorType"} JSON still becomes a function error:
// the header's type and the body as the message.
func functionError(headerType string, body []byte) *event.FunctionError {
	var fe event.FunctionError
	if json.Unmarshal(body, &fe) != nil {
		fe = event.FunctionError{Message: strings.ToValidUTF8(string(body), "\uFFFD")}
	}
	if fe.Type == "" {
		fe.Type = headerType
	}
	if fe.Type == "" {
		fe.Type = ErrorTypeUnknown
	}
	fe.Body = body
	return &fe
}

// tooLarge is the function error for an oversized response or error body.
func tooLarge() *event.FunctionError {
	return &event.FunctionError{Type: ErrorTypeResponseTooLarge, Message: MessageResponseTooLarge}
}
