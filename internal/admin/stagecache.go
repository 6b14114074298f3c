package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/apigw/apigw/internal/authcache"
	"github.com/apigw/apigw/internal/authorizer"
)

// StageCache is one API's authorizer cache (authorizer.Cache), for the
// API's stage.
type StageCache struct {
	API, APIID, Stage string
	// Store is the API's cache; nil when the API caches nothing (no
	// authorizer, or none with a TTL).
	Store CacheStore
}

// CacheStore is what StageCaches reads of an authorizer.Cache.
type CacheStore interface {
	List(ctx context.Context) ([]authcache.Listed, error)
	FlushStage(ctx context.Context, stage string) error
}

// StageCaches is the Cache of a template's APIs, one StageCache each.
type StageCaches []StageCache

// Entries lists every API's live entries. Listing a shared store
// (Redis) shows every replica's entries.
func (c StageCaches) Entries(ctx context.Context, now time.Time) ([]Entry, error) {
	out := []Entry{}
	for _, sc := range c {
		if sc.Store == nil {
			continue
		}
		listed, err := sc.Store.List(ctx)
		if err != nil {
			return nil, fmt.Errorf("%w: listing API %s: %w", ErrUnavailable, sc.API, err)
		}
		for _, l := range listed {
			out = append(out, sc.entry(&l, now))
		}
	}
	return out, nil
}

// entry renders one listed record: times at now, the policy's allowed
// resources and its context from the raw output, decoded as the cache
// decodes it.
func (sc *StageCache) entry(l *authcache.Listed, now time.Time) Entry {
	rec := &l.Record
	e := Entry{
		API: sc.API, APIID: sc.APIID, Stage: l.Stage, Authorizer: l.Authorizer, KeyHash: l.KeyHash,
		Principal: rec.Principal, Source: rec.Source, CreatedAt: rec.StoredAt.UTC(),
		AgeSeconds:     int64(max(now.Sub(rec.StoredAt), 0) / time.Second),
		TTLSeconds:     int64(rec.TTL / time.Second),
		TTLLeftSeconds: ceilSeconds(rec.ExpiresAt().Sub(now)),
		Allowed:        []string{},
	}
	if res, err := authorizer.DecodeCached(rec.Format, rec.Raw); err == nil {
		if res.Policy != nil {
			e.Allowed = append(e.Allowed, res.Policy.AllowedResources()...)
		}
		e.Context = res.Context.Map()
	}
	e.Policy = policyDocument(rec.Raw)
	return e
}

// ceilSeconds is d in whole seconds rounded up, never negative.
func ceilSeconds(d time.Duration) int64 {
	return int64(max(d+time.Second-1, 0) / time.Second)
}

// policyDocument is the policyDocument member of an authorizer's raw
// output (member names match in any case, as API Gateway reads them);
// nil when there is none.
func policyDocument(raw string) json.RawMessage {
	var out struct {
		PolicyDocument json.RawMessage `json:"policyDocument"`
	}
	if json.Unmarshal([]byte(raw), &out) != nil {
		return nil
	}
	return out.PolicyDocument
}

// Flush flushes one API's stage (FlushStageAuthorizersCache) and counts
// the entries that were live in it by now.
func (c StageCaches) Flush(ctx context.Context, api, stage string) (int, error) {
	sc, err := c.pick(api)
	if err != nil {
		return 0, err
	}
	if stage != "" && stage != sc.Stage {
		return 0, fmt.Errorf("%w: API %s has no stage %q (it serves %q)", ErrNotFound, sc.API, stage, sc.Stage)
	}
	if sc.Store == nil {
		return 0, nil
	}
	n := 0
	if listed, err := sc.Store.List(ctx); err == nil {
		for _, l := range listed {
			if l.Stage == sc.Stage {
				n++
			}
		}
	}
	if err := sc.Store.FlushStage(ctx, sc.Stage); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return n, nil
}

// pick finds the API named by id or logical id; "" picks the only one.
func (c StageCaches) pick(api string) (*StageCache, error) {
	if api == "" {
		if len(c) != 1 {
			return nil, fmt.Errorf("%w: the template has %d APIs; name one with ?api=ID", ErrAmbiguous, len(c))
		}
		return &c[0], nil
	}
	for i := range c {
		if c[i].APIID == api || c[i].API == api {
			return &c[i], nil
		}
	}
	return nil, fmt.Errorf("%w: no API %q", ErrNotFound, api)
}
