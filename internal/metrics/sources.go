package metrics

import (
	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/record"
	"github.com/prometheus/client_golang/prometheus"
)

// Caches lists the authorizer caches' counters, read when scraped.
type Caches interface {
	CacheStats() []CacheStats
}

// CacheStats are one API's authorizer cache counters, each a running
// total (Evictions is 0 where the store does not count them).
type CacheStats struct {
	API string // the API's logical id
	authcache.Stats
}

// Pools lists the function pools, read when scraped (lambda fills them).
type Pools interface {
	Pools() []record.Pool
}

// cacheCounters name each CacheStats counter.
var cacheCounters = []struct {
	desc *prometheus.Desc
	get  func(*CacheStats) uint64
}{
	{cacheDesc("evictions_total", "Authorizer cache entries evicted to stay within the size limit."), func(s *CacheStats) uint64 { return s.Evictions }},
	{cacheDesc("flushes_total", "Authorizer cache flushes (FlushStageAuthorizersCache)."), func(s *CacheStats) uint64 { return s.Flushes }},
	{cacheDesc("fresh_total", "Decisions made by a fresh call while the cache store was unavailable."), func(s *CacheStats) uint64 { return s.Fresh }},
	{cacheDesc("store_timeouts_total", "Cache store operations that ran out of time."), func(s *CacheStats) uint64 { return s.StoreTimeouts }},
	{cacheDesc("store_errors_total", "Cache store operations that failed otherwise."), func(s *CacheStats) uint64 { return s.StoreErrors }},
	{cacheDesc("discarded_total", "Results not stored because their stage was flushed while they ran."), func(s *CacheStats) uint64 { return s.Discarded }},
	{cacheDesc("corrupt_total", "Cache records that could not be decoded."), func(s *CacheStats) uint64 { return s.Corrupt }},
}

func cacheDesc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc(namespace+"_authorizer_cache_"+name, help, []string{"api"}, nil)
}

type cacheCollector struct{ src Caches }

func (c cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, k := range cacheCounters {
		ch <- k.desc
	}
}

func (c cacheCollector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.src.CacheStats() {
		for _, k := range cacheCounters {
			ch <- prometheus.MustNewConstMetric(k.desc, prometheus.CounterValue, float64(k.get(&s)), s.API)
		}
	}
}

// poolMetrics name each record.Pool field exported.
var poolMetrics = []struct {
	desc *prometheus.Desc
	kind prometheus.ValueType
	get  func(*record.Pool) float64
}{
	{poolDesc("function_invocations_total", "Function invocations."), prometheus.CounterValue, func(p *record.Pool) float64 { return float64(p.Invocations) }},
	{poolDesc("function_cold_starts_total", "Function processes started for an invocation."), prometheus.CounterValue, func(p *record.Pool) float64 { return float64(p.ColdStarts) }},
	{poolDesc("function_errors_total", "Invocations that failed (function error, timeout, crash)."), prometheus.CounterValue, func(p *record.Pool) float64 { return float64(p.Errors) }},
	{poolDesc("function_processes", "Running function processes."), prometheus.GaugeValue, func(p *record.Pool) float64 { return float64(p.Processes) }},
	{poolDesc("function_processes_warm", "Idle function processes ready for an event."), prometheus.GaugeValue, func(p *record.Pool) float64 { return float64(p.Warm) }},
	{poolDesc("function_processes_busy", "Function processes handling an event."), prometheus.GaugeValue, func(p *record.Pool) float64 { return float64(p.Busy) }},
	{poolDesc("function_processes_starting", "Function processes in init."), prometheus.GaugeValue, func(p *record.Pool) float64 { return float64(p.Starting) }},
	{poolDesc("function_queued", "Invocations waiting for a process."), prometheus.GaugeValue, func(p *record.Pool) float64 { return float64(p.Queued) }},
	{poolDesc("function_max_concurrency", "The pool's process limit."), prometheus.GaugeValue, func(p *record.Pool) float64 { return float64(p.MaxConcurrency) }},
}

func poolDesc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc(namespace+"_"+name, help, []string{"function", "runtime"}, nil)
}

type poolCollector struct{ src Pools }

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, k := range poolMetrics {
		ch <- k.desc
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	for _, p := range c.src.Pools() {
		for _, k := range poolMetrics {
			ch <- prometheus.MustNewConstMetric(k.desc, k.kind, k.get(&p), p.Function, p.Runtime)
		}
	}
}
