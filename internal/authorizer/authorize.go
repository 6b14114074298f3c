package authorizer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
)

// Authorize runs PIPE-1 steps 3 to 6 for req, whose method ARN is
// methodARN: identity validation, cache lookup, function call on a miss,
// policy evaluation. It returns the decision as data: Allow is set only
// when the policy allows methodARN; otherwise Response (and for a deny
// Message) name the gateway response and Err says why. Authorize reads req
// only until it returns (see load). It knows nothing of the request's IAM
// context: every Condition in the policy fails closed (AuthorizeIn).
func (a *Authorizer) Authorize(ctx context.Context, req *request.Request, methodARN string) Outcome {
	return a.AuthorizeIn(ctx, req, methodARN, nil)
}

// AuthorizeIn is Authorize with the request's IAM context, against which
// the policy's Conditions are evaluated (nil: unknown, they fail closed).
// It reads cond only until it returns.
func (a *Authorizer) AuthorizeIn(ctx context.Context, req *request.Request, methodARN string, cond *policy.Context) Outcome {
	kb := keyBufs.Get().(*[]byte)
	ex := &Explanation{MethodARN: methodARN, cond: cond, keyBuf: *kb} // as reset leaves it
	out := a.explainInto(ctx, req, ex)
	*kb, ex.keyBuf = ex.keyBuf, nil // the buffer goes back; the explanation keeps the key's hash only
	if cap(*kb) <= maxPooledKey {
		keyBufs.Put(kb)
	}
	return out
}

// keyBufs are AuthorizeIn's key buffers, reused: the key is needed only
// during the call (the explanation keeps its hash, finish), so it need
// not be allocated with every explanation.
var keyBufs = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledKey bounds the key buffers kept for reuse: one grown by a
// very long token is left to the collector.
const maxPooledKey = 4 << 10

// AuthorizeInto is AuthorizeIn that explains into ex, which it resets
// first, instead of a new Explanation: a cache hit then allocates nothing
// once ex has held a key as long as this one (AuthorizeIn allocates the
// explanation). The caller owns ex and may
// reuse it once it no longer needs the Outcome; ex keeps methodARN, so
// methodARN may live in a buffer the caller reuses with ex.
func (a *Authorizer) AuthorizeInto(ctx context.Context, req *request.Request, methodARN string, cond *policy.Context, ex *Explanation) Outcome {
	ex.reset(methodARN, cond)
	return a.explainInto(ctx, req, ex)
}

// explainInto is AuthorizeInto once ex is reset (AuthorizeIn makes it so,
// new, without clearing it a second time).
func (a *Authorizer) explainInto(ctx context.Context, req *request.Request, ex *Explanation) Outcome {
	out := Outcome{Explanation: ex}
	a.authorize(ctx, req, &out)
	ex.finish()
	return out
}

func (a *Authorizer) authorize(ctx context.Context, req *request.Request, out *Outcome) {
	var buf [maxInlineSources]string
	ids, fail := a.identity(req, buf[:0])
	if fail != nil {
		out.fail(a.now(), fmt.Errorf("%w: %s; function not invoked", ErrUnauthorized, fail))
		return
	}
	after := authcache.Miss
	if a.ttl > 0 {
		ex := out.Explanation
		ex.key, ex.keyBuf = authcache.AppendKey(ex.keyBuf, req.Stage, a.name, ids)
		now := a.now() // read once on the hot path
		e, st, _ := a.cache.Peek(ctx, ex.key, now)
		if st == authcache.Hit {
			a.decide(out, e, CacheHit, now)
			return
		}
		after = st
	}
	// A load is the slow path: its own copy of ids keeps buf on the stack
	// for the cache hit, whatever the event builder does with them.
	a.load(ctx, req, slices.Clone(ids), after, out)
}

// load obtains this request's result from a function call: through the
// cache's single flight, or directly with TTL 0. A cached load may outlive
// this call (a caller whose context ends returns at once; the load goes on
// for the others), and req belongs to the caller, who recycles it when
// Authorize returns. So everything the load needs is built here, before
// it starts, and the loader captures only that: the event bytes, which it
// owns from then on, and the source string. It never reads req.
//
// after is what the cache lookup found: after authcache.Unavailable the
// call is made fresh and its result is not cached (fail closed).
func (a *Authorizer) load(ctx context.Context, req *request.Request, ids []string, after authcache.Status, out *Outcome) {
	start := time.Now()
	payload, err := a.event(req, out.Explanation.MethodARN, ids)
	if err != nil {
		out.fail(a.now(), err)
		return
	}
	e, use, err := a.fetch(ctx, out.Explanation.key, a.loader(payload, source(req)), after)
	out.Latency, out.Explanation.Cache = time.Since(start), use
	if err != nil {
		out.fail(a.now(), failure(err))
		if use == CacheUnavailable {
			out.Explanation.Failure += " (" + CacheUnavailableNote + ")"
		}
		return
	}
	a.decide(out, e, use, a.now())
}

// fetch runs load through the cache, or at once when nothing is cached.
func (a *Authorizer) fetch(ctx context.Context, key authcache.Key, load authcache.Loader[*Result], after authcache.Status) (authcache.Entry[*Result], CacheUse, error) {
	if a.ttl == 0 {
		l, err := load(ctx)
		return authcache.Entry[*Result]{Value: l.Value, Source: l.Source, StoredAt: a.now()}, CacheOff, err
	}
	e, st, err := a.cache.Load(ctx, key, load, after)
	if err != nil && after == authcache.Unavailable {
		return e, CacheUnavailable, err
	}
	return e, cacheUse(st), err
}

