package admin

import (
	"net/http"
	"testing"

	"github.com/apigw/apigw/internal/clock"
)

func TestFlush(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		target      string
		twoAPIs     bool
		wantStatus  int
		wantFlushed int
	}{
		{"the only API and stage", "/api/flush", false, http.StatusOK, 2},
		{"named by id and stage", "/api/flush?api=" + apiID + "&stage=prod", false, http.StatusOK, 2},
		{"named by logical id", "/api/flush?api=SeedApi", false, http.StatusOK, 2},
		{"unknown API", "/api/flush?api=nope", false, http.StatusNotFound, 0},
		{"unknown stage", "/api/flush?stage=dev", false, http.StatusNotFound, 0},
		{"two APIs, none named", "/api/flush", true, http.StatusBadRequest, 0},
		{"two APIs, one named", "/api/flush?api=SeedApi", true, http.StatusOK, 2},
		{"an API without a cache", "/api/flush?api=Other", true, http.StatusOK, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewManual(start)
			caches, _ := seedCache(t, clk)
			if tt.twoAPIs {
				caches = append(caches, StageCache{API: "Other", APIID: "other", Stage: "prod"})
			}
			h := New(Config{Cache: caches, Clock: clk})
			status, body := call(t, h, http.MethodPost, tt.target, "")
			if tt.wantStatus != http.StatusOK {
				wantError(t, status, body, tt.wantStatus)
				if _, left := call(t, h, http.MethodGet, "/api/cache", ""); left == "[]\n" {
					t.Fatal("a refused flush emptied the cache")
				}
				return
			}
			var got struct{ Flushed int }
			decode(t, body, &got)
			if status != http.StatusOK || got.Flushed != tt.wantFlushed {
				t.Fatalf("got %d %s, want flushed %d", status, body, tt.wantFlushed)
			}
			// C-7: after a flush the stage's entries are gone.
			if _, left := call(t, h, http.MethodGet, "/api/cache?api=SeedApi", ""); tt.wantFlushed > 0 && left != "[]\n" {
				t.Fatalf("after flush: %s", left)
			}
		})
	}
}

func TestFlushWithoutCache(t *testing.T) {
	t.Parallel()
	status, body := call(t, New(Config{}), http.MethodPost, "/api/flush", "")
	if status != http.StatusOK || body != "{\"flushed\":0}\n" {
		t.Fatalf("got %d %s", status, body)
	}
}

func TestFlushIsPostOnly(t *testing.T) {
	t.Parallel()
	status, _ := call(t, New(Config{}), http.MethodGet, "/api/flush", "")
	if status != http.StatusMethodNotAllowed {
		t.Fatalf("GET /api/flush: %d, want 405", status)
	}
}
