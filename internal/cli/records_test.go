package cli

import (
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/record"
)

func TestNewObservers(t *testing.T) {
	t.Parallel()
	withLog := func(format string) *api.Template {
		return &api.Template{APIs: []*api.API{{LogicalID: "Api", AccessLog: &api.AccessLog{Format: format,
			Source: api.Location{File: "t.yaml", Line: 3}}}, {LogicalID: "Other"}}}
	}
	tests := []struct {
		name      string
		tpl       *api.Template
		flags     recordFlags
		wantErr   error
		wantWarn  string
		wantLines string // what one record of each API writes
	}{
		{name: "negative history", tpl: &api.Template{}, flags: recordFlags{history: -1}, wantErr: errRecordFlag},
		{name: "bad --access-log-format", tpl: &api.Template{}, flags: recordFlags{accessLogFormat: "$context.status"}, wantErr: errRecordFlag},
		{name: "the stage's format, for its API only", tpl: withLog("s $context.requestId"), wantLines: "s Api-id\n"},
		{name: "--access-log-format replaces it for every API", tpl: withLog("s $context.requestId"),
			flags: recordFlags{accessLogFormat: "f $context.requestId"}, wantLines: "f Api-id\nf Other-id\n"},
		{name: "a stage format AWS would refuse: warned, not logged", tpl: withLog("$context.status"),
			wantWarn: "t.yaml:3: access log format must include $context.requestId"},
		{name: "unknown variables: warned, rendered -", tpl: withLog("$context.requestId $context.nope"),
			wantWarn: "$context.nope", wantLines: "Api-id -\n"},
		{name: "no format anywhere: no access log", tpl: &api.Template{APIs: []*api.API{{LogicalID: "Api"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, warned strings.Builder
			o, err := newObservers(tt.tpl, tt.flags, "123456789012", nil, &out, func(w string) { warned.WriteString(w + "\n") })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v; want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if !strings.Contains(warned.String(), tt.wantWarn) || (tt.wantWarn == "") != (warned.Len() == 0) {
				t.Errorf("warnings %q; want %q", warned.String(), tt.wantWarn)
			}
			f := recordFlags{observed: o}
			for _, id := range []string{"Api", "Other"} {
				f.recorder().Add(&record.Record{API: id, RequestID: id + "-id"})
			}
			if out.String() != tt.wantLines || o.Ring.Total() != 2 {
				t.Errorf("wrote %q, ring has %d; want %q, 2", out.String(), o.Ring.Total(), tt.wantLines)
			}
		})
	}
}

func TestAccessLogFileDefaultsToCLF(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "a.log")
	o, err := newObservers(&api.Template{}, recordFlags{accessLog: file}, "1", nil, nil, func(string) {})
	if err != nil || o.access == nil {
		t.Fatalf("newObservers: %v, access log %v", err, o.access)
	}
}

type stubPools []record.Pool

func (s stubPools) Pools() []record.Pool { return s }

func TestMetricsReadPools(t *testing.T) {
	t.Parallel()
	o, err := newObservers(&api.Template{}, recordFlags{}, "1", stubPools{{Function: "Fn", Runtime: "go", Busy: 2}}, nil, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	o.Metrics.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(w.Body.String(), `apigw_function_processes_busy{function="Fn",runtime="go"} 2`) {
		t.Fatalf("pools not scraped:\n%s", w.Body.String())
	}
	if poolsOf(demoFunctions{}) != nil {
		t.Fatal("in-process functions have pools")
	}
}
