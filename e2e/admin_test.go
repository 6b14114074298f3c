package e2e

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/authcache/redistest"
	"github.com/apigw/apigw/internal/jwt/jwttest"
)

// adminURL is the admin API's URL that start-api printed ("admin: URL").
func (s *server) adminURL(t *testing.T) string {
	t.Helper()
	u, ok := strings.CutPrefix(s.lineWith("admin: "), "admin: ")
	if !ok {
		t.Fatalf("no admin line in the start banner:\n%s", s.logText())
	}
	return strings.TrimSuffix(u, "/")
}

// adminCall sends one request to the admin API, expects 200 and decodes
// its JSON answer into v.
func (s *server) adminCall(t *testing.T, method, path, body string, v any) {
	t.Helper()
	req, err := http.NewRequest(method, s.adminURL(t)+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s %s: %s: %v", method, path, b, err)
	}
}

// cacheEntry is what the tests read of GET /api/cache.
type cacheEntry struct {
	Authorizer, Source, KeyHash string
	TTLLeftSeconds              int
	Allowed                     []string
}

func (s *server) cacheEntries(t *testing.T) []cacheEntry {
	t.Helper()
	var got []cacheEntry
	s.adminCall(t, http.MethodGet, "/api/cache", "", &got)
	return got
}

// flushed is POST /api/flush's count.
func (s *server) flushed(t *testing.T) int {
	t.Helper()
	var got struct{ Flushed int }
	s.adminCall(t, http.MethodPost, "/api/flush", "", &got)
	return got.Flushed
}

func (s *server) advance(t *testing.T, d string) {
	t.Helper()
	var got struct{ Manual bool }
	s.adminCall(t, http.MethodPost, "/api/clock", `{"advance":"`+d+`"}`, &got)
	if !got.Manual {
		t.Fatal("the clock is not manual")
	}
}

// TestAdminSeedClockAndFlush reproduces the seed's 403 on examples/seed,
// sees the cached entry through the admin API, then ends it twice without
// waiting: by moving the test clock past the TTL (C-6), and by flushing
// the stage (C-7), through the API and through `apigw flush`.
func TestAdminSeedClockAndFlush(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "../examples/seed/template.yaml", "--clock", "manual")
	const exact = "ExactArnAuthFunction"
	runCalls(t, s, exact, []call{
		{"C-8 first request allowed", "GET", "/exact/pets", auth("allow"), 200, "", "", 1},
		{"C-8 other path denied from the cache", "GET", "/exact/users", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 1},
	})
	entries := s.cacheEntries(t)
	if len(entries) != 1 || entries[0].Authorizer != "ExactArnAuth" || entries[0].Source != "GET /exact/pets" ||
		entries[0].TTLLeftSeconds != 300 || len(entries[0].Allowed) != 1 || !strings.HasSuffix(entries[0].Allowed[0], "/prod/GET/exact/pets") {
		t.Fatalf("cache entries %+v", entries)
	}
	s.advance(t, "299s")
	runCalls(t, s, exact, []call{
		{"C-6 one second before the TTL: still the cached 403", "GET", "/exact/users", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 1},
	})
	s.advance(t, "1s")
	if got := s.cacheEntries(t); len(got) != 0 {
		t.Fatalf("entries past the TTL: %+v", got)
	}
	runCalls(t, s, exact, []call{
		{"C-6 past the TTL: the authorizer runs again and allows", "GET", "/exact/users", auth("allow"), 200, "", "", 2},
		{"C-8 now the other path is the one denied", "GET", "/exact/pets", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 2},
	})
	if n := s.flushed(t); n != 1 {
		t.Fatalf("flushed %d entries, want 1", n)
	}
	runCalls(t, s, exact, []call{
		{"C-7 after the flush the authorizer is called again", "GET", "/exact/pets", auth("allow"), 200, "", "", 3},
		{"C-8 and its policy cached", "GET", "/exact/users", auth("allow"), 403, bodyImplicitDeny, "AccessDeniedException", 3},
	})
	var pools []struct {
		Function    string
		Invocations int
	}
	s.adminCall(t, http.MethodGet, "/api/functions", "", &pools)
	invocations := map[string]int{}
	for _, p := range pools {
		invocations[p.Function] = p.Invocations
	}
	if invocations[exact] != 3 || invocations["EchoFunction"] != 3 {
		t.Fatalf("pools %+v; want 3 authorizer and 3 echo invocations (the 200s)", pools)
	}
	out, err := exec.Command(binary, "flush", "--admin", s.adminURL(t)).CombinedOutput()
	if err != nil || string(out) != "flushed 1 cache entries\n" {
		t.Fatalf("apigw flush: %v: %s", err, out)
	}
	runCalls(t, s, exact, []call{
		{"C-7 apigw flush: the authorizer is called again", "GET", "/exact/users", auth("allow"), 200, "", "", 4},
	})
	m, err := http.Get(s.adminURL(t) + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(m.Body)
	m.Body.Close()
	if want := `apigw_authorizer_cache_flushes_total{api="SeedApi"} 2`; !strings.Contains(string(body), want) {
		t.Fatalf("/metrics lacks %s:\n%.2000s", want, body)
	}
}

