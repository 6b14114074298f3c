package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
	"github.com/aws/aws-lambda-go/events"
)

var update = flag.Bool("update", false, "rewrite the golden event files")

// eventFor runs req through a Lambda integration and returns the event the
// function received.
func eventFor(t *testing.T, version string, req *request.Request, auth *Authorization, opts Options) []byte {
	t.Helper()
	var got []byte
	in := newLambdaFor(t, version, returning(`{}`, &got), opts)
	if _, err := in.Serve(context.Background(), req, auth); err != nil {
		t.Fatalf("Serve: got %v; want nil", err)
	}
	return got
}

// generatedTrace matches a trace header apigw made up (L-5, L-8); golden
// files hold it as generatedTraceShape, the epoch (the request's arrival)
// kept.
var generatedTrace = regexp.MustCompile(`Root=1-([0-9a-f]{8})-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0`)

const generatedTraceShape = "Root=1-$1-<24 hex>;Parent=<16 hex>;Sampled=0"

func TestEventGolden(t *testing.T) {
	t.Parallel()
	binary := Options{BinaryMediaTypes: []string{"image~1png"}}
	tests := []struct {
		name    string
		golden  string
		version string
		req     *request.Request
		auth    *Authorization
		opts    Options
	}{
		{"L-1 GET repeated headers and query", "v1-get.json", api.PayloadV1, getRequest(), nil, Options{}},
		{"L-1 POST binary body base64", "v1-post-binary.json", api.PayloadV1, postBinaryRequest(), nil, binary},
		{"L-1 authorized greedy proxy with context", "v1-authorized.json", api.PayloadV1, proxyRequest(), authorized, Options{}},
		{"L-1 L-5 L-6 L-7 L-10 L-11 headers as AWS recorded them", "v1-aws-headers.json", api.PayloadV1, awsHeadersRequest(), nil, Options{OperationName: "MyOperationName"}},
		{"V-8 payload 2.0 authorized", "v2-authorized.json", api.PayloadV2, proxyRequest(), authorized, Options{RouteKey: "ANY /{proxy+}"}},
		{"V-2 V-10 payload 2.0 GET repeated headers and query, added headers lower-case", "v2-get.json", api.PayloadV2, getRequest(), nil, Options{}},
		{"V-10 payload 2.0 binary body", "v2-post-binary.json", api.PayloadV2, postBinaryRequest(), nil, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := generatedTrace.ReplaceAll(eventFor(t, tt.version, tt.req, tt.auth, tt.opts), []byte(generatedTraceShape))
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, got, "", "  "); err != nil {
				t.Fatalf("event is not JSON: %v\n%s", err, got)
			}
			pretty.WriteByte('\n')
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden: %v (run with -update)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("event: got\n%s\nwant\n%s", pretty.Bytes(), want)
			}
		})
	}
}

// TestEventV1DecodesAsAWSLambdaGo pins the 1.0 event to aws-lambda-go's
// type: every field a Go function reads has the value L-1 gives it.
func TestEventV1DecodesAsAWSLambdaGo(t *testing.T) {
	t.Parallel()
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal(eventFor(t, api.PayloadV1, getRequest(), nil, Options{}), &ev); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"resource is the template", ev.Resource, "/pets/{id}"},
		{"path has no stage", ev.Path, "/pets/7"},
		{"requestContext.path has the stage", ev.RequestContext.Path, "/prod/pets/7"},
		{"L-1 headers keep raw names, last value wins", ev.Headers["Accept"], "application/json"},
		{"raw header casing", ev.Headers["headerauth1"], "a"},
		{"multiValueHeaders in order", ev.MultiValueHeaders["Accept"], []string{"text/html", "application/json"}},
		{"query last value", ev.QueryStringParameters["tag"], "b"},
		{"multi query", ev.MultiValueQueryStringParameters["tag"], []string{"a", "b"}},
		{"pathParameters", ev.PathParameters, map[string]string{"id": "7"}},
		{"L-1 empty stageVariables is null", ev.StageVariables == nil, true},
		{"requestTime CLF", ev.RequestContext.RequestTime, "26/Nov/2026:04:15:39 +0000"},
		{"requestTimeEpoch ms", ev.RequestContext.RequestTimeEpoch, receivedAt.UnixMilli()},
		{"sourceIp", ev.RequestContext.Identity.SourceIP, "127.0.0.1"},
		{"userAgent", ev.RequestContext.Identity.UserAgent, "curl/8.5.0"},
		{"no authorizer without one", ev.RequestContext.Authorizer == nil, true},
		{"quoted header survives", ev.Headers["X-Quote"], "say \"hi\"\n\tand \\ bye <&>"},
		{"extendedRequestId is what x-amz-apigw-id will carry", ev.RequestContext.ExtendedRequestID, ExtendedRequestID(getRequest().RequestID)},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v; want %#v", c.name, c.got, c.want)
		}
	}
}

func TestEventV1Authorizer(t *testing.T) {
	t.Parallel()
	auth := &Authorization{PrincipalID: "p", Context: map[string]string{"k": "v", "principalId": "spoof"}, IntegrationLatencyMs: 0}
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal(eventFor(t, api.PayloadV1, proxyRequest(), auth, Options{}), &ev); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	want := map[string]any{"principalId": "p", "k": "v", "integrationLatency": float64(0)}
	if !reflect.DeepEqual(ev.RequestContext.Authorizer, want) {
		t.Errorf("L-1 authorizer (context cannot overwrite principalId): got %v; want %v", ev.RequestContext.Authorizer, want)
	}
	if got, want := ev.PathParameters["proxy"], "a/b"; got != want {
		t.Errorf("L-1 greedy pathParameters.proxy: got %q; want %q", got, want)
	}
}

