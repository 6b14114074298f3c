// Package admin is apigw's admin HTTP API, served on its own listener
// (--admin-addr), never on the gateway's port: the routes and their
// authorizers, the authorizer cache (entries per API, stage and
// authorizer, one entry's policy, flush), recent request records and a
// Server-Sent Events stream of them, the test clock, function pools,
// Prometheus metrics and the dashboard page.
//
// It declares the small interfaces it reads (Routes, Cache, Records,
// Pools, Clock); cli wires the concrete parts. Responses are JSON; errors
// are {"status":N,"message":"..."} with that HTTP status. Nothing it
// answers holds a raw token: cache entries are named by their key hash.
package admin
