package cli

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/authorizer"
)

// redisPasswordEnv holds the Redis password when the --auth-cache URL has
// none (so it need not appear in a process listing).
const redisPasswordEnv = "APIGW_REDIS_PASSWORD"

// cacheFlags choose the authorizer cache's store (DESIGN section 1).
type cacheFlags struct {
	store   string // "memory", or a redis:// or rediss:// URL
	timeout time.Duration
	size    int
	// clock is apigw's clock for entry expiry (--clock); nil means
	// time.Now.
	clock func() time.Time
	// caches, when set, records each API's cache for the admin API.
	caches *apiCaches
	// shared, set by register, keeps one cacheStores for every version
	// of the API the process serves (hot reload): the Redis client opened
	// for the first is the one later versions use.
	shared *sharedStores
}

// sharedStores is the one cacheStores of a process, made on first use.
type sharedStores struct {
	once   sync.Once
	stores *cacheStores
	err    error
}

func (c *cacheFlags) register(fs *flag.FlagSet) {
	c.shared = &sharedStores{}
	fs.StringVar(&c.store, "auth-cache", "memory",
		"authorizer cache: memory, or redis://[:PASSWORD@]HOST:PORT/DB (rediss:// for TLS; password also from "+redisPasswordEnv+") shared by replicas")
	fs.DurationVar(&c.timeout, "auth-cache-timeout", authcache.DefaultRedisTimeout,
		"longest wait for the shared cache; past it the authorizer is called fresh and its result not cached")
}

// sized sets how many entries each API's cache holds (--auth-cache-size):
// in memory, or held locally from Redis.
func (c cacheFlags) sized(n int) cacheFlags {
	c.size = n
	return c
}

// errCacheFlag: a bad --auth-cache or --auth-cache-timeout.
var errCacheFlag = errors.New("bad authorizer cache flag")

// cacheStores make each API's authorizer cache: in memory, or in one shared
// Redis (one client for every API, keys namespaced by API id). The Redis
// client is opened on first use and lives as long as the process.
type cacheStores struct {
	flags cacheFlags
	log   *slog.Logger
	redis *authcache.Redis
}

// newCacheStores returns the process's stores when the flags were
// registered (shared), else new ones.
func newCacheStores(f cacheFlags, log *slog.Logger) (*cacheStores, error) {
	if sh := f.shared; sh != nil {
		sh.once.Do(func() { sh.stores, sh.err = openCacheStores(f, log) })
		return sh.stores, sh.err
	}
	return openCacheStores(f, log)
}

func openCacheStores(f cacheFlags, log *slog.Logger) (*cacheStores, error) {
	switch {
	case f.store == "" || f.store == "memory":
		return &cacheStores{flags: f}, nil
	case !strings.HasPrefix(f.store, "redis://") && !strings.HasPrefix(f.store, "rediss://"):
		return nil, fmt.Errorf("%w: --auth-cache: want memory, redis://… or rediss://…", errCacheFlag)
	case f.timeout <= 0:
		return nil, fmt.Errorf("%w: --auth-cache-timeout %v: want more than 0", errCacheFlag, f.timeout)
	}
	return &cacheStores{flags: f, log: log}, nil
}

// cache returns a new cache for the API apiID.
func (c *cacheStores) cache(apiID string) (*authorizer.Cache, error) {
	if c.flags.store == "" || c.flags.store == "memory" {
		return authorizer.NewMemoryCache(c.flags.size, c.flags.clock)
	}
	if c.redis == nil {
		if err := c.dial(); err != nil {
			return nil, err
		}
	}
	return authorizer.NewCache(c.redis.Store(apiID), c.flags.clock)
}

// dial connects to Redis. A server that does not answer yet is not fatal:
// every decision is then a fresh call until it does (fail closed).
func (c *cacheStores) dial() error {
	r, err := authcache.DialRedis(authcache.RedisOptions{
		URL: c.flags.store, Password: os.Getenv(redisPasswordEnv), Timeout: c.flags.timeout, MaxEntries: c.flags.size,
	})
	if errors.Is(err, authcache.ErrUnreachable) {
		c.warn("authorizer cache: Redis does not answer; every authorizer is called fresh (nothing cached) until it does", err)
		err = nil
	}
	if err != nil {
		return fmt.Errorf("--auth-cache: %w", err)
	}
	c.redis = r
	return nil
}

func (c *cacheStores) warn(msg string, err error) {
	if c.log != nil {
		c.log.Warn(msg, "err", err)
	}
}
