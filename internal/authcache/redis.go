package authcache

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/rueidis"
)

// DefaultRedisTimeout bounds each operation that has to reach Redis (a
// client-side cache hit does not); past it the Cache decides from a fresh
// call.
const DefaultRedisTimeout = 10 * time.Millisecond

// RedisOptions configure a connection to Redis or Valkey.
type RedisOptions struct {
	// URL is redis://[user:password@]HOST:PORT[/DB] or rediss:// for TLS.
	URL string
	// Password is used when URL has none (apigw reads APIGW_REDIS_PASSWORD).
	Password string
	// Timeout bounds each round trip; 0 means DefaultRedisTimeout.
	Timeout time.Duration
	// MaxEntries bounds the records each store keeps in this process; 0
	// means DefaultMaxEntries.
	MaxEntries int
}

// ErrRedisURL wraps a bad RedisOptions.URL; the message never repeats the
// URL, which may hold a password.
var ErrRedisURL = errors.New("authcache: bad Redis URL")

// Redis is one client of a Redis (or Valkey) server, shared by the stores
// of every API (RedisClient.Store). It uses client-side caching: records
// and generations read once stay in this process, and Redis tells it when
// one changes or expires, so a hit is local. When the connection breaks,
// the local copies are dropped with it (nothing unverifiable is served),
// and the next operation reconnects.
type Redis struct {
	client  rueidis.Client
	timeout time.Duration
	max     int
	mu      sync.Mutex
	stores  []*RedisStore // for invalidations; guarded by mu
}

// DialRedis connects to o.URL. A server that cannot be reached is not an
// error of DialRedis (the returned client reconnects on use, and the
// returned error, wrapping ErrUnreachable, says so); a bad URL, a refused
// password, a certificate that does not verify or a server without RESP3
// is.
func DialRedis(o RedisOptions) (*Redis, error) {
	opt, err := clientOptions(o)
	if err != nil {
		return nil, err
	}
	r := &Redis{timeout: cmp.Or(max(o.Timeout, 0), DefaultRedisTimeout), max: cmp.Or(max(o.MaxEntries, 0), DefaultMaxEntries)}
	opt.OnInvalidations = r.invalidated
	c, err := rueidis.NewClient(opt)
	r.client = c
	var redisErr *rueidis.RedisError
	var certErr *tls.CertificateVerificationError
	switch {
	case err == nil:
		return r, nil
	case c == nil || errors.As(err, &redisErr) || errors.As(err, &certErr) || errors.Is(err, rueidis.ErrNoCache):
		if c != nil {
			c.Close()
		}
		return nil, fmt.Errorf("authcache: Redis at %s: %w", opt.InitAddress[0], err)
	}
	return r, fmt.Errorf("%w: %s: %w", ErrUnreachable, opt.InitAddress[0], err)
}

// ErrUnreachable: DialRedis could not reach the server; the client it
// returned with this error connects when the server answers.
var ErrUnreachable = errors.New("authcache: Redis unreachable")

func clientOptions(o RedisOptions) (rueidis.ClientOption, error) {
	u, err := url.Parse(o.URL)
	if err != nil {
		return rueidis.ClientOption{}, fmt.Errorf("%w: it does not parse (not shown: it may hold a password)", ErrRedisURL)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return rueidis.ClientOption{}, fmt.Errorf("%w: scheme %q: want redis:// or rediss://", ErrRedisURL, u.Scheme)
	}
	opt, err := rueidis.ParseURL(o.URL)
	if err != nil {
		return opt, fmt.Errorf("%w: %s: %w", ErrRedisURL, u.Redacted(), err)
	}
	if opt.Password == "" {
		opt.Password = o.Password
	}
	opt.ForceSingleClient = true // one server; and start even while it is down
	opt.PipelineMultiplex = -1   // one connection (0 means one per two cores): replies and invalidations in one order
	opt.DisableRetry = true      // a failure is answered by a fresh call, not a wait
	opt.Dialer.Timeout = time.Second
	opt.ConnWriteTimeout = time.Second // and a PING when idle: a silent server drops the connection
	return opt, nil
}

// Close closes the connection; stores over it fail from then on.
func (r *Redis) Close() { r.client.Close() }

