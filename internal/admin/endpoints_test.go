package admin

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/clock"
	"github.com/apigw/apigw/internal/record"
)

func seedTemplate() *api.Template {
	auth := &api.Authorizer{
		Name: "ExactArnAuth", Type: api.AuthorizerToken, TTLSeconds: 300,
		IdentitySources: []api.IdentitySource{{Kind: api.SourceHeader, Name: "Authorization"}},
	}
	return &api.Template{APIs: []*api.API{{
		LogicalID: "SeedApi", ID: apiID, Stage: "prod",
		Authorizers: map[string]*api.Authorizer{auth.Name: auth},
		Routes: []*api.Route{
			{Method: "ANY", Path: "/exact/{proxy+}", Authorizer: auth.Name,
				Integration: api.Integration{Type: api.IntegrationLambdaProxy, Function: "Echo"}},
			{Method: "GET", Path: "/open", Integration: api.Integration{Type: api.IntegrationMock}},
			{Method: "GET", Path: "/soap", Integration: api.Integration{Type: "aws", Gap: api.Gap{What: "AWS integrations"}}},
		},
	}}}
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	gap := func(r *api.Route) string { return r.Integration.Gap.What }
	tests := []struct {
		name        string
		routes      Routes
		stagePrefix bool
		want        string
	}{
		{"none", nil, false, "[]\n"},
		{"seed", RoutesOf(seedTemplate(), "http://127.0.0.1:3000", false, gap), false, `[` +
			`{"api":"SeedApi","apiId":"4cirhzqkyr","kind":"REST","stage":"prod","method":"ANY","path":"/exact/{proxy+}","routeKey":"ANY /exact/{proxy+}","url":"http://127.0.0.1:3000/exact/{proxy+}","authorizer":{"name":"ExactArnAuth","type":"TOKEN","ttlSeconds":300,"identitySources":["method.request.header.Authorization"]},"integration":"lambda:Echo","unsupported":""},` +
			`{"api":"SeedApi","apiId":"4cirhzqkyr","kind":"REST","stage":"prod","method":"GET","path":"/open","routeKey":"GET /open","url":"http://127.0.0.1:3000/open","authorizer":null,"integration":"mock","unsupported":""},` +
			`{"api":"SeedApi","apiId":"4cirhzqkyr","kind":"REST","stage":"prod","method":"GET","path":"/soap","routeKey":"GET /soap","url":"http://127.0.0.1:3000/soap","authorizer":null,"integration":"aws","unsupported":"AWS integrations"}` +
			"]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := call(t, New(Config{Routes: tt.routes}), http.MethodGet, "/api/routes", "")
			if status != http.StatusOK || body != tt.want {
				t.Fatalf("got %d\n%s\nwant\n%s", status, body, tt.want)
			}
		})
	}
}

func TestRoutesStagePrefix(t *testing.T) {
	t.Parallel()
	httpAPI := &api.API{LogicalID: "Http", ID: "h", Kind: api.KindHTTP, Stage: api.DefaultStage,
		Routes: []*api.Route{{Method: "GET", Path: "/pets", Key: "GET /pets"}}}
	tpl := seedTemplate()
	tpl.APIs = append(tpl.APIs, httpAPI)
	r := RoutesOf(tpl, "http://h:1", true, nil)
	// V-11: the $default stage of an HTTP API has no stage segment.
	if r[0].URL != "http://h:1/prod/exact/{proxy+}" || r[3].URL != "http://h:1/pets" || r[3].Kind != "HTTP" || r[3].RouteKey != "GET /pets" {
		t.Fatalf("routes %+v", r)
	}
}

func ringOf(ids ...string) *record.Ring {
	g := record.NewRing(10)
	for _, id := range ids {
		g.Add(&record.Record{RequestID: id, Status: 200, Auth: record.Auth{Authorizer: "A", Outcome: "allow", KeyHash: "abc"}})
	}
	return g
}

func TestRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		records    Records
		target     string
		wantStatus int
		wantIDs    string
	}{
		{"newest first", ringOf("a", "b", "c"), "/api/requests", 200, "c,b,a"},
		{"limit", ringOf("a", "b", "c"), "/api/requests?limit=2", 200, "c,b"},
		{"no records", nil, "/api/requests", 200, ""},
		{"bad limit", ringOf("a"), "/api/requests?limit=x", 400, ""},
		{"zero limit", ringOf("a"), "/api/requests?limit=0", 400, ""},
		{"one", ringOf("a", "b"), "/api/requests/a", 200, "a"},
		{"gone", ringOf("a"), "/api/requests/zzz", 404, ""},
		{"gone without records", nil, "/api/requests/a", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := call(t, New(Config{Records: tt.records}), http.MethodGet, tt.target, "")
			if tt.wantStatus != http.StatusOK {
				wantError(t, status, body, tt.wantStatus)
				return
			}
			var got []record.Record
			if strings.HasPrefix(body, "{") {
				var one record.Record
				decode(t, body, &one)
				got = append(got, one)
			} else {
				decode(t, body, &got)
			}
			ids := []string{}
			for _, r := range got {
				ids = append(ids, r.RequestID)
			}
			if status != http.StatusOK || strings.Join(ids, ",") != tt.wantIDs {
				t.Fatalf("got %d %v, want %s", status, ids, tt.wantIDs)
			}
		})
	}
}

// readEvent reads one SSE message (up to a blank line) from r.
func readEvent(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended: %v (read %q)", err, b.String())
		}
		if line == "\n" {
			return b.String()
		}
		b.WriteString(line)
	}
}

