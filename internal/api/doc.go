// Package api is the model every loader produces and every serving package
// reads: APIs with their stage, routes (resource path template and verb),
// authorizers, integrations and gateway responses, and the functions they
// call. It also holds the facts more than one package needs, each once: the
// gateway response types with their defaults (G-1), the grammar of source
// expressions (R-2, G-4), path templates (PIPE-4), the stack defaults, and
// the one located error type, *Error, with its Kind (invalid, unsupported by
// apigw yet, file).
//
// Invariants: a model returned by a loader has passed Validate, so serving
// code never re-checks configuration; identity sources are parsed; a TOKEN
// authorizer's validation expression is compiled (SetValidation); paths
// are templates as written in the definition ("/pets/{id}", "/{proxy+}").
// The package imports nothing of apigw's.
package api
