// Package runtimeapi is the server side of the AWS Lambda Runtime API
// (version 2018-06-01) for one function process: the process polls
// GET /runtime/invocation/next, then posts the outcome to
// /runtime/invocation/{id}/response or /error, or reports a failed start on
// /runtime/init/error.
//
// The caller (the process pool) hands invocations to a Server with Submit and
// waits on the returned Call; the Server never starts or kills processes.
// When the runtime already waits in GET /next, Submit writes the event to
// it itself (handoff.go); the write can block only on a runtime that does
// not read, and the caller ends it by stopping the process (Close).
//
// A Server started with Bind and Serve answers connections with its own
// HTTP/1.1 loop (conn.go: small written responses, a parked GET /next
// while the loop reads on) rather than net/http's server, whose
// per-request background read and deadline changes cost more than the
// rest of the round trip. A runtime's plain requests (GET /next, a POST
// with a Content-Length or chunked) are read by a small head reader and
// dispatched without ServeMux (head.go, route.go, request.go); any other
// request is read by http.ReadRequest and routed by ServeMux, so answers
// stay net/http's wherever the fast path does not go. Handler serves the
// same paths through ServeMux for tests.
//
// Invariants:
//   - A Server serves exactly one process and holds at most one invocation
//     that is pending (submitted, not yet polled) or running (polled, no
//     outcome yet); Submit refuses a second one with ErrBusy.
//   - Every request is checked against the state machine in state.go before
//     it has any effect. Illegal transitions get 403 InvalidStateTransition,
//     a response for any id but the running one gets 400 InvalidRequestID,
//     and bodies over MaxPayloadSize get 413 RequestEntityTooLarge, as the
//     Lambda service answers them.
//   - A Call finishes exactly once: with the posted response, the posted
//     function error, an init error, or the cause given to Abort.
//   - A Server started with Bind and Serve(gate) puts every connection to
//     the gate once, before any of its requests has an effect; a refused
//     connection gets 403 AccessDenied and is closed, so no other process
//     can poll a function's events or answer for it (Listen admits all).
//   - A GET /next's response is written by exactly one goroutine: its
//     handler (or connection loop) or the Submit that claimed it, never
//     both; the connection is not used for anything else until that write
//     ended.
package runtimeapi
