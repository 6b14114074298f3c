// Package lambda runs Lambda functions as warm local processes that speak
// the Lambda Runtime API (one runtimeapi.Server per process).
//
// A Runner holds one Pool per function. A Pool starts a process when no idle
// one is warm, reuses idle ones (last in, first out), caps live processes at
// Options.MaxConcurrency, queues callers beyond that for at most
// Options.QueueTimeout, and stops processes idle for Options.IdleTimeout.
// NewRunner does all fallible setup (runtime checks, node/python3 lookup,
// bootstrap files, go build); invoking does none.
//
// Invariants:
//   - Each process runs in its own process group with the Lambda environment
//     and serves one invocation at a time.
//   - Every wait is bounded: the queue by QueueTimeout, a first poll by
//     InitTimeout, a running invocation by the function's Timeout, Close by
//     its context.
//   - A timeout kills the whole process group; a process that exits, times
//     out or fails init is never reused.
//   - Function output becomes log lines "[Name] <request id> text"; each
//     invocation logs START, then its output, then END and REPORT (written
//     just after Invoke returns; the process's next invocation waits for
//     them, and Runner.Close flushes them).
//   - Invoke returns either the response bytes or an error. Errors the
//     function caused (handler error, timeout, crash, init failure) unwrap
//     to *event.FunctionError with Lambda's errorType and errorMessage;
//     anything else (queue timeout, closed pool, cancelled context) is an
//     ordinary wrapped error, and output that is not JSON wraps
//     event.ErrMalformedOutput.
package lambda
