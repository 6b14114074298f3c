package admin

import (
	"net/http"
	"testing"

	"github.com/apigw/apigw/internal/clock"
)

// FuzzClockBody: any POST /api/clock body is answered 200 (and the clock
// moved) or 400 as JSON (and the clock left alone), never a crash.
func FuzzClockBody(f *testing.F) {
	for _, s := range []string{`{"advance":"90s"}`, `{"set":"2026-12-06T00:00:00Z"}`, `{"advance":"-1s"}`, `{}`, `[`, `{"advance":"1s","set":"x"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		clk := clock.NewManual(start)
		status, answer := call(t, New(Config{Clock: clk}), http.MethodPost, "/api/clock", body)
		switch status {
		case http.StatusOK:
		case http.StatusBadRequest:
			wantError(t, status, answer, http.StatusBadRequest)
			if !clk.Now().Equal(start) {
				t.Fatalf("a refused body %q moved the clock to %v", body, clk.Now())
			}
		default:
			t.Fatalf("body %q: status %d %s", body, status, answer)
		}
	})
}
