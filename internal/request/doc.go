// Package request holds the gateway's view of one HTTP request as the
// authorizer and the integrations read it: the client's raw header names in
// arrival order, the path as sent, the decoded query, and what routing added (the
// resource template, path parameters, stage and its variables).
//
// Invariants: header names keep the client's casing (DESIGN section 2,
// R-1, L-1); lookups by header name fold case, lookups by query name do not
// . TraceID is computed once per request and kept, so everything that
// sends it agrees (L-5, L-8). The package imports nothing of apigw's.
package request
