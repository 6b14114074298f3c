package request

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// arrival is 2026-11-26T04:15:39Z: 0x6b07b26b seconds after the epoch.
var arrival = time.Date(2026, time.November, 26, 4, 15, 39, 0, time.UTC)

const (
	fullTrace = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1"
	rootOnly  = "Root=1-3152b799-8954dae64eda91bc9a23a7e8"
)

func TestTraceID(t *testing.T) {
	t.Parallel()
	generated := regexp.MustCompile(`^Root=1-6b07b26b-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$`)
	tests := []struct {
		name    string
		headers []Field
		want    *regexp.Regexp
	}{
		{"L-8 full trace kept as sent (lower-case header name)", []Field{{"x-amzn-trace-id", fullTrace}}, exactly(fullTrace)},
		{"L-8 Root only gets a generated Parent as second part", []Field{{"X-Amzn-Trace-Id", rootOnly}},
			regexp.MustCompile(`^` + rootOnly + `;Parent=[0-9a-f]{16};Sampled=0$`)},
		{"L-8 Root and Sampled: Parent inserted, Sampled kept", []Field{{"X-Amzn-Trace-Id", rootOnly + "; Sampled=1;Lineage=a"}},
			regexp.MustCompile(`^` + rootOnly + `;Parent=[0-9a-f]{16};Sampled=1;Lineage=a$`)},
		{"L-8 Parent first, Root later: kept as sent", []Field{{"X-Amzn-Trace-Id", "Parent=7fa8c0f79203be72;" + rootOnly}}, exactly("Parent=7fa8c0f79203be72;" + rootOnly)},
		{"L-8 none sent: generated Root with the arrival epoch", nil, generated},
		{"L-8 no Root part: generated", []Field{{"X-Amzn-Trace-Id", "Parent=7fa8c0f79203be72;Sampled=1"}}, generated},
		{"L-8 empty Root: generated", []Field{{"X-Amzn-Trace-Id", "Root="}}, generated},
		{"L-8 empty header: generated", []Field{{"X-Amzn-Trace-Id", ""}}, generated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &Request{Headers: tt.headers, ReceivedAt: arrival}
			got := r.TraceID()
			if !tt.want.MatchString(got) {
				t.Errorf("TraceID() = %q; want a match for %s", got, tt.want)
			}
			if again := r.TraceID(); again != got {
				t.Errorf("second TraceID() = %q; want the first value %q (computed once per request)", again, got)
			}
			first := &Request{Headers: tt.headers, ReceivedAt: arrival}
			appended := string(first.AppendAddedValue(nil, HeaderTraceID))
			if !tt.want.MatchString(appended) || first.TraceID() != appended {
				t.Errorf("appended first %q, then TraceID() = %q; want one value matching %s", appended, first.TraceID(), tt.want)
			}
		})
	}
}

// TestGeneratedTraceAppendsWithoutAllocating: a backend's trace header,
// when generated, is appended without a string of its own.
func TestGeneratedTraceAppendsWithoutAllocating(t *testing.T) {
	buf := make([]byte, 0, 128)
	if n := testing.AllocsPerRun(100, func() {
		r := Request{ReceivedAt: arrival}
		buf = r.AppendAddedValue(buf[:0], HeaderTraceID)
	}); n != 0 {
		t.Fatalf("%v allocations per generated trace appended; want 0", n)
	}
}

func exactly(s string) *regexp.Regexp { return regexp.MustCompile(`^` + regexp.QuoteMeta(s) + `$`) }

func TestTraceIDDiffersPerRequest(t *testing.T) {
	t.Parallel()
	a, b := (&Request{ReceivedAt: arrival}).TraceID(), (&Request{ReceivedAt: arrival}).TraceID()
	if a == b {
		t.Errorf("two requests without a trace: both got %q; want different random parts", a)
	}
	ra, rb := (&Request{Headers: []Field{{HeaderTraceID, rootOnly}}}).TraceID(), (&Request{Headers: []Field{{HeaderTraceID, rootOnly}}}).TraceID()
	if ra == rb {
		t.Errorf("two Root-only requests: both got %q; want different generated Parents", ra)
	}
}

func FuzzTraceID(f *testing.F) {
	for _, s := range []string{fullTrace, rootOnly, "", "Root=", ";;", "Root=a;Root=b", "Sampled=1;Root=x;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sent string) {
		got := (&Request{Headers: []Field{{HeaderTraceID, sent}}, ReceivedAt: arrival}).TraceID()
		usable := sent
		if !ValidHeaderValue(sent) {
			usable = "" // a value with control characters is not used at all
		}
		root, hasParent := traceRootOf(usable)
		switch {
		case root != "" && hasParent && got != sent:
			t.Fatalf("TraceID(%q) = %q; want the value as sent", sent, got)
		case root != "" && !hasParent && !strings.HasPrefix(got, root+";"+traceParent):
			t.Fatalf("TraceID(%q) = %q; want %q then a Parent", sent, got, root)
		case root == "" && !strings.HasPrefix(got, "Root=1-6b07b26b-"):
			t.Fatalf("TraceID(%q) = %q; want a generated Root", sent, got)
		}
		if strings.ContainsAny(got, "\r\n") && !strings.ContainsAny(sent, "\r\n") {
			t.Fatalf("TraceID(%q) = %q: a line break the client did not send", sent, got)
		}
	})
}

// BenchmarkTraceID is the per-request cost of the trace header when the
// client sent none (one generated value; later calls are free).
func BenchmarkTraceID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r := Request{ReceivedAt: arrival}
		_ = r.TraceID()
	}
}
