package bootstrap_test

import (
	"strings"
	"testing"
)

// expect describes the outcome one invocation must have.
type expect struct {
	kind       string   // kindResponse or kindError
	result     string   // JSON the response must equal (kindResponse)
	errorType  string   // exact errorType, also the header (kindError)
	message    string   // exact errorMessage, unless contains is set
	contains   []string // substrings errorMessage must hold instead
	emptyTrace bool     // the trace must be empty
	exact      bool     // the response must be byte for byte result
}

func response(result string) expect { return expect{kind: kindResponse, result: result} }

// exactResponse is a response whose bytes must equal result.
func exactResponse(result string) expect {
	return expect{kind: kindResponse, result: result, exact: true}
}

func failure(errorType, message string) expect {
	return expect{kind: kindError, errorType: errorType, message: message}
}

func (e expect) withEmptyTrace() expect {
	e.emptyTrace = true
	return e
}

// check compares an outcome against the expectation.
func (e expect) check(t *testing.T, got outcome, id string) {
	t.Helper()
	if got.id != id {
		t.Errorf("posted for request id %q; want %q", got.id, id)
	}
	if got.kind != e.kind {
		t.Fatalf("outcome kind = %s (%s); want %s", got.kind, got.body, e.kind)
	}
	if e.kind == kindResponse {
		if e.exact && string(got.body) != e.result {
			t.Errorf("response = %s; want exactly %s", got.body, e.result)
		}
		if !sameJSON(t, got.body, e.result) {
			t.Errorf("response = %s; want %s", got.body, e.result)
		}
		return
	}
	e.checkError(t, got)
}

func (e expect) checkError(t *testing.T, got outcome) {
	t.Helper()
	doc := decodeError(t, got.body)
	if *doc.ErrorType != e.errorType {
		t.Errorf("errorType = %q; want %q", *doc.ErrorType, e.errorType)
	}
	if got.errorType != e.errorType {
		t.Errorf("%s header = %q; want %q", headerErrorType, got.errorType, e.errorType)
	}
	e.checkMessage(t, *doc.ErrorMessage)
	trace := append(doc.Trace, doc.StackTrace...)
	if e.emptyTrace && len(trace) != 0 {
		t.Errorf("trace = %q; want empty", trace)
	}
}

func (e expect) checkMessage(t *testing.T, msg string) {
	t.Helper()
	if len(e.contains) == 0 {
		if msg != e.message {
			t.Errorf("errorMessage = %q; want exactly %q", msg, e.message)
		}
		return
	}
	for _, s := range e.contains {
		if !strings.Contains(msg, s) {
			t.Errorf("errorMessage = %q; want it to contain %q", msg, s)
		}
	}
}
