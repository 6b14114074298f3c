package dashboard

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/dashboard/dashtest"
	"github.com/chromedp/chromedp"
)

// TestPageInChromium drives the page in a real headless Chromium against
// a fake admin API: one browser, a tab and a fake per case.
func TestPageInChromium(t *testing.T) {
	t.Parallel()
	browser := dashtest.Browser(t)
	for _, c := range []struct {
		name     string
		noStream bool
		run      func(t *testing.T, f *fakeAdmin, tab context.Context)
	}{
		{"rows, explanation and flush", false, rowsExplanationFlush},
		{"samples under load", false, samplesUnderLoad},
		{"paths render as text", false, pathsRenderAsText},
		{"polls without the stream", true, pollsWithoutStream},
		{"pause counts without drawing", false, pauseCountsWithoutDrawing},
		{"a large cache draws the soonest to expire", false, largeCache},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeAdmin(t, c.noStream)
			tab := dashtest.Tab(t, browser)
			dashtest.Do(t, tab, chromedp.Navigate(f.url+"/"))
			if !c.noStream {
				f.waitListening()
			}
			c.run(t, f, tab)
		})
	}
}

func rowsExplanationFlush(t *testing.T, f *fakeAdmin, tab context.Context) {
	f.setCache(cacheEntry())
	f.add(record("r-allow", "GET", "/exact/pets", 200, "allow", "miss"))
	f.add(record("r-deny", "GET", "/exact/users", 403, "deny", "hit"))
	dashtest.Until(t, tab, "both rows show", `document.querySelectorAll('#req-table tbody.record').length === 2`)
	first := dashtest.Eval[string](t, tab, `document.querySelector('#req-table tbody.record').innerText`)
	for _, want := range []string{"403", "GET", "/exact/users", "ANY /exact/{proxy+}", "deny", "hit", "ExactArnAuth", "2.5 ms"} {
		if !strings.Contains(first, want) {
			t.Errorf("newest row %q lacks %q", first, want)
		}
	}
	dashtest.Do(t, tab,
		chromedp.Click(chromedp.CSS(`tbody[data-request-id="r-deny"] button.expand`)),
		chromedp.WaitVisible(chromedp.CSS(`#d-r-deny .explain`)))
	detail := dashtest.Eval[string](t, tab, `document.getElementById('d-r-deny').innerText`)
	for _, want := range []string{"403: cached policy from GET /exact/pets 12 s ago allows only", exactARN, "user-allow", "k1a2b3c4"} {
		if !strings.Contains(detail, want) {
			t.Errorf("details %q lack %q", detail, want)
		}
	}
	dashtest.Until(t, tab, "the cache entry shows", `document.querySelectorAll('#cache-body tr').length === 1`)
	dashtest.Do(t, tab, chromedp.Click(chromedp.CSS(`#cache-body button.linkish`)))
	dashtest.Until(t, tab, "the entry's policy shows", `(document.querySelector('#cache-body tr.policy pre') || {}).textContent?.includes('"tier": "gold"')`)
	policy := dashtest.Eval[string](t, tab, `document.querySelector('#cache-body tr.policy pre').textContent`)
	if !strings.Contains(policy, `"Effect": "Allow"`) || !strings.Contains(policy, exactARN) {
		t.Errorf("the entry's policy shows %q; want the cached policy document", policy)
	}
	dashtest.Shot(t, tab, "fake-rows-and-cache")
	dashtest.Do(t, tab, chromedp.Click(chromedp.CSS(`button.flush[data-stage="prod"]`)))
	dashtest.Until(t, tab, "the cache shows empty", `document.querySelectorAll('#cache-body tr').length === 0 && !document.getElementById('cache-empty').hidden`)
	status := dashtest.Eval[string](t, tab, `document.getElementById('flush-status').textContent`)
	if q := f.flushQueries(); len(q) != 1 || q[0] != "api=abc123defg&stage=prod" || !strings.HasPrefix(status, "Flushed 1 entry from stage prod at ") {
		t.Fatalf("flushes %q, status %q; want one of api=abc123defg&stage=prod, reported", q, status)
	}
}

