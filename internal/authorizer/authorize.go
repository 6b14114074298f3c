package authorizer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
)

// Authorize runs PIPE-1 steps 3 to 6 for req, whose method ARN is
// methodARN: identity validation, cache lookup, function call on a miss,
// policy evaluation. The Outcome is never nil. The error is nil for an
// Allow, else wraps ErrUnauthorized, ErrConfiguration or ErrAccessDenied
// (a *DeniedError); ResponseType maps it.
func (a *Authorizer) Authorize(ctx context.Context, req *request.Request, methodARN string) (*Outcome, error) {
	out := &Outcome{Explanation: Explanation{MethodARN: methodARN}}
	var buf [maxInlineSources]string
	ids, fail := a.identity(req, buf[:0])
	if fail != nil {
		return out.fail(a.now(), fmt.Errorf("%w: %s; function not invoked", ErrUnauthorized, fail))
	}
	if a.ttl == 0 {
		return a.uncached(ctx, req, methodARN, token(ids), out)
	}
	key := authcache.NewKey(req.Stage, a.name, ids)
	out.Explanation.key = key
	now := a.now() // read once on the hot path
	if e, ok := a.cache.Peek(key, now); ok {
		return a.decide(out, e, CacheHit, now)
	}
	return a.miss(ctx, req, methodARN, token(ids), key, out)
}

// miss loads the result for key. The loader may outlive this call (a
// caller whose context ends returns at once; the load goes on for the
// others), and req belongs to the caller, who recycles it when Authorize
// returns. So everything the load needs is built here, before Get, and the
// loader captures only that: the event bytes, which it owns from then on,
// and the source string. It never reads req.
func (a *Authorizer) miss(ctx context.Context, req *request.Request, methodARN, token string, key authcache.Key, out *Outcome) (*Outcome, error) {
	payload, err := a.event(req, methodARN, token)
	if err != nil {
		out.Explanation.Cache = CacheMiss
		return out.fail(a.now(), err)
	}
	e, st, err := a.cache.Get(ctx, key, a.loader(payload, source(req)))
	if err != nil {
		out.Explanation.Cache = CacheMiss
		return out.fail(a.now(), failure(err))
	}
	return a.decide(out, e, cacheUse(st), a.now())
}

// loader calls the function with payload, an event no one else holds, and
// names src as the result's source.
func (a *Authorizer) loader(payload []byte, src string) authcache.Loader[*Result] {
	return func(ctx context.Context) (authcache.Loaded[*Result], error) {
		r, err := a.call(ctx, payload)
		return authcache.Loaded[*Result]{Value: r, TTL: a.ttl, Source: src}, err
	}
}

func (a *Authorizer) uncached(ctx context.Context, req *request.Request, methodARN, token string, out *Outcome) (*Outcome, error) {
	out.Explanation.Cache = CacheOff
	payload, err := a.event(req, methodARN, token)
	if err != nil {
		return out.fail(a.now(), err)
	}
	r, err := a.call(ctx, payload)
	if err != nil {
		return out.fail(a.now(), failure(err))
	}
	now := a.now()
	return a.decide(out, authcache.Entry[*Result]{Value: r, Source: source(req), StoredAt: now}, CacheOff, now)
}

// decide evaluates the result's policy against this request (C-2): the one
// place a verdict is made, for hits, misses and uncached calls alike.
func (a *Authorizer) decide(out *Outcome, e authcache.Entry[*Result], use CacheUse, now time.Time) (*Outcome, error) {
	r, ex := e.Value, &out.Explanation
	if r == nil { // a Store that lost its value: fail closed
		return out.fail(now, fmt.Errorf("%w: the cache returned no result", ErrConfiguration))
	}
	out.PrincipalID, out.Context, out.UsageIdentifierKey = r.PrincipalID, r.Context, r.UsageIdentifierKey
	ex.Cache, ex.Source, ex.StoredAt, ex.TTL, ex.At, ex.policy = use, e.Source, e.StoredAt, e.TTL, now, r.Policy
	ex.Decision = r.decide(ex.MethodARN)
	switch ex.Decision.Effect {
	case policy.Allow:
		ex.Status = http.StatusOK
		return out, nil
	case policy.ExplicitDeny:
		ex.Status = http.StatusForbidden
		return out, errExplicitDeny
	default:
		ex.Status = http.StatusForbidden
		return out, errImplicitDeny
	}
}

// fail records a 401 or 500 on the outcome and returns err.
func (o *Outcome) fail(now time.Time, err error) (*Outcome, error) {
	o.Explanation.At, o.Explanation.Failure = now, err.Error()
	o.Explanation.Status = http.StatusInternalServerError
	if errors.Is(err, ErrUnauthorized) {
		o.Explanation.Status = http.StatusUnauthorized
	}
	return o, err
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
// to O-8).
func (a *Authorizer) call(ctx context.Context, payload []byte) (*Result, error) {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	b, err := a.inv.Invoke(ctx, payload)
	if err != nil {
		return nil, invokeError(err, a.timeout)
	}
	return ParseOutput(b)
}

// event builds the function's event (T-1, R-1); an error is a
// configuration error.
func (a *Authorizer) event(req *request.Request, methodARN, token string) ([]byte, error) {
	var b []byte
	var err error
	if a.typ == api.AuthorizerToken {
		b, err = TokenEvent(token, methodARN)
	} else {
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
	case errors.As(err, &fe) && fe.Message == UnauthorizedMessage:
		return fmt.Errorf("%w: the function failed with %q (O-7)", ErrUnauthorized, UnauthorizedMessage)
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
