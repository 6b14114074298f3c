package bootstrap_test

import (
	"net/http"
	"testing"
	"time"
)

func TestPythonInvocations(t *testing.T) {
	t.Parallel()
	runInvokeCases(t, pythonRuntime, []invokeCase{
		{"return a dict", "app.ok", `{"a":[1,"x",null]}`, response(`{"got":{"a":[1,"x",null]}}`)},
		{"return None gives null", "app.nothing", "", response(`null`)},
		{"dotted module path", "pkg.sub.mod.handler", "", response(`{"module":"pkg.sub.mod"}`)},
		{"slashed module path", "pkg/sub/mod.handler", "", response(`{"module":"pkg.sub.mod"}`)},
		{"Decimal values are numbers", "app.decimals", "", response(`{"half":1.5,"two":2}`)},
		{"a Decimal keeps its exact text, as Lambda writes it", "app.decimal_text", "", exactResponse(`[1.0, 1E+2, "\u0000 not a marker", -0.000]`)},
		{"seed-shaped allow", "app.seed", seedEvent("allow"),
			response(`{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[]}}`)},
	})
}

func TestPythonErrors(t *testing.T) {
	t.Parallel()
	runInvokeCases(t, pythonRuntime, []invokeCase{
		{"raise ValueError", "app.raise_value", "", failure("ValueError", "bad value")},
		{"raise a custom exception class", "app.raise_custom", "", failure("AuthError", "token expired")},
		{"O-7 raise Exception Unauthorized", "app.unauthorized", "", failure("Exception", "Unauthorized")},
		{"O-8 seed-shaped invalid token", "app.seed", seedEvent("bogus"), failure("Exception", "Error: Invalid token")},
		{"Decimal NaN is refused like float NaN", "app.decimal_nan", "",
			failure("Runtime.MarshalError", "Unable to marshal response: Out of range float values are not JSON compliant: NaN").withEmptyTrace()},
		{"non-serialisable result", "app.not_serialisable", "",
			failure("Runtime.MarshalError", "Unable to marshal response: Object of type set is not JSON serializable").withEmptyTrace()},
		{"NaN result is refused", "app.not_a_number", "",
			expect{kind: kindError, errorType: "Runtime.MarshalError", contains: []string{"Unable to marshal response"}}},
		{"event that is not JSON", "app.ok", "{not json",
			expect{kind: kindError, errorType: "Runtime.UnmarshalError", contains: []string{"Unable to unmarshal input"}}},
	})
}

func TestPythonErrorDocument(t *testing.T) {
	t.Parallel()
	api, p := launch(t, pythonRuntime, "app.raise_value")
	inv := api.send("req-py-trace", "{}")
	doc := decodeError(t, api.await(t, p).body)
	if doc.RequestID == nil || *doc.RequestID != inv.id {
		t.Errorf("requestId = %v; want %q", doc.RequestID, inv.id)
	}
	if len(doc.StackTrace) != 1 {
		t.Fatalf("stackTrace = %q; want the one frame of the handler (no bootstrap frames)", doc.StackTrace)
	}
	if want := "app.py"; !contains(doc.StackTrace[0], want) {
		t.Errorf("stackTrace[0] = %q; want it to name %s", doc.StackTrace[0], want)
	}
}

func TestPythonInitErrors(t *testing.T) {
	t.Parallel()
	root := absRoot(t, pythonRuntime)
	runInitCases(t, pythonRuntime, []initCase{
		{"missing module names the file", "nope.handler", "Runtime.ImportModuleError",
			[]string{"Unable to import module 'nope'", root + "/nope.py"}},
		{"missing dotted module names the file", "pkg.absent.handler", "Runtime.ImportModuleError",
			[]string{"Unable to import module 'pkg.absent'", root + "/pkg/absent.py"}},
		{"missing dependency names the importing file", "missing_dep.handler", "Runtime.ImportModuleError",
			[]string{"apigw_no_such_module", root + "/missing_dep.py"}},
		{"syntax error names the file", "broken_syntax.handler", "Runtime.UserCodeSyntaxError",
			[]string{"Syntax error in module 'broken_syntax'", root + "/broken_syntax.py"}},
		{"handler missing", "app.absent", "Runtime.HandlerNotFound",
			[]string{"Handler 'absent' missing on module 'app'", root + "/app.py"}},
		{"handler not callable", "app.not_callable", "Runtime.HandlerNotFound",
			[]string{"not callable", root + "/app.py"}},
		{"handler without a dot", "app", "Runtime.MalformedHandlerName", []string{"Bad handler 'app'"}},
		{"built-in module", "sys.handler", "Runtime.BuiltInModuleConflict", []string{"sys"}},
		{"module body raising keeps its exception type", "raises_on_import.handler", "RuntimeError",
			[]string{"bad configuration"}},
	})
}

func TestPythonContext(t *testing.T) {
	t.Parallel()
	api, p := launch(t, pythonRuntime, "app.context_fields")
	inv := invocation{id: "req-py-context", body: []byte("{}"), deadline: time.Now().Add(time.Minute), header: http.Header{}}
	inv.header.Set(headerTraceID, "Root=1-5759e988-bd862e3fe1be46a994272793")
	inv.header.Set(headerClientCtx, `{"custom":{"k":"v"}}`)
	inv.header.Set(headerCognitoID, `{"cognitoIdentityId":"id-1"}`)
	api.events <- inv
	response(`{"aws_request_id":"req-py-context","function_name":"`+testFunctionName+`",`+
		`"function_version":"$LATEST","invoked_function_arn":"`+testFunctionARN+`","memory_limit_in_mb":"128",`+
		`"log_group_name":"`+testLogGroup+`","log_stream_name":"`+testLogStream+`",`+
		`"trace_id":"Root=1-5759e988-bd862e3fe1be46a994272793","client_custom":{"k":"v"},`+
		`"cognito_identity_id":"id-1"}`).check(t, api.await(t, p), inv.id)
}

func TestPythonRemainingTime(t *testing.T) {
	t.Parallel()
	checkRemainingTime(t, pythonRuntime, "app.remaining", true)
}

func TestPythonWarmProcessReusesModuleAndConnection(t *testing.T) {
	t.Parallel()
	checkWarmReuse(t, pythonRuntime, "app.count")
}

func TestPythonOutputIsUnbuffered(t *testing.T) {
	t.Parallel()
	api, p := launch(t, pythonRuntime, "app.printing")
	inv := api.send("req-py-print", "{}")
	response(`"printed"`).check(t, api.await(t, p), inv.id)
	// Still running, so only unbuffered output can have reached the pipe.
	p.stdout.waitFor(t, "apigw-marker-stdout")
	if !p.alive() {
		t.Errorf("bootstrap exited; want it still serving")
	}
}

func TestPythonRequestIDIsEscapedInPaths(t *testing.T) {
	t.Parallel()
	api, p := launch(t, pythonRuntime, "app.raise_value")
	inv := api.send("id/with spaces?and#marks%", "{}")
	failure("ValueError", "bad value").check(t, api.await(t, p), inv.id)
}
