package gateway

import (
	"testing"
	"time"

	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/policy"
	"github.com/apigw/apigw/internal/record"
)

// TestRequestLineAppendsExplanation: the text handler's fast path renders
// an authorizer's explanation straight into the line (AppendText) with
// the bytes slog's text handler writes for its Text, whatever the
// explanation holds: the usual quoted sentence, and the rare ones that
// slog escapes (quotes, backslashes, control bytes, non-ASCII, invalid
// UTF-8) or would not quote.
func TestRequestLineAppendsExplanation(t *testing.T) {
	t.Parallel()
	const arnBase = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET"
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	hit := func(path string) *authorizer.Explanation {
		return &authorizer.Explanation{Status: 200, Cache: authorizer.CacheHit, Source: "GET /pets", StoredAt: at.Add(-time.Minute),
			TTL: 300 * time.Second, At: at, MethodARN: arnBase + path,
			Decision: policy.Decision{Effect: policy.Allow, Pattern: "arn:aws:execute-api:*"}}
	}
	failed := func(msg string) *authorizer.Explanation {
		return &authorizer.Explanation{Status: 500, At: at, MethodARN: arnBase + "/pets", Failure: msg}
	}
	for _, tc := range []struct {
		name string
		ex   *authorizer.Explanation
		hash string
	}{
		{"cached allow", hit("/pets"), "ab12cd34ef56"},
		{"cached allow without a hash", hit("/pets"), ""},
		{"a quote in the path", hit(`/pe"ts`), "ab12cd34ef56"},
		{"a backslash in the path", hit(`/pe\ts`), "ab12cd34ef56"},
		{"non-ASCII in the path", hit("/café\u00a0"), "ab12cd34ef56"},
		{"invalid UTF-8 in the path", hit("/\xff\xfe"), "ab12cd34ef56"},
		{"a failure with a newline and a tab", failed("the function failed with \"x\n\ty\""), "ab12cd34ef56"},
		{"a failure with a control byte", failed("bad\x01byte"), ""},
		{"a failure with DEL", failed("bad\x7fbyte"), ""},
		{"a failure with '='", failed("a=b"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := record.Record{Method: "GET", Path: "/pets", Status: tc.ex.Status, RequestID: "c0ffee",
				Auth: record.Auth{Authorizer: "Tok", Outcome: record.OutcomeAllow, Cache: "hit", KeyHash: tc.hash, Explain: tc.ex}}
			fast, slow := requestLines(&r)
			if fast != slow {
				t.Errorf("fast path wrote\n%q\nslog writes\n%q", fast, slow)
			}
			want := string(appendTextString([]byte("x="), tc.ex.Text(tc.hash)))
			if got := string(appendTextRendered([]byte("x="), tc.ex, tc.hash)); got != want {
				t.Errorf("appendTextRendered:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestAppendTextRenderedBare: a value slog writes bare (no byte it quotes)
// or as "" (empty) comes out as appendTextString writes it.
func TestAppendTextRenderedBare(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, text string }{
		{"bare", "ok"},
		{"empty", ""},
		{"bare non-ASCII", "café"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want := string(appendTextString([]byte("x="), tc.text))
			if got := string(appendTextRendered([]byte("x="), fixedText(tc.text), "")); got != want {
				t.Errorf("got %q; want %q", got, want)
			}
		})
	}
}

// fixedText renders a fixed text, whatever the key hash.
type fixedText string

func (f fixedText) AppendText(dst []byte, _ string) []byte { return append(dst, f...) }
