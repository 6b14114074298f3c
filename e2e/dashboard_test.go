package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/dashboard/dashtest"
	"github.com/chromedp/chromedp"
)

// TestDashboardInChromium opens the admin listener's page in a real
// headless Chromium beside the seed example: the seed's 403 appears as a
// row that opens to its explanation, the cache shows the entry that
// caused it, Flush empties the cache, and the next request calls the
// authorizer again (C-7, C-8).
func TestDashboardInChromium(t *testing.T) {
	t.Parallel()
	browser := dashtest.Browser(t)
	s := startAPI(t, "../examples/seed/template.yaml")
	tab := dashtest.Tab(t, browser)
	dashtest.Do(t, tab, chromedp.Navigate(s.adminURL(t)+"/"))
	dashtest.Until(t, tab, "the event stream is open", `document.getElementById('conn').textContent === 'live'`)
	dashtest.Until(t, tab, "the routes show", `document.querySelectorAll('#routes-body tr').length === 2`)
	dashtest.Shot(t, tab, "e2e-before-traffic")

	seedCall(t, s, "/exact/pets", 200, 1)
	deniedID := seedCall(t, s, "/exact/users", 403, 1) // C-8: denied by the policy cached for /exact/pets
	denied := showsRow(t, tab, "the 403 row", deniedID, "/exact/users")
	dashtest.Do(t, tab,
		chromedp.Click(chromedp.CSS(denied+` button.expand`)),
		chromedp.WaitVisible(chromedp.CSS(denied+` tr.detail .explain`)))
	why := dashtest.Eval[string](t, tab, `document.querySelector('`+denied+` tr.detail').innerText`)
	if !strings.HasPrefix(why, "403 ") || !strings.Contains(why, "/GET/exact/pets") {
		t.Errorf("the 403's explanation %q does not say the cached policy allows only GET /exact/pets", why)
	}
	if !strings.Contains(why, "EchoFunction (not reached)") {
		t.Errorf("the 403's details %q do not say its function was not reached", why)
	}
	dashtest.Until(t, tab, "the cache shows the entry", `document.querySelectorAll('#cache-body tr').length === 1`)
	dashtest.Do(t, tab, chromedp.Click(chromedp.CSS(`#cache-body button.linkish`)))
	dashtest.Until(t, tab, "the cached policy document shows",
		`(document.querySelector('#cache-body tr.policy pre') || {}).textContent?.includes('/GET/exact/pets')`)
	dashtest.Shot(t, tab, "e2e-seed-403-explained")

	dashtest.Do(t, tab, chromedp.Click(chromedp.CSS(`button.flush`)))
	dashtest.Until(t, tab, "the cache shows empty", `document.querySelectorAll('#cache-body tr').length === 0 && !document.getElementById('cache-empty').hidden`)
	againID := seedCall(t, s, "/exact/users", 200, 2) // C-7: the flush made the authorizer run again, for this path
	again := showsRow(t, tab, "the row after the flush", againID, "/exact/users")
	if got := dashtest.Eval[string](t, tab, `document.querySelector('`+again+` tr.req').innerText`); !strings.Contains(got, "miss") || !strings.Contains(got, "200") {
		t.Errorf("the request after the flush shows %q; want a 200 with cache miss", got)
	}
	if n := dashtest.Eval[int](t, tab, `document.querySelectorAll('#req-table tbody[data-request-id]').length`); n != 3 {
		t.Errorf("the requests table has %d rows; want the 3 requests sent", n)
	}
	dashtest.Shot(t, tab, "e2e-after-flush")
}

// seedCall sends GET path with the seed's "allow" token and checks the
// status and how many times the exact-ARN authorizer has run by then; it
// returns the request id.
func seedCall(t *testing.T, s *server, path string, wantStatus, wantCalls int) string {
	t.Helper()
	r := s.get(t, "GET", path, auth("allow")...)
	if r.status != wantStatus || s.starts("ExactArnAuthFunction") != wantCalls {
		t.Fatalf("GET %s: %d after %d authorizer calls; want %d after %d\nlog:\n%s",
			path, r.status, s.starts("ExactArnAuthFunction"), wantStatus, wantCalls, s.logText())
	}
	return r.header.Get("x-amzn-RequestId")
}

// showsRow waits until the page shows the record of request id (for path)
// and returns its selector.
func showsRow(t *testing.T, tab context.Context, what, id, path string) string {
	t.Helper()
	sel := fmt.Sprintf(`tbody[data-request-id="%s"]`, id)
	dashtest.Until(t, tab, what, fmt.Sprintf(`(document.querySelector('%s td.path') || {}).textContent === %q`, sel, path))
	return sel
}