// loader calls the function with payload, an event no one else holds, and
// names src as the result's source.
func (a *Authorizer) loader(payload []byte, src string) authcache.Loader[*Result] {
	return func(ctx context.Context) (authcache.Loaded[*Result], error) {
		raw, r, err := a.call(ctx, payload)
		if err != nil {
			return authcache.Loaded[*Result]{}, err
		}
		return authcache.Loaded[*Result]{
			Value: r, Raw: raw, Format: a.outputFormat(), Principal: r.PrincipalID, TTL: a.ttl, Source: src,
		}, nil
	}
}

// decide evaluates the result's policy against this request (C-2): the one
// place a verdict is made, for hits, misses and uncached calls alike.
func (a *Authorizer) decide(out *Outcome, e authcache.Entry[*Result], use CacheUse, now time.Time) {
	r, ex := e.Value, out.Explanation
	if r == nil { // a Store that lost its value: fail closed
		out.fail(now, fmt.Errorf("%w: the cache returned no result", ErrConfiguration))
		return
	}
	out.PrincipalID, out.Context, out.UsageIdentifierKey = r.PrincipalID, r.Context, r.UsageIdentifierKey
	ex.Cache, ex.Source, ex.StoredAt, ex.TTL, ex.At, ex.policy = use, e.Source, e.StoredAt, e.TTL, now, r.Policy
	if !ex.key.IsZero() { // a TTL-0 call has no key, whatever the entry says
		ex.keyHash = e.KeyHash
	}
	if r.Simple {
		out.decideSimple(r)
		return
	}
	ex.Decision = r.decide(ex.MethodARN, ex.context())
	switch ex.Decision.Effect {
	case policy.Allow:
		out.Allow, ex.Status = true, http.StatusOK
	case policy.ExplicitDeny:
		out.deny(errExplicitDeny)
	default:
		out.deny(errImplicitDeny)
	}
}

// deny records a policy that does not allow the request: 403 ACCESS_DENIED
// with the deny's message (O-9).
func (o *Outcome) deny(err *DeniedError) {
	o.Err, o.Response, o.Message = err, api.ResponseAccessDenied, err.Message()
	o.Explanation.Status = http.StatusForbidden
}

// fail records a 401 or 500: err says which (responseType) and why.
func (o *Outcome) fail(now time.Time, err error) {
	o.Err, o.Response = err, responseType(err)
	o.Explanation.At, o.Explanation.Failure = now, err.Error()
	o.Explanation.Status = http.StatusInternalServerError
	if o.Response == api.ResponseUnauthorized {
		o.Explanation.Status = http.StatusUnauthorized
	}
}

// failure makes sure an error of a load is one of ours (a waiter whose
// context ended gets the bare context error).
func failure(err error) error {
	if errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrConfiguration) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrConfiguration, err)
}

// token is the TOKEN authorizer's identity value: its only one (T-2).
func token(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

func source(req *request.Request) string { return req.Method + " " + req.Path }

// call invokes the function once with payload and parses its output (O-1
// to O-8); it returns the output too, as the cache's record.
func (a *Authorizer) call(ctx context.Context, payload []byte) (string, *Result, error) {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	b, err := a.inv.Invoke(ctx, payload)
	if err != nil {
		return "", nil, invokeError(err, a.timeout)
	}
	r, err := a.parse(b)
	if err != nil {
		return "", nil, err
	}
	return string(b), r, nil
}

// event builds the function's event (T-1, R-1); an error is a
// configuration error.
func (a *Authorizer) event(req *request.Request, methodARN string, ids []string) ([]byte, error) {
	var b []byte
	var err error
	switch {
	case a.payload == api.PayloadV2:
		b, err = HTTPEventV2(req, methodARN, ids)
	case a.payload == api.PayloadV1:
		b, err = HTTPEventV1(req, methodARN, ids)
	case a.typ == api.AuthorizerToken:
		b, err = TokenEvent(token(ids), methodARN)
	default:
		b, err = RequestEvent(req, methodARN)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: building the %s event: %w", ErrConfiguration, a.typ, err)
	}
	return b, nil
}

// maxMessage bounds how much of a function's error message an explanation
// repeats.
const maxMessage = 200

// invokeError classifies a failed call: the exact "Unauthorized" function
// error is a 401 (O-7); every other failure is a 500 (O-8).
func invokeError(err error, timeout time.Duration) error {
	var fe *event.FunctionError
	switch {
	case errors.As(err, &fe) && fe.Message == api.MessageUnauthorized:
		return fmt.Errorf("%w: the function failed with %q (O-7)", ErrUnauthorized, api.MessageUnauthorized)
	case fe != nil:
		return fmt.Errorf("%w: the function failed with %s %q (O-8)", ErrConfiguration, fe.Type, truncate(fe.Message, maxMessage))
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: the function did not answer within %v (O-8)", ErrConfiguration, timeout)
	}
	return fmt.Errorf("%w: the function could not be invoked (O-8): %w", ErrConfiguration, err)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
