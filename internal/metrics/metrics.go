package metrics

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/apigw/apigw/internal/record"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every metric name.
const namespace = "apigw"

// Pipeline stages of the latency histogram.
const (
	StageTotal       = "total"
	StageAuthorizer  = "authorizer"
	StageIntegration = "integration"
)

// Sources are what is read when scraped; either may be nil.
type Sources struct {
	Caches Caches
	Pools  Pools
}

// Metrics holds apigw's metrics in its own registry. Safe for concurrent
// use; Add is cheap enough for every request (BenchmarkAdd).
type Metrics struct {
	mu     sync.RWMutex
	series map[seriesKey]*series
	// last is the series the last request counted in: consecutive
	// requests of one kind skip the map (hashing seven strings) and its
	// lock. A series is immutable once made.
	last      atomic.Pointer[series]
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	decisions *prometheus.CounterVec
	calls     *prometheus.CounterVec
	functions *prometheus.HistogramVec
}

// latencyBuckets run from 100 µs to about 26 s: a local gateway answers
// in microseconds, a function's cold start takes seconds.
var latencyBuckets = prometheus.ExponentialBuckets(0.0001, 4, 10)

// New registers apigw's metrics, the Go runtime's and the process's, and
// the collectors of src.
func New(src Sources) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), series: map[seriesKey]*series{},
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "requests_total",
			Help: "Requests answered, by API, route (\"\" when none matched), method and status."},
			[]string{"api", "route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "request_duration_seconds",
			Help: "Request latency by pipeline stage: total (received to answered), authorizer, integration.", Buckets: latencyBuckets},
			[]string{"api", "stage"}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "authorizer_decisions_total",
			Help: "Authorizer decisions by outcome (allow, deny, unauthorized, error, skipped) and cache use (hit, miss, shared, off, not consulted, unavailable)."},
			[]string{"api", "authorizer", "outcome", "cache"}),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "authorizer_calls_total",
			Help: "Authorizer function calls made for a request (cache miss, off or unavailable)."},
			[]string{"api", "authorizer"}),
		functions: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "function_duration_seconds",
			Help: "Lambda integration durations by function, as the gateway waited for them.", Buckets: latencyBuckets},
			[]string{"function"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.decisions, m.calls, m.functions,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if err := m.Watch(src); err != nil {
		panic(err) // a fresh registry holds no cache or pool metrics yet
	}
	return m
}

// Watch adds sources read when scraped (nil ones are skipped), for wiring
// done after New. Each kind may be watched once: a second fails.
func (m *Metrics) Watch(src Sources) error {
	var errs []error
	if src.Caches != nil {
		errs = append(errs, m.reg.Register(cacheCollector{src.Caches}))
	}
	if src.Pools != nil {
		errs = append(errs, m.reg.Register(poolCollector{src.Pools}))
	}
	return errors.Join(errs...)
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Add counts one request; it implements the gateway's Recorder and keeps
// nothing of r.
func (m *Metrics) Add(r *record.Record) {
	s := m.seriesOf(r)
	s.requests.Inc()
	s.total.Observe(r.Latency.Total.Seconds())
	if s.decisions != nil {
		s.decisions.Inc()
		s.authorizer.Observe(r.Latency.Authorizer.Seconds())
	}
	if s.calls != nil {
		s.calls.Inc()
	}
	if d := r.Latency.Integration; d > 0 {
		s.integration.Observe(d.Seconds())
		if s.function != nil {
			s.function.Observe(d.Seconds())
		}
	}
}

// seriesKey is what picks a request's series: its labels.
type seriesKey struct {
	api, route, method, authorizer, outcome, cache, function string
	status                                                   int
}

// series are the children of every vector one kind of request counts in,
// looked up once per label set: a vector's own lookup hashes its labels on
// every call, several times per request. nil where the request has none.
type series struct {
	key                            seriesKey
	requests, decisions, calls     prometheus.Counter
	total, authorizer, integration prometheus.Observer
	function                       prometheus.Observer
}

func keyOf(r *record.Record) seriesKey {
	k := seriesKey{api: r.API, route: r.Route, method: r.Method, status: r.Status,
		authorizer: r.Auth.Authorizer, outcome: r.Auth.Outcome, cache: r.Auth.Cache}
	if r.Integration.Kind == record.KindLambda {
		k.function = r.Integration.Function
	}
	return k
}

func (m *Metrics) seriesOf(r *record.Record) *series {
	k := keyOf(r)
	if s := m.last.Load(); s != nil && s.key == k {
		return s
	}
	m.mu.RLock()
	s := m.series[k]
	m.mu.RUnlock()
	if s == nil {
		s = m.newSeries(k)
		m.mu.Lock()
		m.series[k] = s
		m.mu.Unlock()
	}
	m.last.Store(s)
	return s
}

func (m *Metrics) newSeries(k seriesKey) *series {
	s := &series{key: k, requests: m.requests.WithLabelValues(k.api, k.route, k.method, statusText(k.status)),
		total: m.latency.WithLabelValues(k.api, StageTotal), integration: m.latency.WithLabelValues(k.api, StageIntegration)}
	if k.outcome != "" {
		s.decisions = m.decisions.WithLabelValues(k.api, k.authorizer, k.outcome, k.cache)
		if k.outcome != record.OutcomeSkipped {
			s.authorizer = m.latency.WithLabelValues(k.api, StageAuthorizer)
		} else {
			s.authorizer = discard{}
		}
	}
	if record.CalledFunction(k.cache) {
		s.calls = m.calls.WithLabelValues(k.api, k.authorizer)
	}
	if k.function != "" {
		s.function = m.functions.WithLabelValues(k.function)
	}
	return s
}

// discard observes nothing: a skipped authorizer has no latency.
type discard struct{}

func (discard) Observe(float64) {}

// statuses are the status labels, made once: strconv.Itoa allocates for
// numbers over 99.
var statuses = func() (s [600]string) {
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}()

func statusText(status int) string {
	if status >= 0 && status < len(statuses) {
		return statuses[status]
	}
	return strconv.Itoa(status)
}