// Ping reports whether the server answers within the timeout. Everything
// goes over one connection, so when Ping returns every invalidation Redis
// sent before its reply has been applied (a flush by another replica
// included). Once it has failed after a connection broke, no local copy
// from that connection is served any more.
func (r *Redis) Ping(ctx context.Context) error {
	ctx, cancel := r.bound(ctx)
	defer cancel()
	return r.failed(r.client.Do(ctx, r.client.B().Ping().Build()).Error())
}

// failed passes err on; an error that is not Redis's own answer (the
// connection broke, or Redis is too slow) first drops every local copy,
// so that once one request has seen Redis fail no later one is served
// from what it can no longer invalidate.
func (r *Redis) failed(err error) error {
	var answer *rueidis.RedisError
	if err != nil && !errors.As(err, &answer) {
		r.invalidated(nil)
	}
	return err
}

func (r *Redis) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, r.timeout)
}

// localTTL is how long a value read from Redis may stay in this process
// without news from Redis; Redis's invalidations end it sooner, and an
// entry's own expiry is checked against apigw's clock on every read.
const localTTL = time.Hour

// Store returns the store of one API: its keys are namespaced by apiID and
// stage, so APIs and stages never share an entry (C-5).
func (r *Redis) Store(apiID string) *RedisStore {
	s := &RedisStore{r: r, apiID: apiID, local: newLocalRecords(r.max)}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stores = append(r.stores, s)
	return s
}

// invalidated passes Redis's invalidations (nil: drop everything) to every
// store's local copies. It runs on the connection's reader: it is quick.
func (r *Redis) invalidated(msgs []rueidis.RedisMessage) {
	var names []string
	if msgs != nil {
		names = make([]string, 0, len(msgs))
		for _, m := range msgs {
			if n, err := m.ToString(); err == nil {
				names = append(names, n)
			}
		}
	}
	r.mu.Lock()
	stores := r.stores
	r.mu.Unlock()
	for _, s := range stores {
		s.local.invalidate(names)
	}
}

// RedisStore is the Store of one API in Redis. Per stage it keeps a
// generation key (a random token, replaced on flush) and one key per entry,
// named by a SHA-256 of the cache key (which holds tokens: Redis never sees
// them); the entry's value holds the generation it was stored in, its
// record and its expiry (StoredAt+TTL, checked against apigw's clock), with
// a Redis expiry (PX) that only collects garbage.
type RedisStore struct {
	r      *Redis
	apiID  string
	stages sync.Map // stage -> *stageNames
	local  *localRecords
}

// stageNames are the Redis key names of one stage. Both share one hash tag,
// so a cluster keeps them in one slot (the put script needs both).
type stageNames struct {
	gen, entryPrefix string
}

func (s *RedisStore) names(stage string) *stageNames {
	if n, ok := s.stages.Load(stage); ok {
		return n.(*stageNames)
	}
	tag := "apigw:v1:{" + url.PathEscape(s.apiID) + "/" + url.PathEscape(stage) + "}"
	n, _ := s.stages.LoadOrStore(stage, &stageNames{gen: tag + ":gen", entryPrefix: tag + ":e:"})
	return n.(*stageNames)
}

// entry is the key name of one cache entry: the stage's prefix, the
// authorizer's name (query-escaped, so it holds no ':'; listings read it)
// and the key's SHA-256 (keySum, which Key.Hash digests).
func (n *stageNames) entry(key Key) string {
	hexSum := keySum(key.s)
	_, authorizer, _ := keyParts(key.s)
	authorizer = url.QueryEscape(authorizer)
	var b strings.Builder
	b.Grow(len(n.entryPrefix) + len(authorizer) + 1 + len(hexSum))
	b.WriteString(n.entryPrefix)
	b.WriteString(authorizer)
	b.WriteByte(':')
	b.Write(hexSum[:])
	return b.String()
}

