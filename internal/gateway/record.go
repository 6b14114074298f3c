package gateway

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/record"
)

// Recorder receives the record of every request once it is answered (the
// history ring, metrics, access logs). Add runs on the request's
// goroutine, so it must be quick; it must not keep r after it returns
// (the gateway owns it) nor change it.
type Recorder interface {
	Add(r *record.Record)
}

// recording reports whether anyone reads the records: a Recorder or the
// log. Without one, Serve fills none.
func (g *Gateway) recording() bool {
	return g.cfg.Recorder != nil || g.logs()
}

// logs reports whether the log takes the per-request line.
func (g *Gateway) logs() bool { return g.log.Enabled(context.Background(), slog.LevelInfo) }

// finish adds the request ids to resp and, when recording, records the
// request.
func (g *Gateway) finish(x *exchange, resp *Response) {
	addIDs(x, resp)
	if x.recording {
		g.record(x, resp)
	}
}

// record fills the exchange's Record from the answered request and hands
// it to the Recorder, then to the log line. Strings are shared with the
// request and the template; the explanation and the key hash are rendered
// only when read. The Record is reused with the exchange: a Recorder keeps
// no pointer to the one it is given.
func (g *Gateway) record(x *exchange, resp *Response) {
	r := &x.rec
	elapsed := x.since() // the total latency, and the log line's time: one clock read
	x.fillRecord(r, resp, elapsed)
	if g.cfg.Recorder != nil { // before the log line: once it is read, the record is kept and written
		g.cfg.Recorder.Add(r)
	}
	if g.logs() {
		g.logRequest(r, x.base.Add(elapsed))
	}
}

// fillRecord fills r from the answered request, elapsed (since) after it
// arrived.
func (x *exchange) fillRecord(r *record.Record, resp *Response, elapsed time.Duration) {
	req := x.req
	r.RequestID, r.ExtendedRequestID = req.RequestID, cmp.Or(x.extendedID, req.RequestID)
	r.Time, r.Method, r.Path = req.ReceivedAt, req.Method, req.Path
	r.Status, r.SourceIP, r.ResponseLength = resp.StatusCode, req.SourceIP, len(resp.Body)
	r.Host, r.Protocol, r.ErrorType = req.Host, req.Protocol, string(x.errorType)
	if x.errorType != "" {
		r.ErrorMessage = x.errorText(resp.StatusCode)
	}
	r.UserAgent, _ = req.Header("User-Agent")
	if !req.ReceivedAt.IsZero() {
		r.Latency.Total = elapsed
	}
	r.Latency.Authorizer, r.Latency.Integration = x.authLatency, x.integrationLatency
	if st := x.st; st != nil {
		r.API, r.APIID, r.Stage = st.api.LogicalID, st.api.ID, st.api.Stage
	}
	if x.route != nil {
		rs := x.routeState()
		r.Route, r.Integration = rs.routeKey, x.invocation
		r.Integration.Kind, r.Integration.Function = rs.kind, rs.function
	}
	x.recordAuth(&r.Auth)
	if u := x.unsupported; u != nil {
		r.Unsupported, r.Declared = u.gap.What, u.where
	}
	if x.policyChecked {
		r.ResourcePolicy = x.resourcePolicyText()
	}
	r.Preflight = x.preflightAnswered
}

// errorText is $context.error.message of the gateway response sent: the
// authorizer's or the type's message ("" for a null one); an HTTP API's is
// its status text, as its body says (V-7).
func (x *exchange) errorText(status int) string {
	switch {
	case x.isHTTP():
		return http.StatusText(status)
	case x.errorMessage != nil:
		return *x.errorMessage
	}
	if rr := defaultResponses.byType[x.errorType]; rr != nil && rr.message != nil {
		return *rr.message
	}
	return ""
}

// recordAuth fills the authorizer's part of the record.
func (x *exchange) recordAuth(a *record.Auth) {
	switch {
	case x.authorizerSkipped:
		a.Authorizer, a.Outcome = x.route.Authorizer, record.OutcomeSkipped
	case x.auth.decided():
		v := &x.auth
		a.Authorizer, a.Outcome, a.Principal, a.Context = v.name, outcomeOf(&v.Verdict), v.PrincipalID, v.Context
		if v.Explanation != nil {
			a.Cache, a.Explain = v.Explanation.CacheStatus(), v.Explanation
		}
	}
}

// outcomeOf names a verdict's outcome by the response it gives.
func outcomeOf(v *Verdict) string {
	switch {
	case v.allows():
		return record.OutcomeAllow
	case v.Response == api.ResponseAccessDenied:
		return record.OutcomeDeny
	case v.Response == api.ResponseUnauthorized:
		return record.OutcomeUnauthorized
	}
	return record.OutcomeError
}

// integrationKinds names each integration type in records.
var integrationKinds = map[api.IntegrationType]string{
	api.IntegrationLambdaProxy: record.KindLambda,
	api.IntegrationHTTPProxy:   record.KindHTTP,
	api.IntegrationMock:        record.KindMock,
}
