package cli

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apigw/apigw/internal/admin"
	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/metrics"
	"github.com/apigw/apigw/internal/record"
)

// adminView is the admin API's routes, caches and pools: those of the
// version of the API serving, which hot reload replaces (follow).
type adminView struct {
	caches      *apiCaches
	stagePrefix bool
	url         string // the gateway's, set before the first follow
	cur         atomic.Pointer[adminVersion]
}

// adminVersion is what the admin API shows of one version.
type adminVersion struct {
	routes admin.StaticRoutes
	caches admin.StageCaches
	pools  metrics.Pools // nil without process pools (the demo)
}

// follow shows v from now on; nil-safe (no admin view outside start-api).
func (w *adminView) follow(v liveAPI) {
	if w == nil {
		return
	}
	gap := func(r *api.Route) string {
		_, g := v.gw.RouteGap(r)
		return g.What
	}
	w.cur.Store(&adminVersion{
		routes: admin.RoutesOf(v.tpl, w.url, w.stagePrefix, gap),
		caches: w.caches.stages(v.tpl),
		pools:  poolsOf(v.fns),
	})
}

// Routes are the serving version's routes.
func (w *adminView) Routes() []admin.Route { return w.cur.Load().routes }

// Entries lists the serving version's caches.
func (w *adminView) Entries(ctx context.Context, now time.Time) ([]admin.Entry, error) {
	return w.cur.Load().caches.Entries(ctx, now)
}

// Flush flushes a stage of the serving version.
func (w *adminView) Flush(ctx context.Context, apiID, stage string) (int, error) {
	return w.cur.Load().caches.Flush(ctx, apiID, stage)
}

// Pools snapshots the serving version's function pools.
func (w *adminView) Pools() []record.Pool {
	if p := w.cur.Load().pools; p != nil {
		return p.Pools()
	}
	return nil
}

// apiCaches records each API's authorizer cache as the authorizer factory
// makes them, for the admin API's listing and flush.
type apiCaches struct {
	mu    sync.Mutex
	byAPI map[*api.API]*authorizer.Cache
}

func newAPICaches() *apiCaches { return &apiCaches{byAPI: map[*api.API]*authorizer.Cache{}} }

func (c *apiCaches) add(a *api.API, cache *authorizer.Cache) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byAPI[a] = cache
}

// stages is the admin API's view of every API of tpl: its stage and
// cache (none when the API has no cached authorizer). It forgets the
// caches of other versions' APIs (a reload replaced them).
func (c *apiCaches) stages(tpl *api.Template) admin.StageCaches {
	c.mu.Lock()
	defer c.mu.Unlock()
	out, keep := admin.StageCaches{}, map[*api.API]*authorizer.Cache{}
	for _, a := range tpl.APIs {
		sc := admin.StageCache{API: a.LogicalID, APIID: a.ID, Stage: a.Stage}
		if cache := c.byAPI[a]; cache != nil {
			sc.Store, keep[a] = cache, cache
		}
		out = append(out, sc)
	}
	c.byAPI = keep
	return out
}

// adminConfig wires the admin API to the version serving (and, through
// follow, to every later one).
func adminConfig(cur liveAPI, url string, f serveFlags) admin.Config {
	f.view.url = url
	f.view.follow(cur)
	cfg := admin.Config{Routes: f.view, Cache: f.view, Pools: f.view}
	if f.observed != nil {
		cfg.Records, cfg.Metrics = f.observed.Ring, f.observed.Metrics.Handler()
	}
	if f.manual != nil {
		cfg.Clock = f.manual
	}
	return cfg
}

// CacheStats are the counters of each API's cache, for metrics: one series
// per API, summed while a hot reload has built the new version's caches and
// follow has not yet forgotten the old ones (after a reload the counters
// start again from zero, which Prometheus reads as a counter reset).
func (c *apiCaches) CacheStats() []metrics.CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	at := map[string]int{}
	var out []metrics.CacheStats
	for a, cache := range c.byAPI {
		if i, ok := at[a.LogicalID]; ok {
			out[i].Stats = out[i].Stats.Add(cache.Stats())
			continue
		}
		at[a.LogicalID] = len(out)
		out = append(out, metrics.CacheStats{API: a.LogicalID, Stats: cache.Stats()})
	}
	return out
}
