package gateway

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/record"
	"github.com/apigw/apigw/internal/request"
	"github.com/apigw/apigw/internal/router"
)

// errStage: with --stage-prefix, the path does not start with a served stage.
var errStage = errors.New("path is not under a served stage")

// exchange is one request's state through the pipeline. Exchanges are
// pooled (exchanges): Serve owns one from the start of the request until
// it returns, then clears it and puts it back, so nothing may keep a
// pointer into an exchange (or into its fields: condBuf, invocation,
// authz, rec) past Serve. What outlives the request is copied out first: the
// Record takes values and shared strings, the Response answered has
// memory of its own (the caller's), an authorizer copies the IAM context
// it keeps; the strings carved from strs are the request's, not the
// exchange's, and may be kept.
type exchange struct {
	req   *request.Request
	st    *apiState
	route *api.Route
	rs    *routeState // route's state, once looked up (routeState)
	auth  authResult  // the route authorizer's verdict, once it has decided
	// arnPath is the decoded request path (router.RequestPath, without the
	// stage): the path part of the method ARN, trailing slashes kept (P-1).
	arnPath string
	// methodARN caches the method ARN once built.
	methodARN string
	// resourcePolicy is the API's resource policy decision, when
	// policyChecked: the API has one and the request reached it.
	resourcePolicy policy.Decision
	policyChecked  bool
	// cond is the request's IAM context for policy Conditions, once built
	// (conditions); it points at condBuf.
	cond    *policy.Context
	condBuf policy.Context
	// authorizerSkipped: the route's authorizer was not run
	// (--disable-authorizer).
	authorizerSkipped bool
	// unsupported is the failure of a route apigw cannot serve yet, once
	// it ended the request.
	unsupported *unsupportedError
	// recording: someone reads the request's record (decided once, in
	// Serve). What the record needs that the pipeline learns on the way:
	// the latency split (timed only when recording), the response type of
	// an error, x-amz-apigw-id and what the function reported.
	recording                       bool
	authLatency, integrationLatency time.Duration
	// base is what the latencies are timed from (since): the request's
	// arrival. authorized is since's reading when the authorizer
	// answered (when recording): the end of its latency and the start of
	// the integration's.
	base         time.Time
	authorized   time.Duration
	errorType    api.ResponseType
	errorMessage *string // nil: the type's default
	// extendedID is x-amz-apigw-id, made with the request id (newIDs).
	extendedID string
	invocation record.Integration
	// authz is what the integration learns of the verdict
	// (integrationAuth); the integration reads it only while it serves.
	authz integration.Authorization
	// rec is the request's record, when recording (Gateway.record).
	rec record.Record
	// strs holds the request's strings that outlive it (requestStrings):
	// the exchange appends to it, and release drops it, never reusing it.
	strs requestStrings
	// preflight is the HTTP API that answers this CORS preflight when no
	// route takes it (cors.go); preflightAnswered once it did.
	preflight         *apiState
	preflightAnswered bool
}

// exchanges are the pipeline's exchanges, reused: one per request in
// flight.
var exchanges = sync.Pool{New: func() any { return new(exchange) }}

// newExchange is a cleared exchange for req, from the pool.
func newExchange(req *request.Request, recording bool) *exchange {
	x := exchanges.Get().(*exchange)
	x.req, x.recording = req, recording
	return x
}

// release clears x and pools it; x must not be used afterwards.
func (x *exchange) release() {
	*x = exchange{}
	exchanges.Put(x)
}

// Serve runs the pipeline of PIPE-1 for req, whose raw (percent-encoded)
// path is rawPath: route, resource policy, authorize, integrate. It always
// returns a response, of its own; every error becomes a gateway response
// here.
func (g *Gateway) Serve(ctx context.Context, req *request.Request, rawPath []byte) *Response {
	out := new(Response)
	g.serveInto(ctx, req, rawPath, requestStrings{}, out)
	return out
}

// serveInto is Serve answering into out (Response.answer: out's header
// memory is reused) with the request's strings carved from strs (nil: a
// buffer of stringsRoom), for the front end, which pools out and hands
// over strs with the request's header block in it.
func (g *Gateway) serveInto(ctx context.Context, req *request.Request, rawPath []byte, strs requestStrings, out *Response) {
	x := newExchange(req, g.recording())
	defer x.release()
	if x.strs = strs; strs.b == nil {
		x.strs = withRoom(g.stringsRoom(len(req.Method), len(rawPath)))
	}
	req.RequestID, x.extendedID = x.strs.newIDs()
	path := x.strs.add(rawPath)
	req.Path = router.RequestPath(path)
	resp, err := g.safePipeline(ctx, x, path)
	if err != nil {
		if resp = g.preflight(x, err); resp == nil {
			resp = g.errorResponse(x, err)
		}
	}
	out.answer(resp)
	addCors(x, out)
	g.finish(x, out)
}

