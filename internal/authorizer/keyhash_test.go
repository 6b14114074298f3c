package authorizer

import (
	"context"
	"testing"

	"github.com/apigw/apigw/internal/authcache"
)

// TestExplanationKeyHash: the explanation's key hash is its cache key's
// Hash whichever way the decision was made (the entry carries it, hashed
// once per entry), and "" when there is no key.
func TestExplanationKeyHash(t *testing.T) {
	t.Parallel()
	key := authcache.NewKey("prod", "TokenAuth", []string{"allow"})
	tests := []struct {
		name  string
		ttl   int
		token string
		calls int // earlier calls with the same token
		want  string
		cache CacheUse
	}{
		{"miss", 300, "allow", 0, key.Hash(), CacheMiss},
		{"hit", 300, "allow", 1, key.Hash(), CacheHit},
		{"a later hit", 300, "allow", 2, key.Hash(), CacheHit},
		{"deny from the cache", 300, "deny", 1, authcache.NewKey("prod", "TokenAuth", []string{"deny"}).Hash(), CacheHit},
		{"O-8 a failed call keeps its key's hash", 300, "boom", 0, authcache.NewKey("prod", "TokenAuth", []string{"boom"}).Hash(), CacheMiss},
		{"O-7 so does a 401 from the function", 300, "unauthorized", 0, authcache.NewKey("prod", "TokenAuth", []string{"unauthorized"}).Hash(), CacheMiss},
		{"TTL 0 has no key", 0, "allow", 1, "", CacheOff},
		{"401 before the lookup has no key", 300, "", 0, "", CacheNotConsulted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, _, _ := setup(t, tokenConfig(tt.ttl), seedToken(true))
			r := tokenRequest("GET", "/pets", tt.token)
			for range tt.calls {
				a.Authorize(context.Background(), r, methodARN(t, r))
			}
			ex := a.Authorize(context.Background(), r, methodARN(t, r)).Explanation
			if got := ex.KeyHash(); got != tt.want || ex.Cache != tt.cache {
				t.Fatalf("got key hash %q, cache %v; want %q, %v", got, ex.Cache, tt.want, tt.cache)
			}
		})
	}
}

// TestExplanationKeyHashFromEntry: on a hit the explanation takes the hash
// the cache entry carries instead of hashing its key again.
func TestExplanationKeyHashFromEntry(t *testing.T) {
	t.Parallel()
	a, _, _ := setup(t, tokenConfig(300), seedToken(true))
	r := tokenRequest("GET", "/pets", "allow")
	a.Authorize(context.Background(), r, methodARN(t, r))
	ex := a.Authorize(context.Background(), r, methodARN(t, r)).Explanation
	want := authcache.NewKey("prod", "TokenAuth", []string{"allow"}).Hash()
	if ex.keyHash != want || !ex.key.IsZero() {
		t.Fatalf("hit: explanation keeps hash %q and key %v; want the entry's hash %q and no key", ex.keyHash, !ex.key.IsZero(), want)
	}
}
