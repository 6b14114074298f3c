package gateway

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/request"
)

// Messages of ACCESS_DENIED after an API's resource policy, for the
// anonymous callers apigw serves (no IAM authentication), with the method
// ARN's account masked. UNCONFIRMED byte for byte: the wording is the one
// AWS answers with in public reports; newer IAM-style texts exist (O-9).
const (
	resourcePolicyDeny         = "User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
	resourcePolicyExplicitDeny = " with an explicit deny"
)

// ResourcePolicyDenied is the error of a request the API's resource policy
// does not let through: an explicit deny (before any authorizer runs), or,
// on a route without an authorizer, no Allow (DG-FLOW "resource policy
// only").
type ResourcePolicyDenied struct {
	Explicit  bool
	MethodARN string
	Decision  policy.Decision
}

func (e *ResourcePolicyDenied) Error() string {
	return "resource policy: " + e.Decision.String() + " for " + e.MethodARN
}

// Message is the ACCESS_DENIED message AWS gives for this deny.
func (e *ResourcePolicyDenied) Message() string {
	shown := e.MethodARN
	if m, err := arn.Parse(e.MethodARN); err == nil {
		shown = m.Masked()
	}
	if e.Explicit {
		return resourcePolicyDeny + shown + resourcePolicyExplicitDeny
	}
	return resourcePolicyDeny + shown
}

// provisionResourcePolicy compiles the API's resource policy at load; what
// it cannot evaluate as AWS does becomes a warning.
func (g *Gateway) provisionResourcePolicy(st *apiState) error {
	rp := st.api.ResourcePolicy
	if rp == nil {
		return nil
	}
	p, notes, err := policy.ParseResource(rp.Document, policy.Scope{Region: g.cfg.Region, Account: g.cfg.AccountID, APIID: st.api.ID})
	if err != nil {
		return fmt.Errorf("%s: resource policy: %w", rp.Source, err)
	}
	for _, n := range notes {
		g.warnings = append(g.warnings, fmt.Sprintf("%s: resource policy %s", rp.Source, n))
	}
	st.policy = p
	return nil
}

// checkResourcePolicy is PIPE-1 step 2: the API's resource policy,
// evaluated for an anonymous caller in the request's IAM context. An explicit
// deny ends the request before any authorizer runs; on a route without an
// authorizer the policy must allow (DG-FLOW). Its decision is kept for
// combineResourcePolicy.
func (g *Gateway) checkResourcePolicy(x *exchange) error {
	p := x.st.policy
	if p == nil {
		return nil
	}
	methodARN, err := g.methodARN(x)
	if err != nil {
		return err
	}
	d := p.EvaluateIn(methodARN, g.conditions(x))
	x.resourcePolicy, x.policyChecked = d, true
	if d.Effect == policy.ExplicitDeny || (d.Effect != policy.Allow && x.route.Authorizer == "") {
		return &ResourcePolicyDenied{Explicit: d.Effect == policy.ExplicitDeny, MethodARN: methodARN, Decision: d}
	}
	return nil
}

// combineResourcePolicy applies DG-FLOW Table A (same account) to the
// authorizer's error: its implicit deny ("neither allow nor deny") gives way
// to the resource policy's Allow; everything else stands (an explicit deny,
// 401, 500). The resource policy's own explicit deny never gets here.
func (x *exchange) combineResourcePolicy(err error) error {
	if errors.Is(err, errDenied) && x.auth.ImplicitDeny && x.policyChecked && x.resourcePolicy.Effect == policy.Allow {
		return nil
	}
	return err
}

// classifyResourcePolicy maps a resource policy's deny to ACCESS_DENIED
// (403, AccessDeniedException) with AWS's message.
func classifyResourcePolicy(err error) (api.ResponseType, *string, bool) {
	var denied *ResourcePolicyDenied
	if !errors.As(err, &denied) {
		return "", nil, false
	}
	msg := denied.Message()
	return api.ResponseAccessDenied, &msg, true
}

// resourcePolicyText explains the resource policy's decision for the log
// line: "explicit deny by statement 1 (arn:...)", with SlashNote.
func (x *exchange) resourcePolicyText() string {
	evaluate := func(methodARN string) policy.Decision { return x.st.policy.EvaluateIn(methodARN, x.cond) }
	return x.resourcePolicy.String() + authorizer.SlashNote(x.methodARN, x.resourcePolicy, evaluate)
}

// conditions is the request's IAM context for Conditions in the resource
// policy and the authorizer's policy, built once per request (nil before
// routing). aws:SourceIp is the TCP peer, or with TrustForwardedFor the
// last X-Forwarded-For entry (sourceIP); apigw serves plain HTTP, so
// aws:SecureTransport is false.
func (g *Gateway) conditions(x *exchange) *policy.Context {
	if x.cond != nil {
		return x.cond
	}
	x.condBuf = policy.Context{
		SourceIP: g.sourceIP(x.req),
		Now:      g.now(x.req),
		Region:   g.cfg.Region,
	}
	x.condBuf.UserAgent, x.condBuf.HasUserAgent = x.req.Header("User-Agent")
	x.condBuf.Referer, x.condBuf.HasReferer = x.req.Header("Referer")
	x.cond = &x.condBuf
	return x.cond
}

// now is aws:CurrentTime: the configured clock's time, else the request's
// arrival.
func (g *Gateway) now(req *request.Request) time.Time {
	if g.cfg.Clock != nil {
		return g.cfg.Clock()
	}
	return req.ReceivedAt
}

// sourceIP is aws:SourceIp: the TCP peer's address; with
// TrustForwardedFor and an X-Forwarded-For header, its right-most entry,
// which the load balancer in front of apigw appended (the entries to its
// left come from the client and can be forged). An unparsable address is
// the zero Addr: unknown, which fails closed.
func (g *Gateway) sourceIP(req *request.Request) netip.Addr {
	s := req.SourceIP
	if g.cfg.TrustForwardedFor {
		if xff, ok := req.Header(request.HeaderForwardedFor); ok {
			s = strings.TrimSpace(xff[strings.LastIndexByte(xff, ',')+1:])
		}
	}
	if s == "" {
		return netip.Addr{} // no peer (in-process callers): unknown
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	return netip.Addr{}
}
