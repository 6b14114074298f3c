package gateway

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"
)

// slogLine is what slog's own text handler writes for an INFO line.
func slogLine(t time.Time, msg string, attrs []slog.Attr) string {
	var out bytes.Buffer
	r := slog.NewRecord(t, slog.LevelInfo, msg, 0)
	r.AddAttrs(attrs...)
	_ = slog.NewTextHandler(&out, nil).Handle(context.Background(), r)
	return out.String()
}

// fastLine is what TextLogHandler's fast path writes for it.
func fastLine(t time.Time, msg string, attrs []slog.Attr) string {
	var out bytes.Buffer
	NewTextLogHandler(&out, nil).writeLine(t, msg, attrs)
	return out.String()
}

// TestTextLogHandlerWritesSlogsBytes: the fast path renders values byte
// for byte as slog's text handler, quoting and escaping included.
func TestTextLogHandlerWritesSlogsBytes(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 6, 1, 2, 3, 4_567_891, time.FixedZone("x", 3600))
	for _, tc := range []struct{ name, value string }{
		{"bare", "GET"},
		{"empty", ""},
		{"space", "allowed by statement 1"},
		{"equals", "a=b"},
		{"quote", `say "hi"`},
		{"lone backslash", `a\b`},
		{"backslash and space", `a\ b`},
		{"tab", "a\tb"},
		{"newline", "a\nb"},
		{"delete", "a\x7fb"},
		{"latin", "café"},
		{"latin and space", "café au lait"},
		{"no-break space", "a\u00a0b"},
		{"line separator", "a\u2028b"},
		{"invalid utf-8", "a\xffb"},
		{"emoji", "ok 👍"},
		{"control only", "\x01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			attrs := []slog.Attr{slog.String("path", tc.value), slog.String(tc.value+"k", "v")}
			if got, want := fastLine(at, "request", attrs), slogLine(at, "request", attrs); got != want {
				t.Errorf("fast path wrote\n%q\nslog writes\n%q", got, want)
			}
		})
	}
}

// TestTextLogHandlerNumbers: ints and durations as slog writes them.
func TestTextLogHandlerNumbers(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	attrs := []slog.Attr{slog.Int("status", 200), slog.Int("n", -7), slog.Duration("latency", 1234567*time.Nanosecond),
		slog.Duration("zero", 0)}
	if got, want := fastLine(at, "request", attrs), slogLine(at, "request", attrs); got != want {
		t.Errorf("fast path wrote\n%q\nslog writes\n%q", got, want)
	}
}

func FuzzTextLogLine(f *testing.F) {
	f.Add("GET", "/pets/7", int64(200), int64(1500))
	f.Add(`a\ b`, "café au lait", int64(-1), int64(0))
	f.Add("", "\xff\u2028\"", int64(0), int64(-5))
	f.Fuzz(func(t *testing.T, key, value string, n, d int64) {
		at := time.Unix(0, d).UTC()
		attrs := []slog.Attr{slog.String("m", value), slog.String(key, key), slog.Int64("s", n), slog.Duration("l", time.Duration(d))}
		if got, want := fastLine(at, value, attrs), slogLine(at, value, attrs); got != want {
			t.Errorf("fast path wrote\n%q\nslog writes\n%q", got, want)
		}
	})
}

// TestTextLogHandlerOtherLines: lines other than the request's, and
// derived handlers, are slog's own.
func TestTextLogHandlerOtherLines(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	log := slog.New(NewTextLogHandler(&out, nil)).With("api", "Pets")
	log.Warn("slow", "n", 3)
	if got := out.String(); !bytes.Contains([]byte(got), []byte(`level=WARN msg=slow api=Pets n=3`)) {
		t.Errorf("got %q", got)
	}
	if _, ok := log.Handler().(*TextLogHandler); ok {
		t.Error("a derived handler must not take the fast path (it would lose its attributes)")
	}
}

// TestRFC3339MillisOncePerSecond: the time written from the second's
// stamp is the one time's formatter writes, across milliseconds, seconds,
// zones and years, in any order.
func TestRFC3339MillisOncePerSecond(t *testing.T) {
	t.Parallel()
	zones := []*time.Location{time.UTC, time.Local, time.FixedZone("plus", 3600), time.FixedZone("minus", -(5*3600 + 1800))}
	base := time.Date(2026, 12, 6, 23, 59, 58, 0, time.UTC)
	var times []time.Time
	for _, ns := range []int{0, 1, 999_999, 1_000_000, 123_456_789, 999_999_999} {
		for _, sec := range []int{0, 1, 2} {
			for _, z := range zones {
				times = append(times, base.Add(time.Duration(sec)*time.Second+time.Duration(ns)).In(z))
			}
		}
	}
	times = append(times, time.Date(10000, 1, 1, 0, 0, 0, 5e6, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 999e6, time.UTC), time.Time{})
	for i, at := range times {
		got, want := string(appendRFC3339Millis(nil, at)), string(formatRFC3339Millis(nil, at))
		if got != want {
			t.Fatalf("#%d %v: got %q; want %q", i, at, got, want)
		}
	}
}
