package authorizer

import (
	"context"
	"errors"
	"testing"

	"github.com/apigw/apigw/internal/policy"
)

// FuzzOutput feeds arbitrary function output through ParseOutput and
// Authorize: never a panic, and never an allow unless the output parses and
// its policy allows this request (O-3, O-4, O-8: malformed output is 500).
func FuzzOutput(f *testing.F) {
	for _, s := range []string{
		output("user", "Allow", "*"), output("user", "Deny", "*"), output("u", "Allow", apiBase+"/prod/GET/pets"),
		`null`, `{}`, `[]`, `"Unauthorized"`, `{"policyDocument":null}`,
		`{"principalId":"u","policyDocument":` + allowAll + `,"context":{"a":[1]}}`,
		`{"principalId":"u","policyDocument":` + allowAll + `,"context":{"n":1.0e2,"x":null}}`,
		`{"principalId":"u","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"*","Effect":"Allow","Resource":"*","Condition":null}]}}`,
	} {
		f.Add([]byte(s))
	}
	const arn = apiBase + "/prod/GET/pets"
	f.Fuzz(func(t *testing.T, b []byte) {
		r, perr := ParseOutput(b)
		if perr != nil && !errors.Is(perr, ErrConfiguration) {
			t.Fatalf("ParseOutput(%q): got %v; want ErrConfiguration", b, perr)
		}
		if perr == nil && r.Policy == nil {
			t.Fatalf("ParseOutput(%q): got a Result without a policy", b)
		}
		a, err := New(tokenConfig(0), constant(string(b), nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		req := tokenRequest("GET", "/pets", "allow")
		out := a.Authorize(context.Background(), req, arn)
		switch {
		case perr != nil && (out.Allow || !errors.Is(out.Err, ErrConfiguration)):
			t.Fatalf("malformed output %q: got %v; want a configuration error", b, out.Err)
		case out.Allow && r.Policy.Evaluate(arn).Effect != policy.Allow:
			t.Fatalf("output %q: got allowed; its policy does not allow %s", b, arn)
		}
	})
}
