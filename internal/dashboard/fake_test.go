package dashboard

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// fakeAdmin serves the dashboard and a small, in-memory copy of the admin
// API's contract (CONTRACT.md) for the page to read: routes, a cache that
// a flush empties, records pushed by the test onto the event stream, and
// pools.
type fakeAdmin struct {
	url       string
	mu        sync.Mutex
	changed   *sync.Cond
	cache     []map[string]any
	records   []map[string]any // newest last
	subs      map[chan map[string]any]bool
	flushes   []string // each flush's query
	noStream  bool     // /api/events answers 404: the page must poll
	listeners int      // event streams ever opened
}

func newFakeAdmin(t *testing.T, noStream bool) *fakeAdmin {
	f := &fakeAdmin{subs: map[chan map[string]any]bool{}, noStream: noStream}
	f.changed = sync.NewCond(&f.mu)
	mux := http.NewServeMux()
	mux.Handle("/", Handler())
	mux.HandleFunc("GET /api/routes", func(w http.ResponseWriter, r *http.Request) { reply(w, fakeRoutes) })
	mux.HandleFunc("GET /api/functions", func(w http.ResponseWriter, r *http.Request) { reply(w, fakePools) })
	mux.HandleFunc("GET /api/clock", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]any{"now": "2026-12-06T00:00:00Z", "manual": false})
	})
	mux.HandleFunc("GET /api/cache", f.serveCache)
	mux.HandleFunc("GET /api/cache/{keyHash}", f.serveEntry)
	mux.HandleFunc("POST /api/flush", f.serveFlush)
	mux.HandleFunc("GET /api/requests", f.serveRequests)
	mux.HandleFunc("GET /api/events", f.serveEvents)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(f.closeStreams) // before srv.Close: open streams would block it
	f.url = srv.URL
	return f
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeAdmin) serveCache(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	reply(w, append([]map[string]any{}, f.cache...))
}

func (f *fakeAdmin) serveEntry(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.cache {
		if e["keyHash"] == r.PathValue("keyHash") {
			d := maps.Clone(e)
			d["policy"] = map[string]any{"Version": "2012-10-17", "Statement": []any{
				map[string]any{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": exactARN}}}
			d["context"] = map[string]any{"tier": "gold"}
			reply(w, d)
			return
		}
	}
	w.WriteHeader(http.StatusNotFound)
	reply(w, map[string]any{"status": 404, "message": "no live cache entry"})
}

func (f *fakeAdmin) serveFlush(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.cache)
	f.cache = nil
	f.flushes = append(f.flushes, r.URL.RawQuery)
	reply(w, map[string]int{"flushed": n})
}

func (f *fakeAdmin) serveRequests(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []map[string]any{}
	for i := len(f.records) - 1; i >= 0; i-- {
		out = append(out, f.records[i])
	}
	reply(w, out)
}

func (f *fakeAdmin) serveEvents(w http.ResponseWriter, r *http.Request) {
	if f.noStream {
		http.NotFound(w, r)
		return
	}
	c := make(chan map[string]any, 16)
	f.mu.Lock()
	f.subs[c] = true
	f.listeners++
	f.changed.Broadcast()
	f.mu.Unlock()
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	for rec := range c {
		b, _ := json.Marshal(rec)
		fmt.Fprintf(w, "event: request\ndata: %s\n\n", b)
		w.(http.Flusher).Flush()
	}
}

// closeStreams ends every open event stream.
func (f *fakeAdmin) closeStreams() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.subs {
		close(c)
	}
	f.subs = map[chan map[string]any]bool{}
}

// waitListening blocks until the page has opened the event stream.
func (f *fakeAdmin) waitListening() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.listeners == 0 {
		f.changed.Wait()
	}
}

// add keeps a record, as the gateway's ring does, and streams it.
func (f *fakeAdmin) add(rec map[string]any) {
	f.mu.Lock()
	f.records = append(f.records, rec)
	subs := make([]chan map[string]any, 0, len(f.subs))
	for c := range f.subs {
		subs = append(subs, c)
	}
	f.mu.Unlock()
	for _, c := range subs {
		c <- rec
	}
}

func (f *fakeAdmin) setCache(entries ...map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cache = entries
}

func (f *fakeAdmin) flushQueries() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string{}, f.flushes...)
}

var fakeRoutes = []map[string]any{
	{"api": "SeedApi", "apiId": "abc123defg", "kind": "REST", "stage": "prod", "method": "ANY",
		"path": "/exact/{proxy+}", "routeKey": "ANY /exact/{proxy+}", "integration": "lambda:EchoFunction",
		"authorizer": map[string]any{"name": "ExactArnAuth", "type": "TOKEN", "ttlSeconds": 300,
			"identitySources": []string{"method.request.header.Authorization"}}},
	{"api": "SeedApi", "apiId": "abc123defg", "kind": "REST", "stage": "prod", "method": "GET",
		"path": "/health", "routeKey": "GET /health", "integration": "mock", "authorizer": nil},
}

var fakePools = []map[string]any{
	{"function": "EchoFunction", "runtime": "nodejs20.x", "processes": 1, "warm": 1, "coldStarts": 1,
		"invocations": 3, "maxConcurrency": 4},
}

const exactARN = "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/exact/pets"

// record is a request record in the contract's JSON.
func record(id, method, path string, status int, outcome, cache string) map[string]any {
	return map[string]any{
		"requestId": id, "time": "2026-12-06T00:00:01.5Z", "api": "SeedApi", "apiId": "abc123defg",
		"stage": "prod", "method": method, "path": path, "route": "ANY /exact/{proxy+}", "status": status,
		"latency": map[string]any{"total": 2500000, "authorizer": 1800000, "integration": 400000},
		"auth": map[string]any{"authorizer": "ExactArnAuth", "outcome": outcome, "cache": cache,
			"keyHash": "k1a2b3c4", "principal": "user-allow", "allowed": []string{exactARN},
			"explanation": fmt.Sprintf("%d: cached policy from GET /exact/pets 12 s ago allows only %s", status, exactARN)},
		"integration": map[string]any{"kind": "lambda", "function": "EchoFunction"},
	}
}

func cacheEntry() map[string]any {
	return map[string]any{"api": "SeedApi", "apiId": "abc123defg", "stage": "prod", "authorizer": "ExactArnAuth",
		"keyHash": "k1a2b3c4", "principal": "user-allow", "source": "GET /exact/pets",
		"createdAt": "2026-12-06T00:00:01Z", "ageSeconds": 12, "ttlSeconds": 300, "ttlLeftSeconds": 288,
		"allowed": []string{exactARN}}
}