// At thousands of records the page draws a bounded sample and says so.
func samplesUnderLoad(t *testing.T, f *fakeAdmin, tab context.Context) {
	const n = 3000
	for i := range n {
		f.add(record(fmt.Sprintf("load-%d", i), "GET", "/exact/pets", 200, "allow", "hit"))
	}
	dashtest.Until(t, tab, "every record is counted", `/^sampled: [0-9,]+ of 3,000 requests shown$/.test(document.getElementById('sampled').textContent)`)
	rows := countOf(t, tab, `#req-table tbody.record`)
	newest := dashtest.Eval[bool](t, tab, fmt.Sprintf(`!!document.querySelector('tbody[data-request-id="load-%d"]')`, n-1))
	if rows == 0 || rows > 200 || !newest {
		t.Fatalf("%d rows drawn (want 1..200), newest drawn: %v", rows, newest)
	}
}

// A request path is the client's: it must show as text, never run.
func pathsRenderAsText(t *testing.T, f *fakeAdmin, tab context.Context) {
	const path = `/exact/<img src=x onerror="window.pwned=1">`
	f.add(record("r-xss", "GET", path, 403, "deny", "hit"))
	dashtest.Until(t, tab, "the row shows", `!!document.querySelector('tbody[data-request-id="r-xss"]')`)
	text := dashtest.Eval[string](t, tab, `document.querySelector('tbody[data-request-id="r-xss"] td.path').textContent`)
	imgs := countOf(t, tab, `#req-table img`)
	if text != path || imgs != 0 {
		t.Fatalf("path cell %q, %d img elements; want the path as text", text, imgs)
	}
}

func pollsWithoutStream(t *testing.T, f *fakeAdmin, tab context.Context) {
	dashtest.Until(t, tab, "the page polls", `document.getElementById('conn').textContent === 'polling'`)
	f.add(record("r-polled", "GET", "/exact/pets", 200, "allow", "miss"))
	dashtest.Until(t, tab, "the polled row shows", `!!document.querySelector('tbody[data-request-id="r-polled"]')`)
}

// Paused, the table holds still but the counter keeps counting; Resume
// draws the newest.
func pauseCountsWithoutDrawing(t *testing.T, f *fakeAdmin, tab context.Context) {
	dashtest.Do(t, tab, chromedp.Click(chromedp.CSS("#pause")))
	f.add(record("r-1", "GET", "/exact/pets", 200, "allow", "miss"))
	f.add(record("r-2", "GET", "/exact/users", 403, "deny", "hit"))
	dashtest.Until(t, tab, "the counter counts while paused",
		`document.getElementById('sampled').textContent === 'sampled: 0 of 2 requests shown (paused)'`)
	rows := countOf(t, tab, `#req-table tbody.record`)
	empty := dashtest.Eval[string](t, tab, `document.getElementById('req-empty').textContent`)
	if rows != 0 || !strings.HasPrefix(empty, "Paused") {
		t.Fatalf("paused: %d rows drawn, empty note %q; want none and a note saying paused", rows, empty)
	}
	dashtest.Do(t, tab, chromedp.Click(chromedp.CSS("#pause")))
	dashtest.Until(t, tab, "Resume draws both", `document.getElementById('sampled').textContent === 'all 2 requests shown'`)
}

// A cache of many identities draws at most 500 entries, the soonest to
// expire first.
func largeCache(t *testing.T, f *fakeAdmin, tab context.Context) {
	entries := make([]map[string]any, 600)
	for i := range entries {
		e := cacheEntry()
		e["keyHash"], e["ttlLeftSeconds"] = fmt.Sprintf("k%04d", i), 600-i // the last one expires first
		entries[i] = e
	}
	f.setCache(entries...)
	dashtest.Until(t, tab, "the count says what is shown",
		`document.getElementById('cache-count').textContent === '600 entries, the 500 soonest to expire shown'`)
	rows := countOf(t, tab, `#cache-body tr`)
	first := dashtest.Eval[string](t, tab, `document.querySelector('#cache-body tr').innerText`)
	if rows != 500 || !strings.Contains(first, "k0599") {
		t.Fatalf("%d rows, first %q; want 500 rows, k0599 (soonest to expire) first", rows, first)
	}
}

// countOf counts the page's elements that match a CSS selector.
func countOf(t *testing.T, tab context.Context, selector string) int {
	t.Helper()
	return dashtest.Eval[int](t, tab, fmt.Sprintf(`document.querySelectorAll(%q).length`, selector))
}