// errPanic: a stage panicked (a bug, or an in-process function); the
// request fails closed with a 500 and the server keeps serving.
var errPanic = errors.New("panic while serving the request")

func (g *Gateway) safePipeline(ctx context.Context, x *exchange, rawPath string) (resp *Response, err error) {
	defer func() {
		if r := recover(); r != nil {
			g.log.Error("panic", slog.String(logRequest, x.req.RequestID), slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
			resp, err = nil, fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	return g.pipeline(ctx, x, rawPath)
}

func (g *Gateway) pipeline(ctx context.Context, x *exchange, rawPath string) (*Response, error) {
	if err := g.route(x, rawPath); err != nil {
		return nil, err
	}
	if err := g.checkResourcePolicy(x); err != nil {
		return nil, err
	}
	if err := x.combineResourcePolicy(g.authorize(ctx, x)); err != nil {
		return nil, err
	}
	return g.integrate(ctx, x)
}

// route refuses a path no route may see (BAD-3: dot segments, bad escapes;
// before routing, so no authorizer or function runs), then finds the API
// and route (PIPE-2: before any authorizer) and fills what routing adds to
// the request. On error the request belongs to the first API, whose
// gateway responses answer it.
func (g *Gateway) route(x *exchange, rawPath string) error {
	err := router.CheckPath(rawPath)
	if err == nil {
		if err = g.match(x, router.RequestPath(rawPath)); err == nil {
			return nil
		}
	}
	if x.st = g.fallbackAPI(); x.st != nil {
		g.fillAPI(x, x.st)
	}
	return err
}

// match finds the route that takes the request: within an API its
// router's; across the APIs of one listener the most specific of theirs
// (outranks), the first API's on a tie.
func (g *Gateway) match(x *exchange, path string) error {
	var firstErr error
	var best candidate
	for _, st := range g.apis {
		p, ok := g.apiPath(st, path)
		if !ok {
			firstErr = cmpErr(firstErr, errStage)
			continue
		}
		buf := x.req.PathParams // the first match fills the request's buffer; later ones their own
		if best.st != nil {
			buf = nil
		}
		r, params, err := st.router.Match(x.req.Method, p, buf)
		if err != nil {
			x.notePreflight(st)
			firstErr = cmpErr(firstErr, err)
			continue
		}
		if best.st == nil || outranks(r, best.route) {
			best = candidate{st, r, params, p}
		}
	}
	if best.st == nil {
		return cmp.Or(firstErr, router.ErrNoRoute) // no API at all: ErrNoRoute
	}
	x.st, x.route = best.st, best.route
	g.fillRouted(x, best.st, best.route, best.params, best.path)
	return nil
}

// candidate is one API's match of a request.
type candidate struct {
	st     *apiState
	route  *api.Route
	params []request.Field
	path   string
}

// apiPath is path as st routes it: without the stage (stagePath), and with
// an HTTP API's repeated slashes collapsed.
func (g *Gateway) apiPath(st *apiState, path string) (string, bool) {
	p, ok := g.stagePath(st, path)
	if ok && st.api.IsHTTP() {
		p = collapseSlashes(p)
	}
	return p, ok
}

// cmpErr keeps the most telling routing error across APIs: a bad path,
// then a miss inside a served stage, then a path outside every stage.
func cmpErr(have, next error) error {
	if have == nil || routeErrRank(next) > routeErrRank(have) {
		return next
	}
	return have
}

func routeErrRank(err error) int {
	switch {
	case errors.Is(err, router.ErrBadPath):
		return 2
	case errors.Is(err, router.ErrNoRoute):
		return 1
	}
	return 0
}

func (g *Gateway) fallbackAPI() *apiState {
	if len(g.apis) == 0 {
		return nil
	}
	return g.apis[0]
}

// stagePath strips "/{stage}" when --stage-prefix is on; the slashes right
// after the stage collapse to one (L-9: "/prod//pets" is "/pets"). An
// HTTP API's $default stage has no stage segment (V-11).
func (g *Gateway) stagePath(st *apiState, path string) (string, bool) {
	if !g.cfg.StagePrefix || (st.api.IsHTTP() && st.api.Stage == api.DefaultStage) {
		return path, true
	}
	rest, ok := strings.CutPrefix(path, "/"+st.api.Stage)
	if !ok || (rest != "" && rest[0] != '/') {
		return "", false
	}
	if rest == "" {
		return "/", true
	}
	return router.RequestPath(rest), true
}

// fillRouted records the route. path is the one path string the event,
// the backend URI and the method ARN come from (section 11): percent-encoded
// as sent in the event (L-1), decoded in the ARN (P-1), "//" and trailing
// slashes kept in both (L-9, P-1).
func (g *Gateway) fillRouted(x *exchange, st *apiState, r *api.Route, params []request.Field, path string) {
	req := x.req
	req.PathParams = params
	req.Path = path
	x.arnPath = decodedPath(path)
	g.fillAPI(x, st)
	req.Resource, req.ResourceID = r.Path, x.routeState().resourceID
	if r.IsDefault() {
		req.Resource = api.RouteKeyDefault
	}
}

func (g *Gateway) integrate(ctx context.Context, x *exchange) (*Response, error) {
	rs := x.routeState()
	if rs.unsupported != nil {
		return nil, rs.unsupported
	}
	if !x.recording {
		return rs.serve(ctx, x)
	}
	if rs.kind == record.KindLambda {
		ctx = record.WithInvocation(ctx, &x.invocation)
	}
	start := x.authorized // the authorizer's end: one reading for both latencies
	if start == 0 {
		start = x.since()
	}
	resp, err := rs.serve(ctx, x)
	x.integrationLatency = x.since() - start
	if err == nil {
		x.invocation.Status = resp.StatusCode
	}
	return resp, err
}

// routeState is the state of x's route, looked up once per request.
func (x *exchange) routeState() *routeState {
	if x.rs == nil {
		x.rs = x.st.routes[x.route]
	}
	return x.rs
}

// since is the time since the request arrived, on the monotonic clock:
// the request's latencies are differences of its readings, one clock
// read each (time.Since reads the monotonic clock only, time.Now the wall
// clock too). A request without an arrival time (an in-process caller's)
// is timed from since's first reading.
func (x *exchange) since() time.Duration {
	if x.base.IsZero() {
		if x.base = x.req.ReceivedAt; x.base.IsZero() {
			x.base = time.Now()
			return 0
		}
	}
	return time.Since(x.base)
}

// serve calls the route's integration. Its answer is the Response as is
// (the two types have the same fields): Response.answer copies what the
// gateway adds to.
func (rs *routeState) serve(ctx context.Context, x *exchange) (*Response, error) {
	resp, err := rs.integration.Serve(ctx, x.req, x.integrationAuth())
	if err != nil {
		return nil, err
	}
	return (*Response)(resp), nil
}

// methodARN builds this request's method ARN (P-1) from the actual verb and
// the actual path, once per request, into the request's strings: the
// explanation of the authorizer's decision keeps it.
func (g *Gateway) methodARN(x *exchange) (string, error) {
	if x.methodARN != "" {
		return x.methodARN, nil
	}
	start := len(x.strs.b)
	b, err := g.appendMethodARN(x.strs.b, x)
	x.methodARN = x.strs.take(b, start) // "" on error: b is then x.strs.b unchanged
	return x.methodARN, err
}

// appendMethodARN appends x's method ARN to dst, from the stage's
// arnBase when it has one.
func (g *Gateway) appendMethodARN(dst []byte, x *exchange) ([]byte, error) {
	if b := x.st.arnBase; b != nil {
		return b.AppendMethodARN(dst, x.req.Method, x.arnPath)
	}
	return arn.AppendMethodARN(dst, g.cfg.Region, g.cfg.AccountID, x.st.api.ID, x.st.api.Stage, x.req.Method, x.arnPath)
}

// fillAPI sets what the request knows of its API, route or not.
func (g *Gateway) fillAPI(x *exchange, st *apiState) {
	req := x.req
	req.APIID, req.AccountID, req.Region = st.api.ID, g.cfg.AccountID, g.cfg.Region
	req.DeploymentID = st.deploymentID
	req.Stage, req.StageVariables = st.api.Stage, st.api.StageVariables
	if st.api.IsHTTP() {
		x.httpRequestID()
	}
}
