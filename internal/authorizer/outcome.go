package authorizer

import (
	"strings"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/policy"
)

// Outcome is what Authorize decided, on every path, as data: the decision,
// the gateway response of a request it does not allow, the authorizer's
// principal and context (also after a deny, for ACCESS_DENIED templates,
// G-5) and the explanation. It is small enough to pass by value; the
// explanation is its one allocation. The zero Outcome does not allow.
type Outcome struct {
	// Allow is set only when the policy allows this request's method ARN.
	Allow bool
	// Response is the gateway response of a request not allowed:
	// UNAUTHORIZED, ACCESS_DENIED or AUTHORIZER_CONFIGURATION_ERROR.
	Response api.ResponseType
	// Message is ACCESS_DENIED's message for this deny (O-9); "" for the
	// other responses, whose default message stands.
	Message string
	// Err says why the request is not allowed; it wraps ErrUnauthorized,
	// ErrConfiguration or ErrAccessDenied (a *DeniedError). nil when allowed.
	Err         error
	PrincipalID string
	// Context is the stringified authorizer context (O-5).
	Context            Context
	UsageIdentifierKey string
	// Latency is how long this request waited for a function call; 0 when
	// none ran for it (a cache hit, or a 401 before the call).
	Latency time.Duration
	// Explanation is never nil; the Outcome's holder owns it.
	Explanation *Explanation
}

// ImplicitDeny reports whether the policy neither allowed nor denied the
// request (P-3 (3)): the one deny an API resource policy's Allow overrides
// (DG-FLOW Table A).
// deny sets Err to the shared errImplicitDeny itself, never a wrapper.
func (o *Outcome) ImplicitDeny() bool { return o.Err == error(errImplicitDeny) }

// CacheUse says how the policy of an outcome was obtained.
type CacheUse uint8

// Ways an outcome used the cache.
const (
	// CacheNotConsulted: the request failed before the lookup (401).
	CacheNotConsulted CacheUse = iota
	// CacheOff: the authorizer's TTL is 0; the function ran.
	CacheOff
	// CacheMiss: not cached; this request's call produced the result.
	CacheMiss
	// CacheHit: the result came from the cache; the function did not run.
	CacheHit
	// CacheShared: a concurrent request's call produced the result.
	CacheShared
	// CacheUnavailable: the cache could not answer (unreachable or too
	// slow); a fresh call, this request's or a concurrent one's, decided and
	// its result was not cached.
	CacheUnavailable
)

var cacheUseNames = [...]string{"not consulted", "off", "miss", "hit", "shared", "unavailable"}

func (c CacheUse) String() string {
	if int(c) < len(cacheUseNames) {
		return cacheUseNames[c]
	}
	return "unknown"
}

func cacheUse(s authcache.Status) CacheUse {
	switch s {
	case authcache.Hit:
		return CacheHit
	case authcache.Shared:
		return CacheShared
	case authcache.Unavailable:
		return CacheUnavailable
	}
	return CacheMiss
}

// Explanation records why an outcome is what it is. It never holds a raw
// token; String builds the text only when asked.
type Explanation struct {
	Status int // HTTP status: 200, 401, 403 or 500
	Cache  CacheUse
	// key is the cache key, during Authorize only (it borrows keyBuf,
	// which AuthorizeIn reuses for other calls); finish clears it.
	key authcache.Key
	// keyHash is key's Hash: the one the cache entry carries (computed
	// once per entry, shared and immutable), else computed by finish; ""
	// without a key.
	keyHash string
	// Source is the request whose function call produced the policy
	// ("GET /pets"), StoredAt when, TTL for how long it is cached.
	Source   string
	StoredAt time.Time
	TTL      time.Duration
	// At is when the decision was made.
	At        time.Time
	MethodARN string
	Decision  policy.Decision
	// Failure says why a 401 or 500 happened; "" otherwise.
	Failure string
	policy  *policy.Policy
	// simple: the decision is an HTTP API simple response's verdict (V-4).
	simple bool
	// cond is the request's IAM context the policy was evaluated in (nil:
	// unknown). During Authorize it is the caller's; when Authorize
	// returns, e keeps a copy of its own only if it may evaluate the policy
	// again (keepCond), else nil: most explanations never need it, and the
	// copy would double their size.
	cond *policy.Context
	// keyBuf holds key's bytes (authcache.AppendKey), reused with e.
	keyBuf []byte
}

// reset makes e explain a new decision on methodARN in cond (borrowed
// until keepCond; nil: unknown), keeping only its key buffer.
func (e *Explanation) reset(methodARN string, cond *policy.Context) {
	*e = Explanation{MethodARN: methodARN, cond: cond, keyBuf: e.keyBuf}
}

// context is the request's IAM context, nil when unknown.
func (e *Explanation) context() *policy.Context { return e.cond }

// keepCond ends e's borrow of the caller's IAM context: e keeps a copy
// only when its text may evaluate the policy again, for the trailing-slash
// note (SlashNote: a method ARN that ends in "/" and a policy), and
// otherwise forgets it.
func (e *Explanation) keepCond() {
	if e.cond == nil || e.policy == nil || !strings.HasSuffix(e.MethodARN, "/") {
		e.cond = nil
		return
	}
	own := *e.cond
	e.cond = &own
}

// evaluate evaluates the explained policy for another method ARN in the
// same request context (SlashNote).
func (e *Explanation) evaluate(methodARN string) policy.Decision {
	return e.policy.EvaluateIn(methodARN, e.context())
}

// CacheStatus says how the cache served the request ("hit", "miss", ...).
func (e *Explanation) CacheStatus() string { return e.Cache.String() }

// KeyHash is the short hash of the cache key, "" when there is none.
func (e *Explanation) KeyHash() string { return e.keyHash }

// finish ends what e borrowed during Authorize: the key, whose hash e
// keeps (the cache entry's, or computed now when the decision came from no
// entry: a failed call), and the caller's IAM context (keepCond).
func (e *Explanation) finish() {
	if e.keyHash == "" && !e.key.IsZero() {
		e.keyHash = e.key.Hash()
	}
	e.key = authcache.Key{}
	e.keepCond()
}

// Age is how old the policy was when it decided.
func (e *Explanation) Age() time.Duration { return max(e.At.Sub(e.StoredAt), 0) }

// TTLLeft is how much longer the policy stays cached.
func (e *Explanation) TTLLeft() time.Duration { return max(e.StoredAt.Add(e.TTL).Sub(e.At), 0) }
