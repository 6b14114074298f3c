package accesslog

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/record"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Formats as users write them: the AWS console's CLF, JSON, XML and CSV
// examples' shapes, plus the authorizer's and the integration's variables.
var formats = map[string]string{
	"clf": `$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] ` +
		`"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId`,
	"json": `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller",` +
		`"user":"$context.identity.user","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod",` +
		`"resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol",` +
		`"responseLength":"$context.responseLength","principal":"$context.authorizer.principalId",` +
		`"authorizerLatency":"$context.authorizer.latency","authorizeStatus":"$context.authorize.status",` +
		`"tier":"$context.authorizer.tier","errorType":"$context.error.responseType","errorMessage":$context.error.messageString}`,
	"xml": `<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <requestTime>$context.requestTime</requestTime> ` +
		`<httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <path>$context.path</path> ` +
		`<status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>`,
	"csv": `$context.identity.sourceIp,$context.identity.caller,$context.requestTimeEpoch,$context.httpMethod,` +
		`$context.routeKey,$context.status,$context.integration.requestId,$context.integrationLatency,$context.responseLatency,$context.requestId`,
	"statuses": `$context.requestId status=$context.status integration.status=$context.integration.status ` +
		`integrationStatus=$context.integrationStatus integration.integrationStatus=$context.integration.integrationStatus ` +
		`authorizer.integrationStatus=$context.authorizer.integrationStatus authorizer.integrationLatency=$context.authorizer.integrationLatency`,
}

// seedRecords: the seed's story, an allow from a fresh call, the cached
// 403, a 401, a Lambda integration's cold start, a backend's 404 and a
// function that failed.
func seedRecords() []record.Record {
	at := time.Date(2026, 12, 6, 0, 35, 12, 0, time.UTC)
	base := record.Record{Time: at, API: "Api", APIID: "abc123defg", Stage: "prod", Method: "GET", SourceIP: "127.0.0.1",
		UserAgent: "curl/8", Host: "127.0.0.1:3000", Protocol: "HTTP/1.1"}
	with := func(id, route, path string, status, length int, f func(*record.Record)) record.Record {
		r := base
		r.RequestID, r.ExtendedRequestID, r.Route, r.Path, r.Status, r.ResponseLength = id, "ext-"+id, route, path, status, length
		r.Latency.Total = 12 * time.Millisecond
		if f != nil {
			f(&r)
		}
		return r
	}
	auth := func(outcome, cache, errorType string) func(*record.Record) {
		return func(r *record.Record) {
			r.Auth = record.Auth{Authorizer: "TokenAuth", Outcome: outcome, Cache: cache, Principal: "user",
				Context: map[string]string{"tier": "gold"}}
			r.Latency.Authorizer, r.ErrorType = 3*time.Millisecond, errorType
		}
	}
	return []record.Record{
		with("r-1", "GET /pets", "/pets", 200, 2, func(r *record.Record) {
			auth("allow", "miss", "")(r)
			r.Integration = record.Integration{Kind: record.KindHTTP, Status: 200}
		}),
		with("r-2", "GET /users", "/users", 403, 82, func(r *record.Record) {
			auth("deny", "hit", "ACCESS_DENIED")(r)
			r.ErrorMessage = "User is not authorized to access this resource"
		}),
		with("r-3", "GET /pets", "/pets", 401, 26, func(r *record.Record) {
			r.Auth = record.Auth{Authorizer: "TokenAuth", Outcome: "unauthorized", Cache: "not consulted"}
			r.ErrorType, r.ErrorMessage = "UNAUTHORIZED", "Unauthorized"
		}),
		with("r-4", "GET /fn", "/fn", 200, 2, func(r *record.Record) {
			r.Integration = record.Integration{Kind: record.KindLambda, Function: "Fn", FunctionRequestID: "fn-1", ColdStart: true, Status: 200}
			r.Latency.Integration = 9 * time.Millisecond
		}),
		with("r-5", "GET /proxy/{proxy+}", "/proxy/gone", 404, 9, func(r *record.Record) {
			r.Integration = record.Integration{Kind: record.KindHTTP, Status: 404}
		}),
		with("r-6", "GET /fn", "/fn", 502, 36, func(r *record.Record) {
			r.Integration = record.Integration{Kind: record.KindLambda, Function: "Fn", FunctionRequestID: "fn-2"}
			r.ErrorType = "DEFAULT_5XX"
		}),
	}
}

