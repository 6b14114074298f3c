// Package bootstrap owns the two runtime bootstraps apigw ships inside its
// binary: a Node.js script (node/bootstrap.js) and a Python script
// (python/bootstrap.py). Each is a client of the Lambda Runtime API
// (2018-06-01): started as `node <file>` or `python3 <file>` with
// AWS_LAMBDA_RUNTIME_API, _HANDLER, LAMBDA_TASK_ROOT and the usual Lambda
// environment, it loads the user's handler once, then takes invocations from
// GET /runtime/invocation/next and posts each result to .../{id}/response or
// each failure to .../{id}/error, over one keep-alive connection. The Node
// script speaks HTTP/1.1 on that socket itself (Node's http client cost
// more per invocation than the rest of the script) and sends each result
// and the next GET .../next in one write, reading the answers in order.
//
// Invariants:
//   - The scripts use only their language's standard library and are written
//     for apigw; they follow the public Runtime API and the error shapes of
//     Lambda's own runtimes ({errorType, errorMessage, trace} for Node.js,
//     {errorMessage, errorType, requestId, stackTrace} for Python), and the
//     Lambda-Runtime-Function-Error-Type header carries the errorType.
//   - A handler that cannot be loaded (module missing, syntax error, handler
//     missing or not a function, malformed handler string) is reported once
//     to /runtime/init/error with a Runtime.* error type and a message naming
//     the file, and the process then exits with a non-zero status.
//   - The user's code is loaded once per process, never per invocation.
//   - Node answers as Lambda's runtime does: callback(null, result) waits
//     for the event loop to empty while context.callbackWaitsForEmptyEventLoop
//     is true (a pooled connection left open then times out, as it does on
//     Lambda), and the result is serialised when sent; errors,
//     context.succeed/fail/done and promises answer at once. A handler that
//     never settles is ended when the event loop empties.
//   - Node's context has the fields of Lambda's Node.js runtime in that
//     runtime's order; as there, the function's environment variables
//     (AWS_LAMBDA_FUNCTION_NAME ...) are read for each invocation and
//     _X_AMZN_TRACE_ID is set in process.env for each one (glibc keeps
//     every value setenv was given, so a warm process grows by one trace
//     id, about 200 bytes, per invocation, as on Lambda), and one
//     beforeExit listener, set up before the handler loads, ends
//     invocations left open.
//   - Node() and Python() return fresh copies; callers may keep or change them.
//
// Write the Node script to a file whose name ends in .js or .cjs outside any
// package.json that declares "type": "module" (or to a .cjs file anywhere).
package bootstrap
