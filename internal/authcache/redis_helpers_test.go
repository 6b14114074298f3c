package authcache

import (
	"testing"
	"time"

	"github.com/apigw/apigw/internal/authcache/redistest"
)

// testTimeout is the Redis timeout of tests that must not fall back to
// fresh calls: long enough for a loaded machine under -race.
const testTimeout = 10 * time.Second

func startRedis(t testing.TB) *redistest.Server { return redistest.Start(t) }

// dialRedis is a client of url, closed when the test ends: one replica.
func dialRedis(t testing.TB, url string, timeout time.Duration) *Redis {
	t.Helper()
	r, err := DialRedis(RedisOptions{URL: url, Timeout: timeout})
	if err != nil {
		t.Fatalf("DialRedis: %v", err)
	}
	t.Cleanup(r.Close)
	return r
}

// redisStore is the store of apiID on a new client of url.
func redisStore(t testing.TB, url, apiID string) *RedisStore {
	t.Helper()
	return dialRedis(t, url, testTimeout).Store(apiID)
}
