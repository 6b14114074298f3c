package authorizer

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authcache"
)

// Invoker calls the authorizer function with an event and returns its
// result. A function error (the handler failed, timed out or crashed) is an
// error that errors.As to *event.FunctionError; any other error means the
// call could not be made.
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Cache is the authorizer result cache. Give every API its own (an entry is
// scoped by stage and authorizer name, C-5) and share it between that API's
// authorizers, so FlushStage drops the whole stage (C-7).
type Cache = authcache.Cache[*Result]

// NewMemoryCache returns a Cache in memory holding at most maxEntries
// results (0: authcache.DefaultMaxEntries); clock nil means time.Now.
func NewMemoryCache(maxEntries int, clock func() time.Time) (*Cache, error) {
	m, err := authcache.NewMemory(authcache.MemoryOptions{MaxEntries: maxEntries, Clock: clock})
	if err != nil {
		return nil, err
	}
	return NewCache(m, clock)
}

// NewCache returns a Cache over store (a shared one: authcache.RedisStore),
// whose records are the functions' raw outputs, parsed again on read (the
// parsed results stay in a local cache keyed by content); clock nil means
// time.Now.
func NewCache(store authcache.Store, clock func() time.Time) (*Cache, error) {
	return authcache.New(store, authcache.Options[*Result]{Clock: clock, Decode: decodeResult})
}

// Output formats, as cache records carry them (authcache.Record.Format):
// how a cached raw output is parsed again on read (as parse reads a fresh
// one).
const (
	formatREST       = "rest"
	formatHTTPPolicy = "http-policy"
	formatHTTPSimple = "http-simple"
)

// outputFormat names how this authorizer's outputs are parsed (parse).
func (a *Authorizer) outputFormat() string {
	switch {
	case a.simple:
		return formatHTTPSimple
	case a.payload != "":
		return formatHTTPPolicy
	}
	return formatREST
}

// decodeResult parses a cached raw output as a fresh one in its format is
// parsed: a record that does not pass (changed by hand, or written by
// another version of apigw) is treated as missing.
func decodeResult(format, raw string) (*Result, error) {
	switch format {
	case formatREST:
		return ParseOutput([]byte(raw))
	case formatHTTPPolicy:
		return ParseHTTPPolicyOutput([]byte(raw))
	case formatHTTPSimple:
		return ParseSimpleOutput([]byte(raw))
	}
	return nil, fmt.Errorf("%w: a cached output in format %q", ErrConfiguration, format)
}

// DefaultTimeout bounds one authorizer call (spec section 10 recommends 10 s).
const DefaultTimeout = 10 * time.Second

// Authorizer is one configured Lambda authorizer, ready to serve.
type Authorizer struct {
	name      string
	typ       api.AuthorizerType
	sources   []api.IdentitySource
	validate  *regexp.Regexp // TOKEN only; nil when none
	ttl       time.Duration
	inv       Invoker
	cache     *Cache
	now       func() time.Time
	timeout   time.Duration
	unanchor  bool
	configure string // where the authorizer was declared, for errors
	// payload is an HTTP API authorizer's payload version ("" for REST);
	// simple: it answers with simple responses (V-1, V-4).
	payload string
	simple  bool
}

// Option adjusts an Authorizer in New.
type Option func(*Authorizer)

// WithTimeout bounds each function call (default DefaultTimeout); a call
// that runs longer is a configuration error (O-8).
func WithTimeout(d time.Duration) Option { return func(a *Authorizer) { a.timeout = d } }

// WithUnanchoredValidation matches the TOKEN validation expression anywhere
// in the token instead of against the whole token (T-4 is UNCONFIRMED).
func WithUnanchoredValidation() Option { return func(a *Authorizer) { a.unanchor = true } }

// WithClock sets the clock used for explanations when there is no cache
// (TTL 0); with a cache, the cache's clock is used.
func WithClock(now func() time.Time) Option { return func(a *Authorizer) { a.now = now } }

// New checks cfg and prepares the authorizer. cache may be nil only when
// cfg.TTLSeconds is 0.
func New(cfg *api.Authorizer, inv Invoker, cache *Cache, opts ...Option) (*Authorizer, error) {
	if cfg == nil {
		return nil, fmt.Errorf("%w: no configuration", ErrInvalidAuthorizer)
	}
	a := &Authorizer{
		name: cfg.Name, typ: cfg.Type, sources: cfg.IdentitySources,
		ttl: time.Duration(cfg.TTLSeconds) * time.Second, inv: inv, cache: cache,
		now: time.Now, timeout: DefaultTimeout, configure: cfg.Source.String(),
		payload: cfg.PayloadVersion, simple: cfg.SimpleResponses,
	}
	for _, o := range opts {
		o(a)
	}
	if cache != nil {
		a.now = cache.Now
	}
	if err := a.check(cfg); err != nil {
		return nil, err
	}
	return a, nil
}

// FlushStage drops every cached result of stage in the authorizer's cache,
// for every authorizer and every replica sharing it (C-7).
func (a *Authorizer) FlushStage(ctx context.Context, stage string) error {
	if a.cache == nil {
		return nil
	}
	return a.cache.FlushStage(ctx, stage)
}

// Name is the authorizer's name, its identity within the cache.
func (a *Authorizer) Name() string { return a.name }

// TTL is how long a result is cached; 0 means not at all.
func (a *Authorizer) TTL() time.Duration { return a.ttl }

func (a *Authorizer) invalid(format string, args ...any) error {
	where := a.configure
	if where != "" {
		where += ": "
	}
	return fmt.Errorf("%s%w %q: %s", where, ErrInvalidAuthorizer, a.name, fmt.Sprintf(format, args...))
}
