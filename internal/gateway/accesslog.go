package gateway

import (
	"context"
	"log/slog"
	"time"

	"github.com/apigw/apigw/internal/record"
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

// logRequest writes the one line per request, rendered from its record:
// method, path, status, latency, for authorized routes the authorizer's
// explanation (never a raw token: the cache key appears only as its short
// hash), and the resource policy's decision when the API has one; for a
// route not served, what it needs and where that is declared; for a route
// whose authorizer was skipped on request, that. The caller has checked
// that the log is enabled. apigw's text handler renders the line itself;
// any other handler gets it with no caller's pc (no handler of apigw's
// adds the source), as Logger.LogAttrs would give it less runtime.Callers
// and a second Enabled.
func (g *Gateway) logRequest(r *record.Record) {
	var buf [maxRequestAttrs]slog.Attr
	attrs, now := requestAttrs(buf[:0], r), time.Now()
	if h, ok := g.log.Handler().(*TextLogHandler); ok && fastKinds(attrs) {
		h.writeLine(now, requestMessage, attrs)
		return
	}
	line := slog.NewRecord(now, slog.LevelInfo, requestMessage, 0)
	line.AddAttrs(attrs...)
	_ = g.log.Handler().Handle(context.Background(), line) // as LogAttrs: a failed write is dropped
}

// requestMessage is the per-request line's message.
const requestMessage = "request"

// maxRequestAttrs bounds the attributes of the per-request line.
const maxRequestAttrs = 16

// requestAttrs appends the per-request line's attributes to attrs.
func requestAttrs(attrs []slog.Attr, r *record.Record) []slog.Attr {
	attrs = append(attrs,
		slog.String(logMethod, r.Method), slog.String(logPath, r.Path),
		slog.Int(logStatus, r.Status), slog.Duration(logLatency, r.Latency.Total),
		slog.String(logRequest, r.RequestID),
	)
	switch a := &r.Auth; {
	case a.Outcome == record.OutcomeSkipped:
		attrs = append(attrs, slog.String(logAuthName, a.Authorizer), slog.String(logAuth, authorizerSkippedText))
	case a.Explain != nil:
		h := a.Hash()
		attrs = append(attrs, slog.String(logAuthName, a.Authorizer), slog.String(logCache, a.Cache),
			slog.String(logKeyHash, h), slog.String(logAuth, explainText(a.Explain, h)))
	}
	if r.Unsupported != "" {
		attrs = append(attrs, slog.String(logUnsupported, r.Unsupported), slog.String(logDeclared, r.Declared))
	}
	if r.ResourcePolicy != "" {
		attrs = append(attrs, slog.String(logPolicy, r.ResourcePolicy))
	}
	if r.Preflight {
		attrs = append(attrs, slog.String(logCORS, preflightText))
	}
	return attrs
}

// keyedExplainer renders its explanation with a key hash the caller has
// already computed (authorizer.Explanation.Text).
type keyedExplainer interface{ Text(keyHash string) string }

// explainText is e's sentence, reusing keyHash (the line shows it too)
// instead of hashing the cache key a second time.
func explainText(e record.Explainer, keyHash string) string {
	if k, ok := e.(keyedExplainer); ok {
		return k.Text(keyHash)
	}
	return e.String()
}
