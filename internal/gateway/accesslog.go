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
)

// logRequest writes the one line per request: method, path, status,
// latency, for authorized routes the authorizer's explanation (never a
// raw token: the cache key appears only as its short hash), and the
// resource policy's decision when the API has one.
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
	if x.policyChecked {
		attrs = append(attrs, slog.String(logPolicy, x.resourcePolicyText()))
	}
	g.log.LogAttrs(nil, slog.LevelInfo, "request", attrs...)
}
