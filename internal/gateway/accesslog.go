package gateway

import (
	"log/slog"
	"time"
)

// Log attribute names of the per-request line.
const (
	logMethod   = "method"
	logPath     = "path"
	logStatus   = "status"
	logLatency  = "latency"
	logRequest  = "requestId"
	logAuth     = "auth"
	logAuthName = "authorizer"
	logKeyHash  = "keyHash"
	logCache    = "cache"
	logPolicy   = "resourcePolicy"
	// logUnsupported and logDeclared: what a route not served needs, and
	// where the template declares it.
	logUnsupported = "unsupported"
	logDeclared    = "declared"
)

// authorizerSkippedText is the auth attribute of every request whose
// route's authorizer was not run.
const authorizerSkippedText = "not run: --disable-authorizer serves every route without its authorizer"

// logRequest writes the one line per request: method, path, status,
// latency, for authorized routes the authorizer's explanation (never a
// raw token: the cache key appears only as its short hash), and the
// resource policy's decision when the API has one; for a route not
// served, what it needs and where that is declared; for a route whose
// authorizer was skipped on request, that.
func (g *Gateway) logRequest(x *exchange, resp *Response) {
	if !g.log.Enabled(nil, slog.LevelInfo) {
		return
	}
	attrs := []slog.Attr{
		slog.String(logMethod, x.req.Method), slog.String(logPath, x.req.Path),
		slog.Int(logStatus, resp.StatusCode), slog.Duration(logLatency, time.Since(x.req.ReceivedAt)),
		slog.String(logRequest, x.req.RequestID),
	}
	if x.auth.Explanation != nil {
		e := x.auth.Explanation
		attrs = append(attrs, slog.String(logAuthName, x.auth.name), slog.String(logCache, e.CacheStatus()),
			slog.String(logKeyHash, e.KeyHash()), slog.String(logAuth, e.String()))
	}
	if x.authorizerSkipped {
		attrs = append(attrs, slog.String(logAuthName, x.route.Authorizer), slog.String(logAuth, authorizerSkippedText))
	}
	if u := x.unsupported; u != nil {
		attrs = append(attrs, slog.String(logUnsupported, u.gap.What), slog.String(logDeclared, u.where))
	}
	if x.policyChecked {
		attrs = append(attrs, slog.String(logPolicy, x.resourcePolicyText()))
	}
	if x.preflightAnswered {
		attrs = append(attrs, slog.String(logCORS, preflightText))
	}
	g.log.LogAttrs(nil, slog.LevelInfo, "request", attrs...)
}