func TestEvents(t *testing.T) {
	t.Parallel()
	ring := record.NewRing(10)
	srv := httptest.NewServer(New(Config{Records: ring, Ping: time.Millisecond}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	r := bufio.NewReader(resp.Body)
	if got := readEvent(t, r); got != ": ping\n" {
		t.Fatalf("first message %q, want a ping", got)
	}
	// The stream subscribed before its first ping: this record reaches it.
	ring.Add(&record.Record{RequestID: "r1", Status: 403, Auth: record.Auth{Authorizer: "ExactArnAuth", Outcome: "deny"}})
	for {
		msg := readEvent(t, r)
		if msg == ": ping\n" {
			continue
		}
		data, ok := strings.CutPrefix(msg, "event: request\ndata: ")
		if !ok {
			t.Fatalf("message %q", msg)
		}
		var rec record.Record
		if err := json.Unmarshal([]byte(data), &rec); err != nil || rec.RequestID != "r1" || rec.Status != 403 {
			t.Fatalf("data %q: %v", data, err)
		}
		return
	}
}

func TestEventsWithoutRecordsPing(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(New(Config{Ping: time.Millisecond}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	for range 2 {
		if got := readEvent(t, r); got != ": ping\n" {
			t.Fatalf("message %q, want a ping", got)
		}
	}
}

func TestClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		manual     bool
		method     string
		body       string
		wantStatus int
		wantNow    time.Time
	}{
		{"read manual", true, http.MethodGet, "", 200, start},
		{"advance", true, http.MethodPost, `{"advance":"90s"}`, 200, start.Add(90 * time.Second)},
		{"set", true, http.MethodPost, `{"set":"2027-01-01T00:00:00Z"}`, 200, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"negative advance", true, http.MethodPost, `{"advance":"-1s"}`, 400, start},
		{"bad duration", true, http.MethodPost, `{"advance":"soon"}`, 400, start},
		{"bad time", true, http.MethodPost, `{"set":"tomorrow"}`, 400, start},
		{"both", true, http.MethodPost, `{"advance":"1s","set":"2027-01-01T00:00:00Z"}`, 400, start},
		{"neither", true, http.MethodPost, `{}`, 400, start},
		{"not JSON", true, http.MethodPost, `advance 1s`, 400, start},
		{"too large", true, http.MethodPost, `{"advance":"1s","x":"` + strings.Repeat("a", maxClockBody) + `"}`, 400, start},
		{"real clock cannot move", false, http.MethodPost, `{"advance":"90s"}`, 409, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewManual(start)
			cfg := Config{}
			if tt.manual {
				cfg.Clock = clk
			}
			h := New(cfg)
			status, body := call(t, h, tt.method, "/api/clock", tt.body)
			if tt.wantStatus != http.StatusOK {
				wantError(t, status, body, tt.wantStatus)
			}
			if !tt.manual {
				return
			}
			_, body = call(t, h, http.MethodGet, "/api/clock", "")
			var got struct {
				Now    string
				Manual bool
			}
			decode(t, body, &got)
			now, err := time.Parse(time.RFC3339Nano, got.Now)
			if err != nil || !now.Equal(tt.wantNow) || !got.Manual || !clk.Now().Equal(tt.wantNow) {
				t.Fatalf("clock %s, want %v", body, tt.wantNow)
			}
		})
	}
}

func TestRealClockReads(t *testing.T) {
	t.Parallel()
	before := time.Now()
	_, body := call(t, New(Config{}), http.MethodGet, "/api/clock", "")
	var got struct {
		Now    time.Time
		Manual bool
	}
	decode(t, body, &got)
	if got.Manual || got.Now.Before(before) {
		t.Fatalf("clock %s", body)
	}
}

type pools []record.Pool

func (p pools) Pools() []record.Pool { return p }

func TestFunctions(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		pools Pools
		want  string
	}{
		{"none", nil, "[]\n"},
		{"one", pools{{Function: "Echo", Runtime: "nodejs20.x", Processes: 2, Warm: 1, Busy: 1, ColdStarts: 2, MaxConcurrency: 10}},
			`[{"function":"Echo","runtime":"nodejs20.x","processes":2,"warm":1,"busy":1,"starting":0,"queued":0,"coldStarts":2,"invocations":0,"errors":0,"maxConcurrency":10}]` + "\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := call(t, New(Config{Pools: tt.pools}), http.MethodGet, "/api/functions", "")
			if status != http.StatusOK || body != tt.want {
				t.Fatalf("got %d %s", status, body)
			}
		})
	}
}

func TestMountsAndErrors(t *testing.T) {
	t.Parallel()
	text := func(s string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(s)) })
	}
	with := New(Config{Metrics: text("metrics"), Dashboard: text("dashboard")})
	without := New(Config{})
	tests := []struct {
		name       string
		h          http.Handler
		method     string
		target     string
		wantStatus int
		wantBody   string // "" means a JSON error
	}{
		{"healthz", without, http.MethodGet, "/healthz", 200, "{\"status\":\"ok\"}\n"},
		{"metrics", with, http.MethodGet, "/metrics", 200, "metrics"},
		{"dashboard", with, http.MethodGet, "/", 200, "dashboard"},
		{"dashboard asset", with, http.MethodGet, "/app.js", 200, "dashboard"},
		{"no dashboard", without, http.MethodGet, "/", 404, ""},
		{"no metrics", without, http.MethodGet, "/metrics", 404, ""},
		{"unknown API path", with, http.MethodGet, "/api/nope", 404, ""},
		{"wrong method", without, http.MethodDelete, "/api/cache", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := call(t, tt.h, tt.method, tt.target, "")
			if tt.wantBody == "" {
				wantError(t, status, body, tt.wantStatus)
				return
			}
			if status != tt.wantStatus || body != tt.wantBody {
				t.Fatalf("got %d %q", status, body)
			}
		})
	}
}
