package e2e

import (
	"testing"
)

// L-3: a function that outlives its integration's timeout (shorter than
// the function's own) is 504 {"message":"Endpoint request timed out"},
// and the process running it is stopped: the next request is served by
// another one.
func TestIntegrationTimeoutStopsTheFunction(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/timeout/template.yaml")
	before := s.get(t, "GET", "/fast")
	if before.status != 200 {
		t.Fatalf("GET /fast: got %d %s; want 200", before.status, before.body)
	}
	r := s.get(t, "GET", "/slow")
	if r.status != 504 || r.body != `{"message":"Endpoint request timed out"}` {
		t.Fatalf("GET /slow: got %d %s; want 504 {\"message\":\"Endpoint request timed out\"}", r.status, r.body)
	}
	after := s.get(t, "GET", "/fast")
	if after.status != 200 || after.body == before.body {
		t.Fatalf("GET /fast after the timeout: got %d from process %q (before: %q); want 200 from another process", after.status, after.body, before.body)
	}
}
