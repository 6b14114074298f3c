package e2e

import (
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestResourcePolicyFromSAM: a SAM template's resource policy, merged from
// the definition and Auth.ResourcePolicy, is enforced by the binary
// (PIPE-1 step 2, DG-FLOW "resource policy only"), its VPC endpoint
// condition is evaluated for a request from the internet (no
// aws:SourceVpce), and dot segments are refused before any of it (BAD-3).
func TestResourcePolicyFromSAM(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/resourcepolicy/template.yaml")
	denied := func(path, suffix string) string {
		return `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:` +
			api.IDFor("Api") + "/v1/GET" + path + suffix + `"}`
	}
	tests := []struct {
		name, path string
		want       int
		body       string
	}{
		{"IpRangeWhitelist lets 127.0.0.1 in", "/hello", 200, `{"hello":true}`},
		{"the definition's Deny", "/admin", 403, denied("/admin", " with an explicit deny")},
		{"a Deny unless from VPC endpoint vpce-0123 applies: aws:SourceVpce is absent for a request from the internet", "/vpce", 403, denied("/vpce", " with an explicit deny")},
		{"P-1 SAM's generated Allow for GET/hello does not cover GET/hello/", "/hello/", 403, denied("/hello/", "")},
		{"BAD-3 dot segments are refused before routing", "/files/x/../../admin", 400, `{"message":"Bad Request"}`},
		{"BAD-3 encoded dot segments too", "/files/%2e%2E/admin", 400, `{"message":"Bad Request"}`},
	}
	for _, tt := range tests {
		if r := s.get(t, "GET", tt.path); r.status != tt.want || r.body != tt.body {
			t.Errorf("%s: GET %s: got %d %s; want %d %s", tt.name, tt.path, r.status, r.body, tt.want, tt.body)
		}
	}
	if log := s.logText(); strings.Contains(log, "not evaluated") {
		t.Errorf("start-up log warns of a condition apigw evaluates (StringNotEquals on aws:SourceVpce):\n%s", log)
	}
}
