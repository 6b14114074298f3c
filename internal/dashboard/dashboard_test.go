package dashboard

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func serve(t *testing.T, method, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	resp := rec.Result()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHandlerServesThePageAndItsAssets(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, path, wantType, wantBody string
	}{
		{"page at the root", "/", "text/html; charset=utf-8", `<script src="app.js" defer></script>`},
		{"script", "/app.js", "text/javascript; charset=utf-8", "new EventSource('/api/events')"},
		{"style", "/style.css", "text/css; charset=utf-8", "table.data"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp, body := serve(t, "GET", c.path)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != c.wantType || !strings.Contains(body, c.wantBody) {
				t.Fatalf("GET %s: %d %q, body holds %q: %v", c.path, resp.StatusCode, resp.Header.Get("Content-Type"), c.wantBody, strings.Contains(body, c.wantBody))
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
				t.Fatalf("GET %s: Content-Security-Policy %q lets the page load from elsewhere", c.path, csp)
			}
		})
	}
}

func TestHandlerRefusesOtherMethodsAndUnknownFiles(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, method, path string
		want               int
	}{
		{"POST", "POST", "/", http.StatusMethodNotAllowed},
		{"DELETE", "DELETE", "/app.js", http.StatusMethodNotAllowed},
		{"unknown file", "GET", "/nope.js", http.StatusNotFound},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if resp, _ := serve(t, c.method, c.path); resp.StatusCode != c.want {
				t.Fatalf("%s %s: %d, want %d", c.method, c.path, resp.StatusCode, c.want)
			}
		})
	}
}

// The page works offline: no asset names another origin (no CDN, no web
// font), and the page loads only embedded files.
func TestAssetsAreSelfContained(t *testing.T) {
	t.Parallel()
	remote := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	err := fs.WalkDir(assets, "assets", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(path)
		if err != nil {
			return err
		}
		if m := remote.Find(b); m != nil {
			t.Errorf("%s refers to another origin: %s", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, page := serve(t, "GET", "/")
	for _, ref := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if ref[1] == "data:," {
			continue
		}
		if resp, _ := serve(t, "GET", "/"+ref[1]); resp.StatusCode != 200 {
			t.Errorf("the page loads %s, which is not embedded (%d)", ref[1], resp.StatusCode)
		}
	}
}
