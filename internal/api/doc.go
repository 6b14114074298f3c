// Package api is the model every loader produces and every serving package
// reads: APIs with their stage, routes (resource path template and verb),
// authorizers, integrations and gateway responses, and the functions they
// call.
//
// Invariants: a model returned by a loader has passed Validate, so serving
// code never re-checks configuration; identity sources are parsed; paths
// are templates as written in the definition ("/pets/{id}", "/{proxy+}").
// The package imports nothing of apigw's.
package api
