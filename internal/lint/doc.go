// Package lint finds authorization pitfalls in a loaded template before
// deploy, as data: each is a Finding (rule, severity, location, route,
// message, fix), the way the authorizer package returns decisions as data.
//
// Static rules read the api model only: a cached authorizer on a greedy or
// ANY resource or shared by several routes (the seed's 403 waiting to
// happen, C-2), a TTL outside 0..3600 (C-1), an identity source that makes
// the cache key too coarse (R-2, C-5), a route left open next to guarded
// ones, and a resource policy Deny that a trailing slash escapes (P-1).
// HTTP APIs (v2) share them, with their cache keyed on identity values
// only (V-6): a cached simple-response verdict answering several routes
// without $context.routeKey in the key is a warning of its own, and IAM
// policies meet the REST rules (httpapi.go).
// Probe runs each cached authorizer for real once through an Authorizer the
// caller wires (cli: the template's own function processes) and evaluates
// the cached policy against every route and method it guards, exactly as
// the gateway would within the TTL.
//
// Invariants: Check never writes a token or an identity value into a
// finding; findings come out in a stable order (file, line, rule, route);
// the package starts no process itself. The caller owns the template and
// the authorizers it hands to Probe, and stops their functions afterwards.
package lint
