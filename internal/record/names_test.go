package record

import "testing"

// TestCalledFunction: the cache uses whose request ran the authorizer's
// function itself, which the calls metric and $context.authorizer.
// integrationLatency/.integrationStatus both read.
func TestCalledFunction(t *testing.T) {
	t.Parallel()
	for cache, want := range map[string]bool{
		"miss": true, "off": true, "unavailable": true,
		"hit": false, "shared": false, "not consulted": false, "": false,
	} {
		if got := CalledFunction(cache); got != want {
			t.Errorf("CalledFunction(%q) = %v, want %v", cache, got, want)
		}
	}
}
