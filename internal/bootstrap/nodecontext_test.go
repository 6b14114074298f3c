package bootstrap_test

import (
	"strconv"
	"testing"
)

// TestNodeContextKeys: the context's own properties come in the order
// Lambda's Node.js runtime gives them (its callback context, then the
// environment's fields, then the invocation headers'), so a handler that
// logs or serialises its context sees the same shape.
func TestNodeContextKeys(t *testing.T) {
	t.Parallel()
	api, p := launch(t, nodeRuntime, "handlers.contextKeys")
	inv := api.send("req-keys", "{}")
	response(`["callbackWaitsForEmptyEventLoop","succeed","fail","done",`+
		`"functionVersion","functionName","memoryLimitInMB","logGroupName","logStreamName",`+
		`"clientContext","identity","invokedFunctionArn","awsRequestId","tenantId","getRemainingTimeInMillis"]`).
		check(t, api.await(t, p), inv.id)
}

// TestNodeContextReadsEnvironmentEachInvocation: as in Lambda's Node.js
// runtime, the context's environment fields are read for each
// invocation: a handler that changes AWS_LAMBDA_FUNCTION_NAME sees the new
// name in the next context.
func TestNodeContextReadsEnvironmentEachInvocation(t *testing.T) {
	t.Parallel()
	api, p := launch(t, nodeRuntime, "handlers.renames")
	want := testFunctionName
	for i := range 3 {
		next := "renamed-" + strconv.Itoa(i)
		inv := api.send("req-rename-"+strconv.Itoa(i), `{"next":"`+next+`"}`)
		response(strconv.Quote(want)).check(t, api.await(t, p), inv.id)
		want = next
	}
}

// TestNodeBeforeExitListenerComesFirst: like Lambda's Node.js runtime,
// the bootstrap listens for beforeExit once, before the handler loads, so
// a function's own listener comes after it, and invocations add none.
func TestNodeBeforeExitListenerComesFirst(t *testing.T) {
	t.Parallel()
	api, p := launch(t, nodeRuntime, "listeners.order")
	for i := range 2 {
		inv := api.send("req-listeners-"+strconv.Itoa(i), "{}")
		response(`{"at":1,"of":2}`).check(t, api.await(t, p), inv.id)
	}
}