func TestEventV1Body(t *testing.T) {
	t.Parallel()
	text := postBinaryRequest()
	text.Headers[1].Value = "text/plain; charset=utf-8"
	text.Body = []byte("héllo\x00")
	octet := postBinaryRequest()
	octet.Headers[1].Value = "application/octet-stream"
	octet.Body = []byte("plain ascii")
	tests := []struct {
		name       string
		req        *request.Request
		binary     []string
		wantBody   string
		wantBase64 bool
	}{
		{"binary media type matches: base64", postBinaryRequest(), []string{"image/png"}, "iVBORw0KGgoA/w==", true},
		{"wildcard type/* matches", postBinaryRequest(), []string{"image/*"}, "iVBORw0KGgoA/w==", true},
		{"not UTF-8 without binary types: base64 (cannot travel as text)", postBinaryRequest(), nil, "iVBORw0KGgoA/w==", true},
		{"text stays text", text, []string{"image/png"}, "héllo\x00", false},
		{"UTF-8 body of a non-binary type stays text (DG-LPI)", octet, []string{"image/png"}, "plain ascii", false},
		{"*/* makes every body base64", octet, []string{"*/*"}, "cGxhaW4gYXNjaWk=", true},
	}
	for _, tt := range tests {
		var ev events.APIGatewayProxyRequest
		if err := json.Unmarshal(eventFor(t, api.PayloadV1, tt.req, nil, Options{BinaryMediaTypes: tt.binary}), &ev); err != nil {
			t.Fatalf("%s: unmarshal: %v", tt.name, err)
		}
		if ev.Body != tt.wantBody || ev.IsBase64Encoded != tt.wantBase64 {
			t.Errorf("%s: got body %q base64 %v; want %q %v", tt.name, ev.Body, ev.IsBase64Encoded, tt.wantBody, tt.wantBase64)
		}
	}
}

func TestEventV2DecodesAsAWSLambdaGo(t *testing.T) {
	t.Parallel()
	req := getRequest()
	req.Headers = append(req.Headers, request.Field{Name: "accept", Value: "*/*"}, request.Field{Name: "cookie", Value: "s=1"})
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(eventFor(t, api.PayloadV2, req, authorized, Options{}), &ev); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"version", ev.Version, "2.0"},
		{"routeKey defaults to method and resource", ev.RouteKey, "GET /pets/{id}"},
		{"rawPath has the stage", ev.RawPath, "/prod/pets/7"},
		{"rawQueryString as sent", ev.RawQueryString, "tag=a&tag=b&limit=5"},
		{"headers lower-cased and comma-joined across casings", ev.Headers["accept"], "text/html,application/json,*/*"},
		{"cookie header moved to cookies", ev.Cookies, []string{"s=1"}},
		{"no cookie header", ev.Headers["cookie"], ""},
		{"query comma-joined", ev.QueryStringParameters["tag"], "a,b"},
		{"http.method", ev.RequestContext.HTTP.Method, "GET"},
		{"http.sourceIp", ev.RequestContext.HTTP.SourceIP, "127.0.0.1"},
		{"time", ev.RequestContext.Time, "26/Nov/2026:04:15:39 +0000"},
		{"V-8 context under authorizer.lambda", ev.RequestContext.Authorizer.Lambda["stringKey"], "value"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v; want %#v", c.name, c.got, c.want)
		}
	}
}

func TestExtendedRequestID(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "not-a-uuid", ""} {
		got := ExtendedRequestID(id)
		if len(got) != 16 || got != ExtendedRequestID(id) {
			t.Errorf("ExtendedRequestID(%q): got %q; want 16 characters, the same every time", id, got)
		}
	}
	if a, b := ExtendedRequestID("c6af9ac6-7b61-11e6-9a41-93e8deadbeef"), ExtendedRequestID("d6af9ac6-7b61-11e6-9a41-93e8deadbeef"); a == b {
		t.Errorf("different ids: got the same %q twice; want different values", a)
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", "quote\" back\\ slash", "\x00\x1f\x7f", "héllo ✓ 🙂", "bad \xff utf8 \xc3", "\u2028\u2029", "<&>"} {
		var want string
		if err := json.Unmarshal(appendString(nil, s), &want); err != nil {
			t.Errorf("appendString(%q): not JSON: %v", s, err)
			continue
		}
		var ref string
		enc, _ := json.Marshal(s)
		_ = json.Unmarshal(enc, &ref)
		if want != ref {
			t.Errorf("appendString(%q) decodes to %q; want %q (as encoding/json)", s, want, ref)
		}
	}
}

func FuzzEventV1(f *testing.F) {
	f.Add("X-A", "v\x00\"", "q", "1", []byte("body"), "text/plain")
	f.Add("", "", "", "", []byte{0xff, 0}, "image/png")
	f.Fuzz(func(t *testing.T, hname, hvalue, qname, qvalue string, body []byte, ct string) {
		req := getRequest()
		req.Headers = append(req.Headers, request.Field{Name: hname, Value: hvalue}, request.Field{Name: "Content-Type", Value: ct})
		req.Query = append(req.Query, request.Field{Name: qname, Value: qvalue})
		req.Body = body
		l := &lambdaIntegration{binary: newMediaTypes([]string{"image/png"})}
		for _, ev := range [][]byte{l.appendEventV1(nil, req, authorized), l.appendEventV2(nil, req, authorized)} {
			if !json.Valid(ev) {
				t.Fatalf("event is not valid JSON: %s", ev)
			}
		}
	})
}