// TestAdminAcrossReplicas: two apigw replicas on one Redis show one cache
// through either admin API, and a flush through A's reaches B (C-7 across
// replicas).
func TestAdminAcrossReplicas(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	args := []string{"../examples/seed/template.yaml", "--auth-cache", srv.URL(), "--auth-cache-timeout", "10s"}
	a, b := startAPI(t, args...), startAPI(t, args...)
	const exact = "ExactArnAuthFunction"
	if r := a.get(t, "GET", "/exact/pets", auth("allow")...); r.status != 200 {
		t.Fatalf("A: %d %s", r.status, r.body)
	}
	if got := b.cacheEntries(t); len(got) != 1 || got[0].Authorizer != "ExactArnAuth" || got[0].Source != "GET /exact/pets" {
		t.Fatalf("B's listing of A's entry: %+v", got)
	}
	r := b.get(t, "GET", "/exact/users", auth("allow")...)
	if r.status != 403 || b.starts(exact) != 0 {
		t.Fatalf("B: %d %s, %d authorizer calls; want the shared cached 403", r.status, r.body, b.starts(exact))
	}
	var rec struct{ Auth struct{ KeyHash string } }
	b.adminCall(t, http.MethodGet, "/api/requests/"+r.header.Get("x-amzn-RequestId"), "", &rec)
	if got := b.cacheEntries(t); len(got) != 1 || got[0].KeyHash != rec.Auth.KeyHash {
		t.Fatalf("B's record names key hash %q, its listing %+v; want the same", rec.Auth.KeyHash, got)
	}
	if n := a.flushed(t); n != 1 {
		t.Fatalf("flushed %d on A, want 1", n)
	}
	// B's listing reads Redis over the connection that carries its
	// invalidations: once it answers, B has applied A's flush.
	if got := b.cacheEntries(t); len(got) != 0 {
		t.Fatalf("B's listing after A's flush: %+v", got)
	}
	if r := b.get(t, "GET", "/exact/users", auth("allow")...); r.status != 200 || b.starts(exact) != 1 {
		t.Fatalf("B after A's flush: %d %s, %d authorizer calls; want a fresh call that allows", r.status, r.body, b.starts(exact))
	}
	if got := a.cacheEntries(t); len(got) != 1 || got[0].Source != "GET /exact/users" {
		t.Fatalf("A's listing of B's entry: %+v", got)
	}
}

// TestAdminBanner: start-api prints the admin API's URL before it listens,
// and the URL answers; --admin-addr off prints none.
func TestAdminBanner(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantLine bool
	}{
		{"default: a free port when the gateway's was 0", nil, true},
		{"explicit", []string{"--admin-addr", "127.0.0.1:0"}, true},
		{"off", []string{"--admin-addr", "off"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := startAPI(t, append([]string{"../examples/seed/template.yaml"}, tt.args...)...)
			if !tt.wantLine {
				if line := s.lineWith("admin: "); line != "" {
					t.Fatalf("admin line with off: %q", line)
				}
				return
			}
			if s.adminURL(t) == strings.TrimSuffix(s.url, "/") {
				t.Fatal("the admin API is on the gateway's address")
			}
			var got struct{ Status string }
			s.adminCall(t, http.MethodGet, "/healthz", "", &got)
			if got.Status != "ok" {
				t.Fatalf("healthz %+v", got)
			}
		})
	}
}

