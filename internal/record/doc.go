// Package record holds what apigw keeps of each request it served: one
// Record per request, a JSON-tagged value that the log line, the admin API,
// the dashboard, metrics and access logs all read, and Ring, the bounded
// history of the most recent ones (--history N).
//
// A Record never holds a raw token or credential: an authorizer's identity
// appears only as the short hash of its cache key.
package record
