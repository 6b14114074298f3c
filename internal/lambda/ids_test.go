package lambda

import (
	"regexp"
	"testing"
	"time"
)

// TestIDsHaveLambdasForms: request ids are version-4 UUIDs, distinct;
// trace ids are X-Ray headers whose epoch is the invocation's time.
func TestIDsHaveLambdasForms(t *testing.T) {
	t.Parallel()
	uuidForm := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := requestID()
		if !uuidForm.MatchString(id) || seen[id] {
			t.Fatalf("request id %q: not a fresh version-4 UUID", id)
		}
		seen[id] = true
	}
	traceForm := regexp.MustCompile(`^Root=1-0000abcd-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$`)
	if got := traceID(time.Unix(0xabcd, 0)); !traceForm.MatchString(got) {
		t.Fatalf("trace id %q", got)
	}
}
