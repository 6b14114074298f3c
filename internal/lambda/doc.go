// Package lambda runs Lambda functions as warm local processes that speak
// the Lambda Runtime API (one runtimeapi.Server per process).
//
// A Runner holds one Pool per function; Runner.Pools snapshots them all
// (record.Pool). A Pool reuses idle processes (most recently used first),
// caps live processes at Options.MaxConcurrency (default: GOMAXPROCS, at
// least 2), queues callers for at most Options.QueueTimeout, and stops
// processes idle for Options.IdleTimeout. It grows as warm processes prove
// too few (queue.go): while a process is in init, callers queue behind it
// instead of starting more (a cold burst does not start ten processes at
// once); with all busy, one more starts when a caller has waited as long
// as the last init took.
// NewRunner does all fallible setup (runtime checks, interpreters chosen
// for the declared version and resolved once past any shim, bootstrap
// files, go build, printing progress every second on slow steps);
// invoking does none. A Go function whose build fails does not stop the
// others: its invocations fail with the compiler's message as an init
// error. Options.Debug runs one function under Node's inspector or
// debugpy, with one process and no timeouts.
//
// Runtimes as Lambda runs them: a function's layers (api.Function.Layers)
// are found through PATH, LD_LIBRARY_PATH, NODE_PATH and the Python path
// as Lambda's /opt would be (layers.go); Python runs with -s, a sys.path
// of code, layers, $PYTHONPATH and the standard library only, and Lambda's
// root log handler (the embedded bootstrap); node runs with Lambda's flags
// (global.gc, 80 KiB HTTP headers, a heap sized from the function's
// memory; nodeFlags).
//
// Isolation (DESIGN section 1, "Function isolation"; Options.Sandbox,
// DetectSandbox): each process starts under a sandbox init, apigw itself
// re-executed (SandboxInit), which starts the function and ends everything
// it started with it. As root the init is pid 1 of a new pid and mount
// namespace with a fresh /proc and fewer capabilities; otherwise it is the
// child subreaper of the function's tree, in a user and mount namespace of
// its own when the system gives one. Either way the function's code and
// layer folders are read-only to it, as on Lambda (readOnlyDirs), wherever
// it has a mount namespace. Each process's Runtime API
// answers only connections whose socket that process or one of its
// descendants holds (the socket's inode from sock_diag, or /proc/net/tcp,
// then /proc/PID/fd; once per connection); others get 403 and a log line.
//
// Invariants:
//   - Each process runs in its own process group with the Lambda environment
//     and serves one invocation at a time.
//   - An invocation goes to an idle process waiting in /next when there is
//     one; after a warm process died before taking it, only to such a
//     process or a fresh one.
//   - Hot reload (Runner.Reload, retire.go): each process belongs to the
//     pool's generation it was started in; Reload builds the new code
//     first (a failure changes nothing), then starts a new generation. An
//     invocation that takes a process after Reload returns never gets one
//     of an older generation; those finish what they run and stop.
//   - Every wait is bounded: the queue by QueueTimeout, a first poll by
//     InitTimeout, a running invocation by the function's Timeout, Close by
//     its context. The invocation limits share one timer per pool (watch.go);
//     one that expires while Submit is still writing the event kills the
//     process, which ends the write. A caller's own deadline (InvokeUntil,
//     the Lambda integration's timeout) is held by that timer too on a warm
//     process, by the queue's timer in the queue, and by a derived context
//     on a cold start (bound.go); it ends the call as that context would.
//   - A timeout kills the process and all it started (under an init, also
//     what left its process group); a process that exits, times out or
//     fails init is never reused. Its pipes are closed once it is reaped.
//   - Function output becomes log lines "[Name] <request id> text"; each
//     invocation logs START, then its output, then END and REPORT (before
//     Invoke returns when the output is all logged and the memory reading is
//     fresh, else just after it on a goroutine; the process's next
//     invocation waits for them, and Runner.Close flushes them).
//   - Invoke returns either the response bytes or an error. Errors the
//     function caused (handler error, timeout, crash, init failure) unwrap
//     to *event.FunctionError with Lambda's errorType and errorMessage;
//     anything else (queue timeout, closed pool, cancelled context) is an
//     ordinary wrapped error, and output that is not JSON wraps
//     event.ErrMalformedOutput.
package lambda
