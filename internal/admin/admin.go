package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/record"
)

// Config is what the admin API reads; nil parts answer as empty (no routes,
// no entries, no records, no pools) or, for Clock, the real clock.
type Config struct {
	Routes  Routes
	Cache   Cache
	Records Records
	Pools   Pools
	// Clock is apigw's clock; one that is also a ManualClock can be moved
	// through POST /api/clock.
	Clock Clock
	// Metrics is mounted at /metrics, Dashboard at /, when set.
	Metrics   http.Handler
	Dashboard http.Handler
	// Ping is how often the event stream sends a keep-alive comment; 0
	// means DefaultPing.
	Ping time.Duration
	// LoopbackOnly answers only requests whose Host names localhost or a
	// loopback address (set when the listener is on loopback: a guard
	// against DNS rebinding).
	LoopbackOnly bool
}

// DefaultPing is the event stream's keep-alive interval.
const DefaultPing = 15 * time.Second

// Routes lists the served routes.
type Routes interface{ Routes() []Route }

// Records are the recent request records (record.Ring).
type Records interface {
	Recent(n int) []record.Record
	Get(requestID string) (record.Record, bool)
	Subscribe(size int) *record.Subscription
}

// Pools snapshots the function pools.
type Pools interface{ Pools() []record.Pool }

// Clock is apigw's clock.
type Clock interface{ Now() time.Time }

// ManualClock is a test clock (clock.Manual).
type ManualClock interface {
	Clock
	Advance(d time.Duration) (time.Time, error)
	Set(t time.Time)
}

type handler struct {
	cfg Config
	mux *http.ServeMux
}

// New returns the admin API's handler.
func New(cfg Config) http.Handler {
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Ping <= 0 {
		cfg.Ping = DefaultPing
	}
	h := &handler{cfg: cfg, mux: http.NewServeMux()}
	h.routes()
	return h.guard(h.mux)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// endpoint is one path of the API and the method it answers.
type endpoint struct {
	method, path string
	serve        http.HandlerFunc
}

func (h *handler) endpoints() []endpoint {
	return []endpoint{
		{http.MethodGet, "/healthz", func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		}},
		{http.MethodGet, "/api/routes", h.listRoutes},
		{http.MethodGet, "/api/cache", h.listCache},
		{http.MethodGet, "/api/cache/{keyHash}", h.cacheEntry},
		{http.MethodPost, "/api/flush", h.flush},
		{http.MethodGet, "/api/requests", h.listRequests},
		{http.MethodGet, "/api/requests/{requestId}", h.oneRequest},
		{http.MethodGet, "/api/events", h.events},
		{http.MethodGet, "/api/clock", h.getClock},
		{http.MethodPost, "/api/clock", h.setClock},
		{http.MethodGet, "/api/functions", h.functions},
	}
}

// routes registers every endpoint, a JSON 405 for its path under other
// methods, and JSON 404s for unknown API paths.
func (h *handler) routes() {
	m, allowed := h.mux, map[string][]string{}
	for _, e := range h.endpoints() {
		m.HandleFunc(e.method+" "+e.path, e.serve)
		allowed[e.path] = append(allowed[e.path], e.method)
	}
	for path, methods := range allowed {
		m.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", strings.Join(methods, ", "))
			writeError(w, http.StatusMethodNotAllowed, r.Method+" "+r.URL.Path+": want "+strings.Join(methods, " or "))
		})
	}
	if h.cfg.Metrics != nil {
		m.Handle("GET /metrics", h.cfg.Metrics)
	}
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such admin API path: "+r.Method+" "+r.URL.Path)
	})
	m.HandleFunc("/", h.root)
}

// root is the dashboard, or a JSON 404.
func (h *handler) root(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Dashboard != nil {
		h.cfg.Dashboard.ServeHTTP(w, r)
		return
	}
	writeError(w, http.StatusNotFound, "no such admin path: "+r.Method+" "+r.URL.Path)
}

// apiError is the body of every error answer.
type apiError struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{Status: status, Message: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"status":500,"message":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// Errors a Cache returns, mapped to statuses.
var (
	// ErrNotFound: no such API, stage or entry (404).
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous: the request must name an API or stage (400).
	ErrAmbiguous = errors.New("ambiguous")
	// ErrUnavailable: the cache store did not answer (503).
	ErrUnavailable = errors.New("cache store unavailable")
)

// writeErr answers err with the status its kind calls for.
func writeErr(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, ErrAmbiguous):
		status = http.StatusBadRequest
	case errors.Is(err, ErrUnavailable):
		status = http.StatusServiceUnavailable
	}
	writeError(w, status, err.Error())
}
