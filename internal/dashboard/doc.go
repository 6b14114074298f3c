// Package dashboard serves the admin listener's live page: one HTML page,
// its script and its style sheet, embedded in the binary (no build step, no
// CDN, nothing fetched from elsewhere, so it works offline).
//
// The page reads only the admin HTTP API of the same origin: the request
// records' event stream (/api/events, falling back to polling
// /api/requests), the authorizer cache (/api/cache, flushed with
// /api/flush), the routes (/api/routes), the function pools
// (/api/functions) and the clock (/api/clock). It renders a bounded sample
// of the requests (the newest 200 rows, at most a few batches a second) so
// it stays usable at thousands of requests a second.
package dashboard