// TestAdminClockGovernsJWT: with --clock manual a JWT's exp is checked
// against the test clock: a token valid for an hour is refused once the
// clock is moved two hours on, without waiting.
func TestAdminClockGovernsJWT(t *testing.T) {
	t.Parallel()
	sg := signer{key: jwttest.RSA(t, "k1"), issuer: poolIssuer}
	jwks := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(jwks, jwttest.JWKS(sg.key), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startAPI(t, jwtTemplate, "--jwks", poolIssuer+"="+jwks, "--clock", "manual")
	bearer := []string{"Authorization", "Bearer " + sg.access(t, "pets/read")}
	if r := s.get(t, "GET", "/pets", bearer...); r.status != 200 {
		t.Fatalf("a token valid for an hour: %d %s", r.status, r.body)
	}
	s.advance(t, "2h")
	r := s.get(t, "GET", "/pets", bearer...)
	if r.status != 401 || !strings.Contains(s.lineOf(r), "token expired") {
		t.Fatalf("two hours later by the test clock: %d %s, log %q; want 401, token expired", r.status, r.body, s.lineOf(r))
	}
}

// TestAdminRecordsAndEvents: the admin API's request records and event
// stream carry the seed's 403 with its explanation, and a record's key hash
// names the cache entry that decided it.
func TestAdminRecordsAndEvents(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "../examples/seed/template.yaml")
	resp, err := http.Get(s.adminURL(t) + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := bufio.NewReader(resp.Body)
	if line, err := events.ReadString('\n'); err != nil || line != ": ping\n" {
		t.Fatalf("stream starts with %q, %v", line, err)
	}
	s.get(t, "GET", "/exact/pets", auth("allow")...)
	denied := s.get(t, "GET", "/exact/users", auth("allow")...)
	id := denied.header.Get("x-amzn-RequestId")
	type recordJSON struct {
		RequestID string
		Status    int
		Auth      struct{ Cache, KeyHash, Explanation string }
	}
	var rec recordJSON
	s.adminCall(t, http.MethodGet, "/api/requests/"+id, "", &rec)
	entries := s.cacheEntries(t)
	if rec.Status != 403 || rec.Auth.Cache != "hit" || !strings.Contains(rec.Auth.Explanation, "GET /exact/pets") ||
		len(entries) != 1 || rec.Auth.KeyHash != entries[0].KeyHash {
		t.Fatalf("record %+v, cache %+v; want the 403 decided by the listed entry", rec, entries)
	}
	var recent []recordJSON
	s.adminCall(t, http.MethodGet, "/api/requests?limit=1", "", &recent)
	if len(recent) != 1 || recent[0].RequestID != id {
		t.Fatalf("latest records %+v, want %s", recent, id)
	}
	m, err := http.Get(s.adminURL(t) + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(m.Body)
	m.Body.Close()
	if m.StatusCode != 200 || !strings.Contains(string(body), "apigw_requests_total{") {
		t.Fatalf("/metrics: %d %.300s", m.StatusCode, body)
	}
	for seen := 0; seen < 2; {
		line, err := events.ReadString('\n')
		if err != nil {
			t.Fatalf("stream: %v", err)
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			continue
		}
		var ev recordJSON
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			t.Fatalf("event %q: %v", data, err)
		}
		if seen++; seen == 2 && (ev.RequestID != id || ev.Status != 403) {
			t.Fatalf("second event %+v, want the 403 %s", ev, id)
		}
	}
}

// TestAdminFollowsReload: after a template reload the admin API shows the
// new version: its routes (the new TTL), its cache (the old version's is
// gone with it) and its function pools.
func TestAdminFollowsReload(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	seed, err := os.ReadFile("../examples/seed/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"authorizer.js", "echo.js"} {
		b, err := os.ReadFile("../examples/seed/src/" + f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "src", f), string(b))
	}
	tpl := filepath.Join(dir, "template.yaml")
	writeFile(t, tpl, string(seed))
	s := startAPI(t, tpl)
	s.get(t, "GET", "/exact/pets", auth("allow")...)
	if got := s.cacheEntries(t); len(got) != 1 {
		t.Fatalf("entries before the reload: %+v", got)
	}
	save(t, tpl, strings.Replace(string(seed), "ReauthorizeEvery: 300", "ReauthorizeEvery: 60", 1))
	s.waitLines("apigw: reloaded: template (template.yaml changed)", 1)
	var routes []struct {
		Path       string
		Authorizer struct {
			Name       string
			TTLSeconds int
		}
	}
	s.adminCall(t, http.MethodGet, "/api/routes", "", &routes)
	if len(routes) != 2 || routes[0].Path != "/exact/{proxy+}" || routes[0].Authorizer.TTLSeconds != 60 {
		t.Fatalf("routes after the reload: %+v", routes)
	}
	if got := s.cacheEntries(t); len(got) != 0 {
		t.Fatalf("the old version's entries after the reload: %+v", got)
	}
	s.get(t, "GET", "/exact/pets", auth("allow")...)
	// The new TTL (60 s, not the old 300 s); a loaded machine may take a
	// second or two between the request and the listing.
	if got := s.cacheEntries(t); len(got) != 1 || got[0].TTLLeftSeconds > 60 || got[0].TTLLeftSeconds < 50 {
		t.Fatalf("entries of the new version: %+v; want one with the new TTL of 60 s", got)
	}
	var pools []struct {
		Function    string
		Invocations int
	}
	s.adminCall(t, http.MethodGet, "/api/functions", "", &pools)
	for _, p := range pools {
		if p.Function == "ExactArnAuthFunction" && p.Invocations != 1 {
			t.Fatalf("pools %+v; want the new version's (one authorizer call)", pools)
		}
	}
}
