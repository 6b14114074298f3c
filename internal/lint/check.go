package lint

import (
	"context"
	"slices"

	"github.com/apigw/apigw/internal/api"
)

// Check runs the static rules and, when probe is not nil, the probe. A
// probe that checked an authorizer's policy against every route it guards
// replaces the static rules that can only say that policy might not cover
// them (cached-greedy-route, cached-shared-authorizer) for that authorizer,
// and a probe of a simple-response authorizer replaces the static
// cached-verdict-shared-across-routes with what the cache actually shared.
func Check(ctx context.Context, tpl *api.Template, sc Scope, probe *ProbeConfig) []Finding {
	fs := Static(tpl, sc)
	if probe == nil {
		return fs
	}
	cfg := *probe
	cfg.Scope = sc
	found, checked := Probe(ctx, tpl, cfg)
	fs = slices.DeleteFunc(fs, func(f Finding) bool {
		return (f.Rule == RuleCachedGreedy || f.Rule == RuleCachedShared || f.Rule == RuleSharedVerdict) && checked[f.API+"/"+f.Authorizer]
	})
	fs = append(fs, found...)
	sortFindings(fs)
	return fs
}
