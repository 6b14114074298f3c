package authorizer

import (
	"context"
	"strings"
	"testing"
)

// TestSlashNote: the method ARN keeps trailing slashes, as AWS builds it
// (P-1), and the explanation says so when that decided the request: a
// cached exact Allow does not cover the same path with a slash (C-8 step
// 4), and a Deny of a path does not cover it with a slash.
func TestSlashNote(t *testing.T) {
	t.Parallel()
	denyAdmin := `{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[` +
		`{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"` + apiBase + `/*"},` +
		`{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"` + apiBase + `/prod/GET/admin"}]}}`
	tests := []struct {
		name       string
		inv        *countingInvoker
		first      string // path of a first request that fills the cache, or ""
		path       string
		wantStatus int
		wantNote   string // "" for no note
	}{
		{"C-8 step 4 a cached exact Allow does not cover the trailing slash", seedToken(false), "/pets", "/pets/", 403,
			"; without its trailing slash, .../prod/GET/pets would be allow by statement 0 (" + apiBase + "/prod/GET/pets) (P-1: AWS keeps the slash in the method ARN)"},
		{"P-1 a Deny of /admin does not cover /admin/", constant(denyAdmin, nil), "", "/admin/", 200,
			"; without its trailing slash, .../prod/GET/admin would be explicit deny by statement 1 (" + apiBase + "/prod/GET/admin) (P-1: AWS keeps the slash in the method ARN)"},
		{"P-1 several trailing slashes", constant(denyAdmin, nil), "", "/admin//", 200, "would be explicit deny by statement 1"},
		{"P-1 the Deny covers the path itself", constant(denyAdmin, nil), "", "/admin", 403, ""},
		{"P-1 the root's slash is no trailing slash", constant(denyAdmin, nil), "", "/", 200, ""},
		{"P-1 no note when the slash changes nothing", seedToken(true), "", "/pets/", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _, _ := setup(t, tokenConfig(300), tt.inv)
			if tt.first != "" {
				authorize(t, a, tokenRequest("GET", tt.first, "allow"))
			}
			r := tokenRequest("GET", tt.path, "allow")
			out := a.Authorize(context.Background(), r, methodARN(t, r))
			got := out.Explanation.String()
			if out.Explanation.Status != tt.wantStatus {
				t.Fatalf("status %d (%s); want %d", out.Explanation.Status, got, tt.wantStatus)
			}
			if tt.wantNote == "" && strings.Contains(got, "trailing slash") || !strings.Contains(got, tt.wantNote) {
				t.Fatalf("explanation %q; want note %q", got, tt.wantNote)
			}
		})
	}
}
