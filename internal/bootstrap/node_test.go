package bootstrap_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"
)

const (
	seedMethodARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets/1"
	seedResource  = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*/*"
)

func seedEvent(token string) string {
	return `{"type":"TOKEN","authorizationToken":"` + token + `","methodArn":"` + seedMethodARN + `"}`
}

func seedPolicy(effect string) string {
	return `{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[` +
		`{"Action":"execute-api:Invoke","Effect":"` + effect + `","Resource":"` + seedResource + `"}]},` +
		`"context":{"stringKey":"stringval","numberKey":123,"booleanKey":true}}`
}

type invokeCase struct {
	name    string
	handler string
	event   string
	want    expect
}

// runInvokeCases runs each case in its own bootstrap process.
func runInvokeCases(t *testing.T, rt runtimeKind, cases []invokeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			api, p := launch(t, rt, tc.handler)
			event := tc.event
			if event == "" {
				event = "{}"
			}
			inv := api.send("req-"+tc.name, event)
			tc.want.check(t, api.await(t, p), inv.id)
		})
	}
}

func TestNodeSeedAuthorizer(t *testing.T) {
	t.Parallel()
	runInvokeCases(t, nodeRuntime, []invokeCase{
		{"allow gives an Allow policy for every method", "seed.handler", seedEvent("allow"), response(seedPolicy("Allow"))},
		{"deny gives a Deny policy", "seed.handler", seedEvent("deny"), response(seedPolicy("Deny"))},
		{"O-7 callback Unauthorized gives errorMessage exactly Unauthorized", "seed.handler", seedEvent("unauthorized"),
			failure("string", "Unauthorized").withEmptyTrace()},
		{"O-8 callback with another string is a string error", "seed.handler", seedEvent("bogus"),
			failure("string", "Error: Invalid token").withEmptyTrace()},
	})
}

func TestNodeHandlerShapes(t *testing.T) {
	t.Parallel()
	runInvokeCases(t, nodeRuntime, []invokeCase{
		{"async handler returns the event", "handlers.echoAsync", `{"a":[1,"x",null]}`, response(`{"a":[1,"x",null]}`)},
		{"async handler returning undefined gives null", "handlers.asyncUndefined", "", response(`null`)},
		{"promise handler resolves", "handlers.promise", `{"n":7}`, response(`{"got":7}`)},
		{"nested property handler", "handlers.nested.deeper.handler", "", response(`"nested"`)},
		{"handler in a sub-folder", "src/app.lambdaHandler", "", response(`{"app":"src"}`)},
		{"mjs handler through import", "esm.handler", `{"n":3}`, response(`{"esm":true,"n":3}`)},
		{"cjs handler", "common.handler", "", response(`{"cjs":true}`)},
		{"js handler under a type module package.json", "typemodule/app.handler", "", response(`{"typeModule":true}`)},
		{"handler module from node_modules", "apigw-fixture-pkg.handler", "", response(`{"fromNodeModules":true}`)},
		{"context.succeed", "handlers.succeed", "", response(`{"via":"succeed"}`)},
		{"context.done without error", "handlers.doneOk", "", response(`{"via":"done"}`)},
		{"first of callback and context wins", "handlers.firstCallWins", "", response(`"first"`)},
		{"a throw after the callback is ignored", "handlers.callbackThenThrow", "", response(`"called back"`)},
		{"handler that never calls back gives null once idle", "handlers.noCallback", "", response(`null`)},
		{"callbackWaitsForEmptyEventLoop false: callback answers despite a pending timer", "handlers.leavesTimer", "", response(`"early"`)},
		{"callback waits for the event loop to empty", "handlers.waitsForTimer", "", response(`{"state":"after the timer"}`)},
		{"callback without waiting sends the result as it was", "handlers.waitsForTimer", `{"wait":false}`, response(`{"state":"at callback"}`)},
		{"context.succeed answers at once", "handlers.succeedDoesNotWait", "", response(`"at once"`)},
		{"a waiting callback still wins over a later succeed", "handlers.waitingCallbackWins", "", response(`"first"`)},
		{"function result serialises as null", "handlers.functionResult", "", response(`null`)},
	})
}

func TestNodeErrors(t *testing.T) {
	t.Parallel()
	runInvokeCases(t, nodeRuntime, []invokeCase{
		{"thrown Error uses its name", "handlers.throwError", "", failure("Error", "boom")},
		{"callback with an error answers at once", "handlers.errorDoesNotWait", "", failure("Error", "at once")},
		{"async TypeError", "handlers.throwTypeError", "", failure("TypeError", "Cannot read properties of undefined (reading 'field')")},
		{"custom class that sets its name", "handlers.throwNamed", "", failure("AuthError", "token expired")},
		{"custom class without a name reports Error as Lambda does", "handlers.throwSubclass", "", failure("Error", "subclass without a name")},
		{"O-7 thrown Error Unauthorized", "handlers.throwUnauthorized", "", failure("Error", "Unauthorized")},
		{"thrown string", "handlers.throwString", "", failure("string", "thrown string").withEmptyTrace()},
		{"thrown undefined fails as handled", "handlers.throwUndefined", "", failure("string", "handled").withEmptyTrace()},
		{"rejected with a string", "handlers.rejectString", "", failure("string", "nope").withEmptyTrace()},
		{"rejected with nothing", "handlers.rejectUndefined", "", failure("string", "handled").withEmptyTrace()},
		{"rejected with an object", "handlers.rejectObject", "", failure("object", "[object Object]").withEmptyTrace()},
		{"context.fail with an Error", "handlers.fail", "", failure("Error", "failed")},
		{"O-7 context.fail with Unauthorized", "handlers.failString", "", failure("string", "Unauthorized").withEmptyTrace()},
		{"context.fail with nothing", "handlers.failEmpty", "", failure("string", "handled").withEmptyTrace()},
		{"context.done with an error", "handlers.doneErr", "", failure("string", "done error").withEmptyTrace()},
		{"circular result", "handlers.circular", "", failure("Runtime.JSONStringifyError", "Unable to stringify response body")},
		{"async promise never settled", "handlers.neverSettlesAsync", "",
			expect{kind: kindError, errorType: "Runtime.NodeJsExit", contains: []string{"never settled"}}},
		{"event that is not JSON", "handlers.echoAsync", "{not json",
			expect{kind: kindError, errorType: "SyntaxError", contains: []string{"JSON"}}},
	})
}

func TestNodeErrorTraceHasStack(t *testing.T) {
	t.Parallel()
	api, p := launch(t, nodeRuntime, "handlers.throwError")
	api.send("req-trace", "{}")
	doc := decodeError(t, api.await(t, p).body)
	if len(doc.Trace) < 2 || doc.Trace[0] != "Error: boom" {
		t.Errorf("trace = %q; want the stack starting with %q", doc.Trace, "Error: boom")
	}
}

func TestNodeProcessFailures(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		handler  string
		want     expect
		exitCode int
	}{
		{"uncaught exception fails the invocation and exits", "handlers.uncaught",
			failure("Error", "from a timer"), 129},
		{"unhandled rejection fails the invocation and exits", "handlers.floatingRejection",
			failure("Runtime.UnhandledPromiseRejection", "Error: floating"), 128},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			api, p := launch(t, nodeRuntime, tc.handler)
			inv := api.send("req-crash", "{}")
			tc.want.check(t, api.await(t, p), inv.id)
			if got := p.exitCode(t); got != tc.exitCode {
				t.Errorf("exit code = %d; want %d", got, tc.exitCode)
			}
		})
	}
}

type initCase struct {
	name      string
	handler   string
	errorType string
	contains  []string
}

// runInitCases checks that each handler fails to load, is reported once to
// /runtime/init/error, never asks for an invocation and exits non-zero.
func runInitCases(t *testing.T, rt runtimeKind, cases []initCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			api, p := launch(t, rt, tc.handler)
			got := api.await(t, p)
			want := expect{kind: kindInitError, errorType: tc.errorType, contains: tc.contains}
			if got.kind != kindInitError {
				t.Fatalf("outcome kind = %s (%s); want %s", got.kind, got.body, kindInitError)
			}
			t.Logf("init error: %s", got.body)
			want.checkError(t, got)
			if code := p.exitCode(t); code == 0 {
				t.Errorf("exit code = 0; want non-zero")
			}
			if n := api.nextCalls.Load(); n != 0 {
				t.Errorf("GET /next called %d times after an init error; want 0", n)
			}
		})
	}
}

func TestNodeInitErrors(t *testing.T) {
	t.Parallel()
	root := absRoot(t, nodeRuntime)
	runInitCases(t, nodeRuntime, []initCase{
		{"missing module names the file", "nope.handler", "Runtime.ImportModuleError",
			[]string{"Cannot find module 'nope'", root + "/nope.js"}},
		{"syntax error names the file", "broken/syntax.handler", "Runtime.UserCodeSyntaxError",
			[]string{"SyntaxError", root + "/broken/syntax.js:3"}},
		{"handler not exported", "handlers.missing", "Runtime.HandlerNotFound",
			[]string{"handlers.missing is undefined or not exported", root + "/handlers.js"}},
		{"handler not a function", "handlers.notAFunction", "Runtime.HandlerNotFound",
			[]string{"handlers.notAFunction is not a function"}},
		{"handler without a dot", "handlers", "Runtime.MalformedHandlerName", []string{"Bad handler"}},
		{"handler climbing out of the root", "../outside.handler", "Runtime.MalformedHandlerName", []string{"'..'"}},
		{"missing dependency names the requiring file", "broken/missingdep.handler", "Runtime.ImportModuleError",
			[]string{"apigw-no-such-package", root + "/broken/missingdep.js"}},
		{"module body throwing keeps its error type", "broken/throws.handler", "RangeError",
			[]string{"bad configuration"}},
	})
}

func TestNodeInitErrorSyntaxInESM(t *testing.T) {
	t.Parallel()
	root := absRoot(t, nodeRuntime)
	runInitCases(t, nodeRuntime, []initCase{
		{"mjs syntax error names the file", "broken/syntaxesm.handler", "Runtime.UserCodeSyntaxError",
			[]string{"SyntaxError", root + "/broken/syntaxesm.mjs"}},
	})
}

func TestNodeContext(t *testing.T) {
	t.Parallel()
	api, p := launch(t, nodeRuntime, "handlers.context")
	inv := invocation{id: "req-context", body: []byte("{}"), deadline: time.Now().Add(time.Minute), header: http.Header{}}
	inv.header.Set(headerTraceID, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	inv.header.Set(headerClientCtx, `{"custom":{"k":"v"}}`)
	inv.header.Set(headerCognitoID, `{"cognitoIdentityId":"id-1"}`)
	api.events <- inv
	want := response(`{"awsRequestId":"req-context","functionName":"` + testFunctionName + `",` +
		`"functionVersion":"$LATEST","invokedFunctionArn":"` + testFunctionARN + `","memoryLimitInMB":"128",` +
		`"logGroupName":"` + testLogGroup + `","logStreamName":"` + testLogStream + `",` +
		`"callbackWaitsForEmptyEventLoop":true,` +
		`"traceId":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",` +
		`"clientContext":{"custom":{"k":"v"}},"identity":{"cognitoIdentityId":"id-1"}}`)
	want.check(t, api.await(t, p), inv.id)

	// The next invocation carries no trace header: the variable is cleared.
	api.send("req-context-2", "{}")
	got := api.await(t, p)
	var fields struct {
		TraceID  *string `json:"traceId"`
		Identity any     `json:"identity"`
	}
	if err := json.Unmarshal(got.body, &fields); err != nil {
		t.Fatal(err)
	}
	if fields.TraceID != nil || fields.Identity != nil {
		t.Errorf("second invocation traceId = %v, identity = %v; want both absent", fields.TraceID, fields.Identity)
	}
}

func TestNodeRemainingTime(t *testing.T) {
	t.Parallel()
	checkRemainingTime(t, nodeRuntime, "handlers.remaining", false)
}

// checkRemainingTime checks the remaining time against the deadline header:
// it lies between deadline-after and deadline-before (the test's clock around
// the invocation) and decreases while the handler waits.
func checkRemainingTime(t *testing.T, rt runtimeKind, handler string, clamped bool) {
	t.Helper()
	cases := []struct {
		name     string
		deadline time.Duration
	}{
		{"deadline in a minute", time.Minute},
		{"deadline in an hour", time.Hour},
		{"deadline already passed", -time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			api, p := launch(t, rt, handler)
			before := time.Now()
			deadline := before.Add(tc.deadline)
			api.events <- invocation{id: "req-remaining", body: []byte("{}"), deadline: deadline}
			got := api.await(t, p)
			after := time.Now()
			var r struct{ First, Second int64 }
			if err := json.Unmarshal(got.body, &r); err != nil {
				t.Fatalf("body %s: %v", got.body, err)
			}
			low := deadline.UnixMilli() - after.UnixMilli() - 1
			high := deadline.UnixMilli() - before.UnixMilli() + 1
			if clamped {
				low, high = max(low, 0), max(high, 0)
			}
			for _, v := range []int64{r.First, r.Second} {
				if v < low || v > high {
					t.Errorf("remaining = %d ms; want within [%d, %d] given the deadline header", v, low, high)
				}
			}
			if r.Second >= r.First && !(clamped && r.First == 0) {
				t.Errorf("remaining went from %d to %d ms across a wait; want it to decrease", r.First, r.Second)
			}
		})
	}
}

func TestNodeWarmProcessReusesModuleAndConnection(t *testing.T) {
	t.Parallel()
	checkWarmReuse(t, nodeRuntime, "handlers.count")
}

// checkWarmReuse sends several invocations to one process: the module keeps
// its state (loaded once) and every request uses one keep-alive connection.
func checkWarmReuse(t *testing.T, rt runtimeKind, handler string) {
	t.Helper()
	api, p := launch(t, rt, handler)
	for i := 1; i <= 5; i++ {
		inv := api.send("req-warm-"+strconv.Itoa(i), "{}")
		response(strconv.Itoa(i)).check(t, api.await(t, p), inv.id)
	}
	if n := api.connections(); n != 1 {
		t.Errorf("bootstrap used %d connections for 5 invocations; want 1", n)
	}
}

func TestNodeOutputIsUnbuffered(t *testing.T) {
	t.Parallel()
	api, p := launch(t, nodeRuntime, "handlers.print")
	inv := api.send("req-print", "{}")
	response(`"printed"`).check(t, api.await(t, p), inv.id)
	p.stdout.waitFor(t, "apigw-marker-stdout")
	p.stderr.waitFor(t, "apigw-marker-stderr")
}

func TestNodeRequestIDIsEscapedInPaths(t *testing.T) {
	t.Parallel()
	api, p := launch(t, nodeRuntime, "handlers.throwError")
	inv := api.send("id/with spaces?and#marks%", "{}")
	failure("Error", "boom").check(t, api.await(t, p), inv.id)
}
