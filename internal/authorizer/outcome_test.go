package authorizer

import (
	"context"
	"strings"
	"testing"
)

// TestCacheHitAllocatesNothing pins the cache hit's cost in allocations:
// identity, key, lookup and evaluation into a reused Explanation.
func TestCacheHitAllocatesNothing(t *testing.T) {
	a, _, _ := setup(t, tokenConfig(300), seedToken(true))
	r := tokenRequest("GET", "/pets", "allow")
	arn, ex := methodARN(t, r), new(Explanation)
	ctx := context.Background()
	if out := a.AuthorizeInto(ctx, r, arn, nil, ex); !out.Allow {
		t.Fatalf("first call: %v", out.Err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if out := a.AuthorizeInto(ctx, r, arn, nil, ex); !out.Allow || ex.Cache != CacheHit {
			t.Fatalf("got %v, %v; want an allow from the cache", ex.Cache, out.Err)
		}
	})
	if allocs != 0 {
		t.Errorf("a cache hit allocated %v times; want 0", allocs)
	}
}

// TestAuthorizeIntoReusesExplanation: an Explanation reused for another
// token explains that token's decision, key included, as a fresh one does.
func TestAuthorizeIntoReusesExplanation(t *testing.T) {
	t.Parallel()
	a, _, _ := setup(t, tokenConfig(300), constant(output("user", "Allow", apiBase+"/*"), nil))
	ctx, ex := context.Background(), new(Explanation)
	for _, token := range []string{"allow", "a-much-longer-token-" + strings.Repeat("x", 200), "short"} {
		r := tokenRequest("GET", "/pets", token)
		arn := methodARN(t, r)
		a.AuthorizeInto(ctx, r, arn, nil, ex) // a miss that fills the cache
		got := a.AuthorizeInto(ctx, r, arn, nil, ex)
		want := a.Authorize(ctx, r, arn)
		if got.Allow != want.Allow || ex.KeyHash() != want.Explanation.KeyHash() || ex.Cache != CacheHit || ex.MethodARN != arn {
			t.Errorf("token of %d bytes: reused explanation %v (key %s), fresh %v (key %s)",
				len(token), ex, ex.KeyHash(), want.Explanation, want.Explanation.KeyHash())
		}
	}
}
