package bootstrap_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// maxFuzzEvent keeps fuzz inputs small enough for many runs per second.
const maxFuzzEvent = 64 << 10

// fuzzSeeds are events and request ids that probe the parsers on both sides.
var fuzzSeeds = []struct {
	id   string
	body string
}{
	{"plain", `{"a":1}`},
	{"seed", seedEvent("allow")},
	{"id/with/slashes", `[]`},
	{"id with spaces ?#%", `"string event"`},
	{"ünïcödé-id", `{"k":"\ud800"}`},
	{"numbers", `[1e400, -0, 12345678901234567890]`},
	{"not-json", `{not json`},
	{"empty", ``},
	{"nan", `NaN`},
	{"bom", "\xef\xbb\xbf{}"},
	{"bad-utf8", "\"\xff\xfe\""},
	{"deep", strings.Repeat("[", 2000) + strings.Repeat("]", 2000)},
}

// fuzzInvocations feeds arbitrary events and request ids to one warm
// bootstrap. Whatever arrives, the bootstrap must post exactly one outcome,
// for that request id, whose body is JSON (an error document when it is an
// error), and keep serving.
func fuzzInvocations(f *testing.F, rt runtimeKind, handler string) {
	for _, s := range fuzzSeeds {
		f.Add(s.id, []byte(s.body))
	}
	api, p := launch(f, rt, handler)
	f.Fuzz(func(t *testing.T, id string, body []byte) {
		id = headerSafe(id)
		if !usableID(id) || len(body) > maxFuzzEvent {
			t.Skip("request id unusable in a header or a clean path, or event too large")
		}
		api.events <- invocation{id: id, body: body, deadline: time.Now().Add(time.Minute)}
		got := api.await(t, p)
		checkFuzzOutcome(t, got, id)
		if !p.alive() {
			t.Fatalf("bootstrap exited after event %q; stderr:\n%s", body, p.stderr.String())
		}
	})
}

func checkFuzzOutcome(t *testing.T, got outcome, id string) {
	t.Helper()
	if got.id != id {
		t.Fatalf("outcome posted for %q; want %q", got.id, id)
	}
	switch got.kind {
	case kindResponse:
		if !json.Valid(got.body) {
			t.Fatalf("response %q is not JSON", got.body)
		}
	case kindError:
		doc := decodeError(t, got.body)
		if *doc.ErrorType == "" {
			t.Fatalf("error document %s has an empty errorType", got.body)
		}
	default:
		t.Fatalf("outcome kind %s (%s) for an invocation", got.kind, got.body)
	}
}

// headerSafe keeps what survives as an HTTP header value unchanged: visible
// ASCII without leading or trailing spaces.
func headerSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func FuzzNodeInvocation(f *testing.F) {
	fuzzInvocations(f, nodeRuntime, "handlers.echoAsync")
}

func FuzzPythonInvocation(f *testing.F) {
	fuzzInvocations(f, pythonRuntime, "app.ok")
}

// usableID reports whether a Go ServeMux can route a path holding id: once
// unescaped, the path must need no cleaning (no empty, "." or ".." segment).
// Lambda's request ids are UUIDs, far inside this.
func usableID(id string) bool {
	for _, seg := range strings.Split(id, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}
