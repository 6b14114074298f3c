package authorizer

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/policy"
)

const allowAll = `{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}]}`

// TestMalformedOutputs: every output API Gateway rejects is a 500, and is
// never cached: a second request calls the function again (C-4).
func TestMalformedOutputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		out  string
		err  error
	}{
		{"O-3 null", `null`, nil},
		{"O-3 returning the string Unauthorized is not failing with it (O-7)", `"Unauthorized"`, nil},
		{"O-3 array", `[]`, nil},
		{"O-3 number", `123`, nil},
		{"O-3 empty output", ``, nil},
		{"O-3 not JSON", `{principalId: u}`, nil},
		{"O-3 trailing data", `{"policyDocument":` + allowAll + `} {}`, nil},
		{"O-3 empty object", `{}`, nil},
		{"O-3 principal without policy", `{"principalId":"u"}`, nil},
		{"O-3 null policyDocument", `{"principalId":"u","policyDocument":null}`, nil},
		{"O-3 policyDocument is a string", `{"principalId":"u","policyDocument":"` + strings.ReplaceAll(allowAll, `"`, `\"`) + `"}`, nil},
		{"O-3 field names are case-sensitive", `{"principalId":"u","PolicyDocument":` + allowAll + `}`, nil},
		{"O-2 Condition null", `{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*","Condition":null}]}}`, nil},
		{"O-2 lowercase effect", `{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"allow","Resource":"*"}]}}`, nil},
		{"O-2 Statement as one object", `{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}}}`, nil},
		{"O-4 context value is an object", `{"principalId":"u","policyDocument":` + allowAll + `,"context":{"k":{"a":1}}}`, nil},
		{"O-4 context value is an array", `{"principalId":"u","policyDocument":` + allowAll + `,"context":{"arr":["foo"]}}`, nil},
		{"O-4 context is not an object", `{"principalId":"u","policyDocument":` + allowAll + `,"context":"x"}`, nil},
		{"O-3 principalId is a number", `{"principalId":7,"policyDocument":` + allowAll + `}`, nil},
		{"O-1 usageIdentifierKey is a number", `{"principalId":"u","policyDocument":` + allowAll + `,"usageIdentifierKey":7}`, nil},
		{"section 10 output over 8 KB", `{"principalId":"` + strings.Repeat("u", MaxOutputBytes) + `","policyDocument":` + allowAll + `}`, nil},
		{"O-7 Unauthorized with more text is a 500", ``, &event.FunctionError{Type: "Error", Message: "Unauthorized: expired"}},
		{"O-7 lowercase unauthorized is a 500", ``, &event.FunctionError{Type: "Error", Message: "unauthorized"}},
		{"O-8 other function error", ``, &event.FunctionError{Type: "string", Message: "Error: Invalid token"}},
		{"O-8 timeout reported by the runtime", ``, &event.FunctionError{Type: "Sandbox.Timedout", Message: "Task timed out after 3.00 seconds"}},
		{"O-8 invoke failure", ``, errors.New("connection refused")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := constant(tt.out, tt.err)
			a, _, _ := setup(t, tokenConfig(300), inv)
			for i := range 2 {
				out, err := authorize(t, a, tokenRequest("GET", "/pets", "allow"))
				if !errors.Is(err, ErrConfiguration) || out.Response != "AUTHORIZER_CONFIGURATION_ERROR" || out.Explanation.Status != 500 {
					t.Fatalf("request %d: got %v (status %d); want a configuration error (500)", i, err, out.Explanation.Status)
				}
			}
			if got := inv.calls.Load(); got != 2 {
				t.Fatalf("C-4 invocations: got %d; want 2 (failures are not cached)", got)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	inv := invoker(func(ctx context.Context, _ []byte) ([]byte, error) {
		<-ctx.Done() // the function never answers; the authorizer's timeout ends the call
		return nil, ctx.Err()
	})
	a, _, _ := setup(t, tokenConfig(300), inv, WithTimeout(1))
	out, err := authorize(t, a, tokenRequest("GET", "/pets", "allow"))
	if !errors.Is(err, ErrConfiguration) || !strings.Contains(out.Explanation.Failure, "did not answer") {
		t.Fatalf("O-8 timeout: got %v; want a configuration error saying the function did not answer", err)
	}
}

func TestParseOutputAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		out           string
		wantPrincipal string
		wantContext   []ContextEntry
		wantUsage     string
	}{
		{"O-1 seed output", output("user", "Allow", "*"), "user",
			[]ContextEntry{{"booleanKey", "true"}, {"numberKey", "123"}, {"stringKey", "stringval"}}, ""},
		{"O-3 missing principalId is empty", `{"policyDocument":` + allowAll + `}`, "", nil, ""},
		{"O-3 null principalId is empty", `{"principalId":null,"policyDocument":` + allowAll + `}`, "", nil, ""},
		{"O-4 null context value is dropped", `{"principalId":"u","policyDocument":` + allowAll + `,"context":{"a":null,"b":"x"}}`, "u",
			[]ContextEntry{{"b", "x"}}, ""},
		{"O-4 null context", `{"principalId":"u","policyDocument":` + allowAll + `,"context":null}`, "u", nil, ""},
		{"O-5 numbers keep their JSON text", `{"principalId":"u","policyDocument":` + allowAll +
			`,"context":{"f":1.50,"e":1e3,"big":12345678901234567890,"neg":-0,"b":false}}`, "u",
			[]ContextEntry{{"b", "false"}, {"big", "12345678901234567890"}, {"e", "1e3"}, {"f", "1.50"}, {"neg", "-0"}}, ""},
		{"O-5 strings are unescaped", `{"principalId":"u","policyDocument":` + allowAll + `,"context":{"s":"a\"b\u00e9"}}`, "u",
			[]ContextEntry{{"s", "a\"bé"}}, ""},
		{"duplicate context keys: the last wins", `{"principalId":"u","policyDocument":` + allowAll + `,"context":{"k":"1","k":"2"}}`, "u",
			[]ContextEntry{{"k", "2"}}, ""},
		{"O-1 usageIdentifierKey and unknown fields", `{"principalId":"u","policyDocument":` + allowAll + `,"usageIdentifierKey":"key1","extra":[1]}`, "u", nil, "key1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := ParseOutput([]byte(tt.out))
			if err != nil {
				t.Fatalf("ParseOutput: %v", err)
			}
			if got := r.Context.Entries(); r.PrincipalID != tt.wantPrincipal || !reflect.DeepEqual(got, tt.wantContext) || r.UsageIdentifierKey != tt.wantUsage {
				t.Fatalf("got %q %v %q; want %q %v %q", r.PrincipalID, got, r.UsageIdentifierKey, tt.wantPrincipal, tt.wantContext, tt.wantUsage)
			}
			if d := r.Policy.Evaluate(apiBase + "/prod/GET/pets"); d.Effect != policy.Allow {
				t.Fatalf("policy: got %v; want allow", d)
			}
		})
	}
}

