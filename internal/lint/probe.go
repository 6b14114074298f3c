package lint

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
)

// Authorizer is a cached authorizer as a probe calls it, with a cache of
// its own that starts empty; *authorizer.Authorizer is one.
type Authorizer interface {
	Authorize(ctx context.Context, req *request.Request, methodARN string) authorizer.Outcome
}

// Identity is the caller a probe stands for. Token is sent in every header
// identity source that Headers does not give.
type Identity struct {
	Token   string
	Headers []request.Field
	Query   []request.Field
}

// ProbeConfig is what Probe needs besides the template.
type ProbeConfig struct {
	Scope
	Identity Identity
	// Authorizer returns az of a ready to call (the caller wires its
	// function); an error becomes a probe-failed finding.
	Authorizer func(a *api.API, az *api.Authorizer) (Authorizer, error)
}

// Probe calls each cached authorizer once, for the first route it guards,
// then asks it again for every route and method it guards (and each with a
// trailing slash) with the same identity, as the gateway would within the
// TTL. It reports each route its cached policy implicitly denies (the
// seed's 403) and each Deny a trailing slash escapes. checked holds
// "API/authorizer" for every authorizer whose policy allowed at least one
// request it guards; for the others a probe-failed finding says why.
func Probe(ctx context.Context, tpl *api.Template, cfg ProbeConfig) (out []Finding, checked map[string]bool) {
	checked = map[string]bool{}
	for _, a := range tpl.APIs {
		if a.Gap.Missing() {
			continue
		}
		for _, az := range cachedAuthorizers(a, false) {
			fs, ok := probeOne(ctx, a, az, cfg)
			out = append(out, fs...)
			if ok {
				checked[a.LogicalID+"/"+az.Name] = true
			}
		}
	}
	sortFindings(out)
	return out, checked
}

// prober probes one authorizer of one API.
type prober struct {
	cfg  ProbeConfig
	a    *api.API
	az   *api.Authorizer
	auth Authorizer
	base Finding
}

func probeOne(ctx context.Context, a *api.API, az *api.Authorizer, cfg ProbeConfig) ([]Finding, bool) {
	targets := targetsOf(guarded(a, az))
	if len(targets) == 0 {
		return nil, false
	}
	p := &prober{cfg: cfg, a: a, az: az, base: Finding{Location: locationOf(az.Source), API: a.LogicalID, Authorizer: az.Name}}
	auth, err := cfg.Authorizer(a, az)
	if err != nil {
		return []Finding{p.failed(targets[0], err.Error())}, false
	}
	p.auth = auth
	if first := p.call(ctx, targets[0]); first.Explanation.Failure != "" {
		return []Finding{p.failed(targets[0], first.Explanation.String())}, false
	} else if az.SimpleResponses {
		return p.sharedVerdict(ctx, targets, first), true
	}
	fs, allowed := p.check(ctx, targets)
	if !allowed {
		return []Finding{p.failed(targets[0], "the policy it returned allows none of the routes it guards")}, false
	}
	return fs, true
}

func (p *prober) failed(t target, why string) Finding {
	return p.base.with(RuleProbeFailed, t.route.RouteKey(), fmt.Sprintf(
		"probing authorizer %s from %s gave no policy to check against the routes it guards: %s", p.az.Name, t, why),
		"probe with an identity this authorizer allows (--token, --header K=V, --query K=V); for a 500, fix what the message names")
}

// check asks the authorizer about every target after the first call and
// reports whether it allowed any.
func (p *prober) check(ctx context.Context, targets []target) (out []Finding, allowed bool) {
	denied := map[*api.Route][]denial{}
	slashed := map[*api.Route]bool{}
	for _, t := range targets {
		o := p.call(ctx, t)
		allowed = allowed || o.Allow
		if p.cachedImplicitDeny(t, o) {
			denied[t.route] = append(denied[t.route], denial{t, o.Explanation})
		}
		if slashed[t.route] || t.path == "/" || o.Explanation.Decision.Effect != policy.ExplicitDeny {
			continue
		}
		s := t
		s.path += "/"
		if so := p.call(ctx, s); so.Allow {
			slashed[t.route], allowed = true, true
			out = append(out, p.base.with(RuleDenySlash, t.route.RouteKey(), fmt.Sprintf(
				"authorizer %s's policy denies %s but allows %s: %s", p.az.Name, t, s, so.Explanation), slashFix))
		}
	}
	for _, r := range guarded(p.a, p.az) {
		if ds := denied[r]; len(ds) > 0 {
			out = append(out, p.cachedDeny(r, ds))
		}
	}
	return out, allowed
}

// cachedImplicitDeny reports whether o is the seed's 403: a policy cached
// for another request that neither allows nor denies t.
func (p *prober) cachedImplicitDeny(t target, o authorizer.Outcome) bool {
	return !o.Allow && o.ImplicitDeny() && o.Explanation.Cache == authorizer.CacheHit && o.Explanation.Source != t.String()
}

// denial is one request a cached policy denied, and why.
type denial struct {
	t  target
	ex *authorizer.Explanation
}

// maxListed bounds how many denied requests a finding names.
const maxListed = 4

func (p *prober) cachedDeny(r *api.Route, ds []denial) Finding {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.t.String()
	}
	msg := fmt.Sprintf("authorizer %s's policy for %s, cached for %d s, denies %d requests to %s within the TTL: %s (%s)",
		p.az.Name, ds[0].ex.Source, p.az.TTLSeconds, len(ds), r.RouteKey(), listed(names), ds[0].ex)
	return p.base.with(RuleCachedPolicyDeny, r.RouteKey(), msg,
		"return a wildcard resource, "+wildcard(p.cfg.Scope, p.a)+", or set the authorizer's TTL to 0")
}

// listed joins at most maxListed names, counting the rest.
func listed(names []string) string {
	if len(names) <= maxListed {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:maxListed], ", ") + ", and " + strconv.Itoa(len(names)-maxListed) + " more"
}

// call asks the authorizer about one target with the probe's identity.
func (p *prober) call(ctx context.Context, t target) authorizer.Outcome {
	methodARN, err := arn.Build(p.cfg.Region, p.cfg.AccountID, p.a.ID, p.a.Stage, t.method, t.path)
	if err != nil {
		methodARN = "" // the authorizer fails closed on it
	}
	return p.auth.Authorize(ctx, p.request(t), methodARN)
}

// request is the probe's request for t, as the gateway fills one.
func (p *prober) request(t target) *request.Request {
	id := p.cfg.Identity
	headers := append([]request.Field{}, id.Headers...)
	for _, s := range p.az.IdentitySources {
		if s.Kind == api.SourceHeader && !hasField(headers, s.Name) && id.Token != "" {
			headers = append(headers, request.Field{Name: s.Name, Value: id.Token})
		}
	}
	return &request.Request{
		Method: t.method, Path: t.path, Headers: headers, Query: id.Query, Protocol: "HTTP/1.1",
		SourceIP: "127.0.0.1", Host: "localhost", APIID: p.a.ID, AccountID: p.cfg.AccountID, Region: p.cfg.Region,
		Stage: p.a.Stage, Resource: t.route.Path, ResourceID: p.resourceID(t), PathParams: t.params, StageVariables: p.a.StageVariables,
		RequestID: "apigw-lint-probe",
	}
}

func hasField(fs []request.Field, name string) bool {
	for _, f := range fs {
		if strings.EqualFold(f.Name, name) {
			return true
		}
	}
	return false
}
