// Package dashtest drives the dashboard in a real headless Chromium
// (Debian's chromium) for tests, through chromedp. When chromium is not
// installed a test fails under CI=true (CI installs it: .ci/run) and is
// skipped elsewhere, saying why. Only tests import it.
package dashtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Width and Height are the browser window's size: a laptop screen.
const Width, Height = 1280, 800

// deadline bounds a whole browser test; waits inside it poll for
// conditions, never for a time.
const deadline = 3 * time.Minute

// Browser starts a headless Chromium of t's own and returns a chromedp
// context for its one tab, ended with the test (or after a generous
// deadline, so a page that never shows what a test waits for fails
// instead of hanging).
func Browser(t testing.TB) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.WindowSize(Width, Height),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, // tests may run as root, where Chromium's sandbox refuses to start
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // starts the browser; no timeout on this first run
		t.Fatalf("starting chromium: %v", err)
	}
	ctx, cancelDeadline := context.WithTimeout(ctx, deadline)
	t.Cleanup(cancelDeadline)
	return ctx
}

// chromium finds the browser.
func chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; .ci/run installs it (Debian: apt-get install chromium)")
	}
	t.Skip("chromium is not installed (Debian: apt-get install chromium); under CI=true this test fails instead")
	return ""
}

// Until polls the page until the JavaScript expression is truthy.
func Until(t testing.TB, ctx context.Context, what, expression string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expression,
		chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting until %s (%s): %v", what, expression, err)
	}
}

// Eval evaluates a JavaScript expression in the page.
func Eval[T any](t testing.TB, ctx context.Context, expression string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expression, err)
	}
	return v
}

// Do runs chromedp actions, failing t on error.
func Do(t testing.TB, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// Shot saves a screenshot of the whole page as dir/name.png when dir is
// set (APIGW_SHOTS, for people to look at); it asserts nothing.
func Shot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("APIGW_SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Tab opens another tab of the browser of ctx (from Browser), closed
// with the test.
func Tab(t testing.TB, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	return ctx
}
