package authorizer

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/policy"
)

// TestExplanationKeepsConditionsForSlashNote: the explanation keeps its
// own copy of the request's IAM context exactly when its trailing-slash
// note may evaluate the policy again (P-1), so the note judges a
// Condition as the decision did, even after the caller reuses its
// context; otherwise it keeps none.
func TestExplanationKeepsConditionsForSlashNote(t *testing.T) {
	t.Parallel()
	out := `{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[` +
		`{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"` + apiBase + `/prod/GET/admin",` +
		`"Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}}]}}`
	tests := []struct {
		name     string
		path     string
		cond     bool // the request's IAM context is known
		wantKept bool
		wantNote string // "" for no note
	}{
		{"P-1 the slash note evaluates the Condition in the request's context", "/admin/", true, true,
			"; without its trailing slash, .../prod/GET/admin would be allow by statement 0"},
		{"no trailing slash: nothing kept", "/admin", true, false, ""},
		{"unknown context: the Condition fails closed, no note", "/admin/", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _, _ := setup(t, tokenConfig(300), constant(out, nil))
			r := tokenRequest("GET", tt.path, "allow")
			var cond *policy.Context
			if tt.cond {
				cond = &policy.Context{SourceIP: netip.MustParseAddr("127.0.0.1")}
			}
			ex := a.AuthorizeIn(context.Background(), r, methodARN(t, r), cond).Explanation
			if cond != nil {
				*cond = policy.Context{} // the caller reuses its context
			}
			if kept := ex.cond != nil; kept != tt.wantKept || (kept && ex.cond == cond) {
				t.Fatalf("kept a context: %v (the caller's own: %v); want %v, a copy", kept, ex.cond == cond, tt.wantKept)
			}
			got := ex.String()
			if tt.wantNote == "" && strings.Contains(got, "trailing slash") || !strings.Contains(got, tt.wantNote) {
				t.Fatalf("explanation %q; want note %q", got, tt.wantNote)
			}
		})
	}
}
