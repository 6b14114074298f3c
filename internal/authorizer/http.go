package authorizer

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/apigw/apigw/internal/policy"
)

// HTTP API Lambda authorizers (V-1 to V-9) run through the same Authorize
// as REST ones, with these differences: their events (V-2, V-3, in
// httpevent.go), their outputs (a simple response or an IAM policy, V-4),
// and their context, which may hold arrays and objects (V-4). The cache is
// the same: keyed by stage, authorizer and every identity value, not by
// route, so one entry serves every route of the authorizer (V-6). A
// simple response is a verdict: cached, it answers every route as it is;
// an IAM policy is evaluated again against each request's route ARN.

// fieldIsAuthorized is a simple response's verdict (V-4).
const fieldIsAuthorized = "isAuthorized"

// errSimpleDeny is the deny of a simple response whose isAuthorized is
// false (V-4: 403).
var errSimpleDeny = &DeniedError{Explicit: true}

// ParseSimpleOutput reads a 2.0 simple response, {"isAuthorized": bool,
// "context": {...}} (V-4). isAuthorized must be a JSON boolean: absent,
// null or any other value (the string "true" included) is a
// configuration error (500; UNCONFIRMED, the spec's recommendation).
func ParseSimpleOutput(b []byte) (*Result, error) {
	if err := checkOutput(b); err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, badOutput("%v", err)
	}
	r := &Result{Simple: true}
	if err := json.Unmarshal(fields[fieldIsAuthorized], &r.Authorized); err != nil || isNull(fields[fieldIsAuthorized]) {
		return nil, badOutput("isAuthorized is not a boolean (V-4)")
	}
	ctx, err := parseContextV2(fields[fieldContext])
	if err != nil {
		return nil, err
	}
	r.Context = ctx
	return r, nil
}

// ParseHTTPPolicyOutput reads an HTTP API IAM policy response: REST's
// (O-1 to O-3) but with a context that may hold arrays and objects (V-4).
func ParseHTTPPolicyOutput(b []byte) (*Result, error) {
	if err := checkOutput(b); err != nil {
		return nil, err
	}
	raw, err := topLevel(b)
	if err != nil {
		return nil, err
	}
	ctx := raw.context
	raw.context = nil
	r, err := raw.result()
	if err != nil {
		return nil, err
	}
	if r.Context, err = parseContextV2(ctx); err != nil {
		return nil, err
	}
	return r, nil
}

// parseContextV2 reads an HTTP API authorizer's context: strings, numbers
// and booleans as REST does (O-5), null values dropped, arrays and objects
// kept as their compact JSON text (V-4 allows them; whether AWS keeps
// their JSON types in the integration's event is UNCONFIRMED, and apigw
// passes every context value on as a string).
func parseContextV2(v json.RawMessage) (Context, error) {
	if v == nil || isNull(v) {
		return Context{}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return Context{}, badOutput("context is not an object")
	}
	entries := make([]ContextEntry, 0, len(m))
	for k, raw := range m {
		if isNull(raw) {
			continue
		}
		entries = append(entries, ContextEntry{Key: k, Value: contextValueV2(raw)})
	}
	return newContext(entries), nil
}

// contextValueV2 is one context value as a string: a JSON string's text,
// any other value's compact JSON.
func contextValueV2(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw) // unreachable: the output was valid JSON
	}
	return b.String()
}

// checkOutput applies the size, JSON and object checks every output gets.
func checkOutput(b []byte) error {
	switch {
	case len(b) > MaxOutputBytes:
		return badOutput("is %d bytes; the limit is %d", len(b), MaxOutputBytes)
	case !json.Valid(b):
		return badOutput("is not valid JSON")
	case firstByte(b) != '{':
		return badOutput("is not a JSON object (O-3, V-4)")
	}
	return nil
}

// parse reads the function's output as the authorizer's kind expects it.
func (a *Authorizer) parse(b []byte) (*Result, error) {
	switch {
	case a.simple:
		return ParseSimpleOutput(b)
	case a.payload != "":
		return ParseHTTPPolicyOutput(b)
	}
	return ParseOutput(b)
}

// decideSimple records a simple response's verdict as it is (V-6): it
// does not depend on the route, so a cached one answers every route.
func (out *Outcome) decideSimple(r *Result) {
	ex := out.Explanation
	ex.simple = true
	if r.Authorized {
		ex.Decision = policy.Decision{Effect: policy.Allow}
		out.Allow, ex.Status = true, http.StatusOK
		return
	}
	ex.Decision = policy.Decision{Effect: policy.ExplicitDeny}
	out.deny(errSimpleDeny) // 403; an HTTP API's body is {"message":"Forbidden"} (V-7)
}

// appendVerdict explains a simple response's verdict.
func (e *Explanation) appendVerdict(b []byte) []byte {
	allowed := e.Decision.Effect == policy.Allow
	verdict := "deny"
	if allowed {
		verdict = "allow"
	}
	b = strconv.AppendBool(appendAll(b, verdict, ": isAuthorized "), allowed)
	b = e.appendProvenance(append(b, ", "...), "verdict")
	if e.Cache == CacheHit || e.Cache == CacheShared {
		b = append(b, "; a cached verdict answers every route of this authorizer with the same identity values (V-6)"...)
	}
	return b
}