func TestFormatsGolden(t *testing.T) {
	t.Parallel()
	for name, format := range formats {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := Compile(format)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			l := New(&out, Config{ByAPI: map[string]*Format{"Api": f}, AccountID: "123456789012"})
			for _, r := range seedRecords() {
				l.Add(&r)
			}
			golden(t, filepath.Join("testdata", name+".golden"), out.Bytes())
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestCompile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, format, want string
		wantErr            error
		wantUnknown        []string
	}{
		{name: "empty", format: " ", wantErr: ErrEmpty},
		{name: "two lines", format: "$context.requestId\n$context.status", wantErr: ErrMultiline},
		{name: "no request id", format: "$context.status", wantErr: ErrNoRequestID},
		{name: "extended request id suffices", format: "$context.extendedRequestId", want: "ext-r-1"},
		{name: "a trailing dot is text", format: "$context.requestId.", want: "r-1."},
		{name: "a bare prefix is text", format: "$context. $context.requestId", want: "$context. r-1"},
		{name: "other dollars are text", format: "$stageVariables.x $$ $context.requestId", want: "$stageVariables.x $$ r-1"},
		{name: "adjacent variables", format: "$context.requestId$context.status", want: "r-1200"},
		{name: "unknown variable: - and listed", format: "$context.requestId $context.nope", want: "r-1 -",
			wantUnknown: []string{"$context.nope"}},
		{name: "missing value: -", format: "$context.requestId $context.identity.caller $context.integration.requestId", want: "r-1 - -"},
		{name: "authorizer context key", format: "$context.requestId $context.authorizer.tier $context.authorizer.other", want: "r-1 gold -"},
		{name: "account id", format: "$context.requestId $context.accountId", want: "r-1 123456789012"},
		{name: "path has the stage", format: "$context.requestId $context.path $context.domainPrefix", want: "r-1 /prod/pets 127"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := Compile(tt.format)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Compile(%q) = %v; want %v", tt.format, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			r := seedRecords()[0]
			if got := string(f.Append(nil, &r, "123456789012")); got != tt.want {
				t.Errorf("renders %q; want %q", got, tt.want)
			}
			if !slices.Equal(f.Unknown(), tt.wantUnknown) {
				t.Errorf("Unknown() = %q; want %q", f.Unknown(), tt.wantUnknown)
			}
		})
	}
}

func TestValuesNeverSplitTheLine(t *testing.T) {
	t.Parallel()
	f, err := Compile(`$context.requestId "$context.identity.userAgent"`)
	if err != nil {
		t.Fatal(err)
	}
	r := record.Record{RequestID: "r", UserAgent: "evil\n127.0.0.1 - - fake line\r"}
	if got := string(f.Append(nil, &r, "")); got != `r "evil\u000a127.0.0.1 - - fake line\u000d"` {
		t.Fatalf("got %q", got)
	}
}

func TestOverrideAndAPIsWithoutFormat(t *testing.T) {
	t.Parallel()
	stage, _ := Compile("stage $context.requestId")
	flagged, _ := Compile("flag $context.requestId")
	recs := []record.Record{{RequestID: "a", API: "Api"}, {RequestID: "b", API: "Other"}}
	for _, tt := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"the stage's format; none for an API without one", Config{ByAPI: map[string]*Format{"Api": stage}}, "stage a\n"},
		{"--access-log-format for every API", Config{ByAPI: map[string]*Format{"Api": stage}, Override: flagged}, "flag a\nflag b\n"},
	} {
		var out strings.Builder
		l := New(&out, tt.cfg)
		for _, r := range recs {
			l.Add(&r)
		}
		if out.String() != tt.want {
			t.Errorf("%s: wrote %q; want %q", tt.name, out.String(), tt.want)
		}
	}
}

// BenchmarkAdd measures one JSON line.
func BenchmarkAdd(b *testing.B) {
	f, err := Compile(formats["json"])
	if err != nil {
		b.Fatal(err)
	}
	l := New(discard{}, Config{Override: f})
	r := seedRecords()[1]
	b.ReportAllocs()
	for b.Loop() {
		l.Add(&r)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
