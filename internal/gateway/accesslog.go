package gateway

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
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
// that the log is enabled. apigw's text handler gets the line appended
// straight into its buffer; any other handler gets it as
// attributes with no caller's pc (no handler of apigw's adds the source),
// as Logger.LogAttrs would give it less runtime.Callers and a second
// Enabled. now is the line's time.
func (g *Gateway) logRequest(r *record.Record, now time.Time) {
	if h, ok := g.log.Handler().(*TextLogHandler); ok {
		l := beginLine(now, requestMessage)
		requestFields(l, r)
		h.endLine(l)
		return
	}
	g.logRequestAttrs(now, r)
}

// logRequestAttrs hands r's line to the log's handler as attributes.
func (g *Gateway) logRequestAttrs(now time.Time, r *record.Record) {
	s := attrSets.Get().(*slogAttrs)
	requestFields(s, r)
	line := slog.NewRecord(now, slog.LevelInfo, requestMessage, 0)
	line.AddAttrs(s.attrs...)
	clear(s.attrs)
	s.attrs = s.attrs[:0]
	attrSets.Put(s)
	_ = g.log.Handler().Handle(context.Background(), line) // as LogAttrs: a failed write is dropped
}

// requestMessage is the per-request line's message.
const requestMessage = "request"

// attrSets are the slog path's attribute slices, reused: slog.Record
// copies the attributes it is given.
var attrSets = sync.Pool{New: func() any { return &slogAttrs{attrs: make([]slog.Attr, 0, 16)} }}

// fieldSink takes the per-request line's fields in order: as slog
// attributes (slogAttrs) or as text in the handler's buffer (lineBuf).
type fieldSink interface {
	str(key, value string)
	int(key string, value int)
	dur(key string, value time.Duration)
	// explain takes the authorizer's explanation with its key hash.
	explain(key string, e record.Explainer, keyHash string)
}

// requestFields gives s the per-request line's fields.
func requestFields(s fieldSink, r *record.Record) {
	s.str(logMethod, r.Method)
	s.str(logPath, r.Path)
	s.int(logStatus, r.Status)
	s.dur(logLatency, r.Latency.Total)
	s.str(logRequest, r.RequestID)
	authFields(s, &r.Auth)
	if r.Unsupported != "" {
		s.str(logUnsupported, r.Unsupported)
		s.str(logDeclared, r.Declared)
	}
	if r.ResourcePolicy != "" {
		s.str(logPolicy, r.ResourcePolicy)
	}
	if r.Preflight {
		s.str(logCORS, preflightText)
	}
}

// authFields gives s the authorizer's part of the line.
func authFields(s fieldSink, a *record.Auth) {
	switch {
	case a.Outcome == record.OutcomeSkipped:
		s.str(logAuthName, a.Authorizer)
		s.str(logAuth, authorizerSkippedText)
	case a.Explain != nil:
		h := a.Hash()
		s.str(logAuthName, a.Authorizer)
		s.str(logCache, a.Cache)
		s.str(logKeyHash, h)
		s.explain(logAuth, a.Explain, h)
	}
}

// slogAttrs collects the fields as slog attributes.
type slogAttrs struct{ attrs []slog.Attr }

func (s *slogAttrs) str(k, v string)               { s.attrs = append(s.attrs, slog.String(k, v)) }
func (s *slogAttrs) int(k string, v int)           { s.attrs = append(s.attrs, slog.Int(k, v)) }
func (s *slogAttrs) dur(k string, v time.Duration) { s.attrs = append(s.attrs, slog.Duration(k, v)) }

func (s *slogAttrs) explain(k string, e record.Explainer, keyHash string) {
	s.str(k, explainText(e, keyHash))
}

// The text handler's fast path appends the fields to its line as slog's
// text handler writes them.

func (l *lineBuf) str(k, v string)     { l.b = appendTextString(appendKey(l.b, k), v) }
func (l *lineBuf) int(k string, v int) { l.b = strconv.AppendInt(appendKey(l.b, k), int64(v), 10) }
func (l *lineBuf) dur(k string, v time.Duration) {
	l.b = append(appendKey(l.b, k), v.String()...)
}

// appendKey appends " key=" for a key of the per-request line: one of
// requestLineKeys, all bare words, which slog writes as they are.
func appendKey(b []byte, k string) []byte {
	return append(append(append(b, ' '), k...), '=')
}

// requestLineKeys are the per-request line's keys.
var requestLineKeys = []string{logMethod, logPath, logStatus, logLatency, logRequest, logAuth, logAuthName,
	logKeyHash, logCache, logPolicy, logUnsupported, logDeclared, logCORS}

// explain appends the explanation straight into the line when e can
// render into a buffer (authorizer.Explanation.AppendText): no string of
// its own per request.
func (l *lineBuf) explain(k string, e record.Explainer, keyHash string) {
	a, ok := e.(textAppender)
	if !ok {
		l.str(k, explainText(e, keyHash))
		return
	}
	l.b = appendTextRendered(appendKey(l.b, k), a, keyHash)
}

// textAppender renders its explanation into a buffer
// (authorizer.Explanation.AppendText).
type textAppender interface {
	AppendText(dst []byte, keyHash string) []byte
}

// appendTextRendered appends a's text as appendTextString would: rendered
// after an opening quote, then closed when quoting it is all slog does (a
// sentence with spaces and no byte to escape: every usual explanation);
// otherwise rendered again through appendTextString from a copy.
func appendTextRendered(b []byte, a textAppender, keyHash string) []byte {
	n := len(b)
	b = a.AppendText(append(b, '"'), keyHash)
	if seen := classOf(b[n+1:]); seen&(textNonASCII|textEscaped) == 0 && seen&textQuoted != 0 {
		return append(b, '"')
	}
	return appendTextString(b[:n], string(b[n+1:]))
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