// Get returns the record from this process's copy when it holds it, else
// reads the stage's generation and the entry through the client's
// cache (the generation nearly always is there), in one round trip at
// most each, and keeps a copy.
func (s *RedisStore) Get(ctx context.Context, key Key) (Record, bool, error) {
	if rec, ok := s.local.get(key); ok {
		return rec, true, nil
	}
	epoch := s.local.begin()
	ctx, cancel := s.r.bound(ctx)
	defer cancel()
	n := s.names(key.stage)
	gen, err := s.read(ctx, n.gen)
	if err != nil || gen == "" {
		return Record{}, false, err
	}
	s.local.keepGen(epoch, key.stage, n.gen, gen)
	name := n.entry(key)
	val, err := s.read(ctx, name)
	if err != nil || val == "" {
		return Record{}, false, err
	}
	stored, rec, err := decodeRecord(val)
	if err != nil || stored != gen {
		return Record{}, false, err
	}
	rec.keyHash = key.Hash() // once per copy read, not per hit
	s.local.keep(epoch, key, localEntry{rec: rec, gen: gen, name: name})
	return rec, true, nil
}

// read GETs a key through the client-side cache, which makes Redis track
// it for this connection; "" when it does not exist.
func (s *RedisStore) read(ctx context.Context, name string) (string, error) {
	c := s.r.client
	v, err := optionalString(c.DoCache(ctx, c.B().Get().Key(name).Cache(), localTTL))
	return v, s.r.failed(err)
}

// optionalString is a GET's value, "" when the key does not exist.
func optionalString(r rueidis.RedisResult) (string, error) {
	s, err := r.ToString()
	if rueidis.IsRedisNil(err) {
		return "", nil
	}
	return s, err
}

// initGeneration returns the stage's generation, creating it when absent.
// A generation key that is lost (evicted, or Redis restarted empty) is
// replaced by a new random token, which acts as a flush: records of the
// old one are never served again.
var initGeneration = rueidis.NewLuaScript(`
local g = redis.call('GET', KEYS[1])
if g then return g end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]`)

// Generation returns the stage's current generation token.
func (s *RedisStore) Generation(ctx context.Context, stage string) (Generation, error) {
	n, c := s.names(stage), s.r.client
	ctx, cancel := s.r.bound(ctx)
	defer cancel()
	gen, err := s.read(ctx, n.gen)
	if err == nil && gen == "" {
		gen, err = initGeneration.Exec(ctx, c, []string{n.gen}, []string{newToken()}).ToString()
		err = s.r.failed(err)
	}
	if err != nil {
		return Generation{}, err
	}
	return Generation{token: gen}, nil
}

// putIfCurrent stores an entry only while the stage's generation is still
// the one the load began in. A Lua script runs atomically in Redis, so no
// flush can land between the check and the SET, in one round trip on the
// shared pipelined connection; WATCH/MULTI/EXEC would need a dedicated
// connection, three round trips and a retry loop for the same guarantee.
var putIfCurrent = rueidis.NewLuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1`)

// Put stores rec under key if the stage is still at gen.
func (s *RedisStore) Put(ctx context.Context, key Key, gen Generation, rec Record) (bool, error) {
	if rec.TTL <= 0 || key.IsZero() || gen.token == "" {
		return false, nil
	}
	n, c := s.names(key.stage), s.r.client
	ctx, cancel := s.r.bound(ctx)
	defer cancel()
	px := strconv.FormatInt(garbageAfter(rec.TTL).Milliseconds(), 10)
	ok, err := putIfCurrent.Exec(ctx, c, []string{n.gen, n.entry(key)}, []string{gen.token, encodeRecord(gen.token, &rec), px}).AsInt64()
	return ok == 1, s.r.failed(err)
}

// garbageAfter is the Redis expiry of an entry that lives ttl by apigw's
// clock: twice its TTL and at least a minute more, so that a manual or
// paused clock does not lose entries early. apigw's clock alone decides
// when an entry stops being served.
func garbageAfter(ttl time.Duration) time.Duration { return ttl + max(ttl, time.Minute) }

// FlushStage replaces the stage's generation token: every replica's
// records of the stage stop being served, and loads begun before the flush
// store nothing. Redis invalidates the old token in every client's local
// cache.
func (s *RedisStore) FlushStage(ctx context.Context, stage string) error {
	n, c := s.names(stage), s.r.client
	ctx, cancel := s.r.bound(ctx)
	defer cancel()
	return s.r.failed(c.Do(ctx, c.B().Set().Key(n.gen).Value(newToken()).Build()).Error())
}

// newToken is a fresh random generation token.
func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
