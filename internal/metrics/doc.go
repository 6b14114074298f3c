// Package metrics exposes what apigw serves in Prometheus's text format,
// for the admin listener's /metrics: requests by API, route, method and
// status; latency by pipeline stage; authorizer decisions, calls and cache
// use; function invocations, cold starts, durations, errors and pool
// sizes.
//
// Metrics is a gateway Recorder: per-request counters and histograms are
// fed from each request's record.Record as it is answered. What the
// records do not carry — authorizer cache evictions, flushes and store
// failures, and function pools — is read when scraped, through the small
// interfaces Caches and Pools that cli wires to the concrete parts.
package metrics
