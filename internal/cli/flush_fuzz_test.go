package cli

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// FuzzFlushAnswer: whatever a server answers apigw flush, it gets an exit
// status (0 only for a 200 with a count) and no crash.
func FuzzFlushAnswer(f *testing.F) {
	f.Add(200, `{"flushed":2}`)
	f.Add(404, `{"status":404,"message":"no API"}`)
	f.Add(503, `not json`)
	f.Add(200, `{"flushed":null}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		resp := &http.Response{StatusCode: status, Status: http.StatusText(status), Body: io.NopCloser(strings.NewReader(body))}
		n, code, err := flushAnswer(resp)
		switch {
		case code == ExitOK && (err != nil || status != http.StatusOK || n < 0 && !strings.Contains(body, "-")):
			t.Fatalf("status %d %q: ok with %d, %v", status, body, n, err)
		case code != ExitOK && (err == nil || code != ExitUsage && code != ExitError):
			t.Fatalf("status %d %q: exit %d, %v", status, body, code, err)
		}
	})
}
