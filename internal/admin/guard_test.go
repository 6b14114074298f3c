package admin

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/clock"
)

// TestGuard: a web page cannot flush or move the clock through the
// user's browser (CSRF), nor read a loopback admin API through a
// rebound DNS name; curl, apigw flush and the dashboard (same origin) can.
func TestGuard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		loopbackOnly bool
		method, host string
		headers      map[string]string
		want         int
	}{
		{"curl flush", true, http.MethodPost, "127.0.0.1:3001", nil, 200},
		{"localhost", true, http.MethodGet, "localhost:3001", nil, 200},
		{"IPv6 loopback", true, http.MethodGet, "[::1]:3001", nil, 200},
		{"dashboard flush, same origin", true, http.MethodPost, "127.0.0.1:3001",
			map[string]string{"Origin": "http://127.0.0.1:3001", "Sec-Fetch-Site": "same-origin"}, 200},
		{"cross-site form post", true, http.MethodPost, "127.0.0.1:3001",
			map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403},
		{"cross-origin post, older browser", false, http.MethodPost, "10.0.0.5:3001",
			map[string]string{"Origin": "https://evil.example"}, 403},
		{"rebound DNS name reading the cache", true, http.MethodGet, "evil.example:3001", nil, 403},
		{"no Host", true, http.MethodGet, "", nil, 403},
		{"non-loopback listener given explicitly", false, http.MethodGet, "apigw.internal:3001", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewManual(start)
			caches, _ := seedCache(t, clk)
			h := New(Config{Cache: caches, Clock: clk, LoopbackOnly: tt.loopbackOnly})
			target := "/api/cache"
			if tt.method == http.MethodPost {
				target = "/api/flush"
			}
			req := httptest.NewRequest(tt.method, target, strings.NewReader(""))
			req.Host = tt.host
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if tt.want != http.StatusOK {
				wantError(t, rec.Code, rec.Body.String(), tt.want)
				if _, left := call(t, New(Config{Cache: caches, Clock: clk}), http.MethodGet, "/api/cache", ""); left == "[]\n" {
					t.Fatal("a refused request flushed the cache")
				}
				return
			}
			if rec.Code != http.StatusOK {
				t.Fatalf("got %d %s", rec.Code, rec.Body.String())
			}
		})
	}
}