func TestContext(t *testing.T) {
	t.Parallel()
	r, err := ParseOutput([]byte(output("u", "Allow", "*")))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		key, want string
		ok        bool
	}{{"numberKey", "123", true}, {"booleanKey", "true", true}, {"missing", "", false}, {"zzz", "", false}} {
		if got, ok := r.Context.Lookup(tt.key); got != tt.want || ok != tt.ok {
			t.Errorf("Lookup(%q): got %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
}

// corruptStore is a broken Store: every Get finds a live record whose raw
// output allows everything but does not pass ParseOutput (it is over the
// size limit), and nothing is ever stored.
type corruptStore struct{}

func (corruptStore) Get(context.Context, authcache.Key) (authcache.Record, bool, error) {
	raw := output("user", "Allow", "*")
	raw = raw[:len(raw)-1] + `,"pad":"` + strings.Repeat("x", MaxOutputBytes) + `"}`
	return authcache.Record{Raw: raw, Format: formatREST, StoredAt: time.Now(), TTL: time.Hour}, true, nil
}
func (corruptStore) Generation(context.Context, string) (authcache.Generation, error) {
	return authcache.Generation{}, nil
}
func (corruptStore) Put(context.Context, authcache.Key, authcache.Generation, authcache.Record) (bool, error) {
	return false, nil
}
func (corruptStore) FlushStage(context.Context, string) error { return nil }

// TestCorruptRecordFailsClosed: a cached record that does not parse again
// never decides; the function is called and its deny stands.
func TestCorruptRecordFailsClosed(t *testing.T) {
	t.Parallel()
	inv := constant(output("user", "Deny", "*"), nil)
	cache, err := NewCache(corruptStore{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(tokenConfig(300), inv, cache)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := authorize(t, a, tokenRequest("GET", "/pets", "allow")); !errors.Is(err, ErrAccessDenied) {
		t.Fatalf("corrupt allow-all record, function denies: got %v; want the function's deny", err)
	}
	if got := inv.calls.Load(); got != 1 {
		t.Fatalf("invocations: got %d; want 1", got)
	}
	if got := cache.Stats().Corrupt; got == 0 {
		t.Fatalf("Stats().Corrupt: got 0; want the corrupt record counted")
	}
}

func TestDecodeResultFormats(t *testing.T) {
	t.Parallel()
	raw := output("user", "Allow", "*")
	if r, err := decodeResult(formatREST, raw); err != nil || r.PrincipalID != "user" {
		t.Fatalf("decodeResult(rest): got %v, %v; want the parsed result", r, err)
	}
	if _, err := decodeResult("unknown", raw); !errors.Is(err, ErrConfiguration) {
		t.Fatalf("decodeResult(unknown format): got %v; want a configuration error (the record counts as missing)", err)
	}
}
