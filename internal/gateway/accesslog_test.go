package gateway

import (
	"bytes"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/record"
)

// fakeExplanation is an Explainer with a key hash, rendering its sentence
// with a hash given (as authorizer.Explanation does).
type fakeExplanation struct{ sentence, hash string }

func (e fakeExplanation) String() string          { return e.Text(e.hash) }
func (e fakeExplanation) Text(hash string) string { return e.sentence + " (key " + hash + ")" }
func (e fakeExplanation) KeyHash() string         { return e.hash }
func (fakeExplanation) Statement() string         { return "" }
func (fakeExplanation) Allowed() []string         { return nil }

// plainExplanation is an Explainer with neither key hash nor Text.
type plainExplanation string

func (e plainExplanation) String() string  { return string(e) }
func (plainExplanation) Statement() string { return "" }
func (plainExplanation) Allowed() []string { return nil }

// requestLines renders r's line, at one time, through the text handler's
// fast path and through slog's own text handler.
func requestLines(r *record.Record) (fast, slow string) {
	var f, s bytes.Buffer
	now := time.Now()
	(&Gateway{log: slog.New(NewTextLogHandler(&f, nil))}).logRequest(r, now)
	(&Gateway{log: slog.New(slog.NewTextHandler(&s, nil))}).logRequest(r, now)
	return f.String(), s.String()
}

// TestRequestLineFastPathIsSlogs: the per-request line appended straight
// into the text handler's buffer has the bytes slog's text handler writes
// for the same record, for every shape of record.
func TestRequestLineFastPathIsSlogs(t *testing.T) {
	t.Parallel()
	base := record.Record{Method: "GET", Path: "/pets/7", Status: 200, RequestID: "c0ffee",
		Latency: record.Latency{Total: 1234567 * time.Nanosecond}}
	for _, tc := range []struct {
		name string
		edit func(r *record.Record)
	}{
		{"plain", func(*record.Record) {}},
		{"zero record", func(r *record.Record) { *r = record.Record{} }},
		{"quoted path", func(r *record.Record) { r.Path = "/a b/\"c\"/café\u00a0/\xff" }},
		{"negative latency", func(r *record.Record) { r.Latency.Total = -time.Second }},
		{"explained", func(r *record.Record) {
			r.Auth = record.Auth{Authorizer: "Tok", Outcome: record.OutcomeAllow, Cache: "hit",
				Explain: fakeExplanation{"200 allow: statement 1 allows arn:*", "ab12cd"}}
		}},
		{"explained without hash", func(r *record.Record) {
			r.Auth = record.Auth{Authorizer: "Tok", Outcome: record.OutcomeDeny, Cache: "miss",
				Explain: plainExplanation("403 implicit deny\tnothing \"matched\"")}
		}},
		{"skipped", func(r *record.Record) {
			r.Auth = record.Auth{Authorizer: "Tok", Outcome: record.OutcomeSkipped}
		}},
		{"unsupported", func(r *record.Record) { r.Unsupported, r.Declared = "AWS_IAM auth", "template.yaml:12" }},
		{"resource policy and preflight", func(r *record.Record) {
			r.ResourcePolicy, r.Preflight = "allowed by statement 1", true
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := base
			tc.edit(&r)
			fast, slow := requestLines(&r)
			if fast != slow {
				t.Errorf("fast path wrote\n%q\nslog writes\n%q", fast, slow)
			}
		})
	}
}

// BenchmarkLogRequest measures the per-request line of a request allowed
// by a cached TOKEN authorizer, written by apigw's text handler and by
// slog's JSON handler (the other handler start-api wires).
func BenchmarkLogRequest(b *testing.B) {
	r := &record.Record{Method: "GET", Path: "/pets/7", Status: 200, RequestID: newRequestID(),
		Latency: record.Latency{Total: 1234567 * time.Nanosecond},
		Auth: record.Auth{Authorizer: "TokenAuth", Outcome: record.OutcomeAllow, Cache: "hit",
			Explain: &authorizer.Explanation{Status: 200, Cache: authorizer.CacheHit,
				MethodARN: "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/7"}}}
	for _, bc := range []struct {
		name string
		h    slog.Handler
	}{
		{"apigw-text", NewTextLogHandler(io.Discard, nil)},
		{"slog-json", slog.NewJSONHandler(io.Discard, nil)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			g := &Gateway{log: slog.New(bc.h)}
			b.ReportAllocs()
			for b.Loop() {
				g.logRequest(r, time.Now())
			}
		})
	}
}

// TestRequestLineKeysBare: every key of the per-request line is a word
// slog writes as it is, so the fast path appends keys without checking.
func TestRequestLineKeysBare(t *testing.T) {
	t.Parallel()
	for _, k := range requestLineKeys {
		if got := string(appendTextString(nil, k)); got != k || k == "" {
			t.Fatalf("key %q is written as %q; want it bare", k, got)
		}
	}
}
