package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/event"
	"github.com/apigw/apigw/internal/request"
)

type fields = []request.Field

var jsonCT = hdr("Content-Type", "application/json")

func hdr(name, value string) request.Field {
	return request.Field{Name: name, Value: value}
}

// responseCase is one function output and the response it must give.
type responseCase struct {
	name        string
	out         string
	wantStatus  int
	wantHeaders fields
	wantBody    string
	wantErr     error
}

// runResponseCases serves a GET through a function returning each case's
// output. Payload 1.0 responses end with the request's X-Amzn-Trace-Id
// (L-8), which the cases leave implicit.
func runResponseCases(t *testing.T, version string, tests []responseCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := newLambdaFor(t, version, returning(tt.out, nil), Options{})
			req := getRequest()
			want := tt.wantHeaders
			if version == api.PayloadV1 && tt.wantErr == nil {
				req.Headers = append(req.Headers, hdr(headerTraceID, clientTrace))
				want = append(slices.Clip(want), hdr(headerTraceID, clientTrace))
			}
			resp, err := in.Serve(context.Background(), req, nil)
			checkResponse(t, resp, err, tt.wantStatus, want, tt.wantBody, tt.wantErr)
		})
	}
}

func TestResponseV1(t *testing.T) {
	t.Parallel()
	tests := []responseCase{
		{"L-2 full object", `{"statusCode":201,"headers":{"Content-Type":"text/plain"},"body":"made","isBase64Encoded":false}`, 201, fields{hdr("Content-Type", "text/plain")}, "made", nil},
		{"L-2 numeric string status", `{"statusCode":"201"}`, 201, fields{jsonCT}, "", nil},
		{"L-2 missing status is 200", `{"body":"x"}`, 200, fields{jsonCT}, "x", nil},
		{"L-2 null status is 200", `{"statusCode":null}`, 200, fields{jsonCT}, "", nil},
		{"L-3 empty object is 200 empty body", `{}`, 200, fields{jsonCT}, "", nil},
		{"L-3 only headers is 200 empty body", `{"headers":{"X-A":"1"}}`, 200, fields{hdr("X-A", "1"), jsonCT}, "", nil},
		{"L-2 boolean header value", `{"headers":{"X-B":true,"X-C":false}}`, 200, fields{hdr("X-B", "true"), hdr("X-C", "false"), jsonCT}, "", nil},
		{"L-2 number header value", `{"headers":{"X-N":42,"X-F":1.5}}`, 200, fields{hdr("X-N", "42"), hdr("X-F", "1.5"), jsonCT}, "", nil},
		{"L-2 X-M merge: multi first, single appended", `{"headers":{"X-M":"single"},"multiValueHeaders":{"X-M":["a","b"]}}`, 200, fields{hdr("X-M", "a"), hdr("X-M", "b"), hdr("X-M", "single"), jsonCT}, "", nil},
		{"L-2 value in both appears once", `{"headers":{"X-M":"a"},"multiValueHeaders":{"X-M":["a","b"]}}`, 200, fields{hdr("X-M", "a"), hdr("X-M", "b"), jsonCT}, "", nil},
		{"L-2 no default Content-Type when set (any case)", `{"headers":{"content-type":"text/html"}}`, 200, fields{hdr("content-type", "text/html")}, "", nil},
		{"L-2 multi Content-Type counts", `{"multiValueHeaders":{"Content-Type":["text/csv"]}}`, 200, fields{hdr("Content-Type", "text/csv")}, "", nil},
		{"repeated header key: last wins", `{"headers":{"X-A":"1","X-A":"2"}}`, 200, fields{hdr("X-A", "2"), jsonCT}, "", nil},
		{"escaped body", `{"body":"{\"ok\":true}\n\u00e9\ud83d\ude00"}`, 200, fields{jsonCT}, "{\"ok\":true}\n\u00e9\U0001F600", nil},
		{"L-2 base64 without binary media types passes through", `{"body":"aGk=","isBase64Encoded":true}`, 200, fields{jsonCT}, "aGk=", nil},
		{"null members are absent", `{"headers":null,"multiValueHeaders":null,"body":null,"isBase64Encoded":null}`, 200, fields{jsonCT}, "", nil},
		{"L-2 extra top-level key is malformed", `{"statusCode":200,"message":"hi"}`, 0, nil, "", ErrMalformedResponse},
		{"keys are case-sensitive", `{"StatusCode":200}`, 0, nil, "", ErrMalformedResponse},
		{"L-3 not JSON", `Hello`, 0, nil, "", ErrMalformedResponse},
		{"L-3 empty payload", ``, 0, nil, "", ErrMalformedResponse},
		{"L-3 not an object", `"Hello"`, 0, nil, "", ErrMalformedResponse},
		{"L-3 array", `[{"statusCode":200}]`, 0, nil, "", ErrMalformedResponse},
		{"L-3 null", `null`, 0, nil, "", ErrMalformedResponse},
		{"L-3 body not a string", `{"body":{"a":1}}`, 0, nil, "", ErrMalformedResponse},
		// B-INT: a numeric body is sent as its JSON text. L-2 marks this
		// UNCONFIRMED (medium confidence: an AWS sample returns a number
		// through API Gateway, an OBS, not a recording); other non-string
		// bodies stay malformed.
		{"L-2 numeric body is its text (UNCONFIRMED)", `{"statusCode":200,"body":42}`, 200, fields{jsonCT}, "42", nil},
		{"L-2 numeric body keeps its JSON spelling (UNCONFIRMED)", `{"body":-1.5e3}`, 200, fields{jsonCT}, "-1.5e3", nil},
		{"L-2 boolean body is malformed", `{"body":true}`, 0, nil, "", ErrMalformedResponse},
		{"L-2 array body is malformed", `{"body":[1]}`, 0, nil, "", ErrMalformedResponse},
		{"L-2 bad number body is malformed", `{"body":-}`, 0, nil, "", ErrMalformedResponse},
		// B-B64KEY: the base64Encoded key is accepted. L-2 marks this
		// UNCONFIRMED (medium confidence: SAM CLI accepts it "based on some
		// trials" on AWS, aws-sam-cli PR #2941 and issues #2434, #1193).
		{"L-2 base64Encoded key is accepted (UNCONFIRMED)", `{"statusCode":200,"body":"aGk=","base64Encoded":false,"headers":{"Content-Type":"text/plain"}}`, 200, fields{hdr("Content-Type", "text/plain")}, "aGk=", nil},
		{"L-2 base64Encoded null is accepted", `{"base64Encoded":null}`, 200, fields{jsonCT}, "", nil},
		{"L-2 base64Encoded not a boolean is malformed", `{"base64Encoded":"true"}`, 0, nil, "", ErrMalformedResponse},
		{"a header name that is not an HTTP token", `{"headers":{"a:b":"c"}}`, 0, nil, "", ErrMalformedResponse},
		{"an empty header name", `{"multiValueHeaders":{"":["v"]}}`, 0, nil, "", ErrMalformedResponse},
		{"L-3 header value object", `{"headers":{"X":{}}}`, 0, nil, "", ErrMalformedResponse},
		{"L-3 header value null", `{"headers":{"X":null}}`, 0, nil, "", ErrMalformedResponse},
		{"L-3 headers not an object", `{"headers":"X"}`, 0, nil, "", ErrMalformedResponse},
		{"L-3 multiValueHeaders value not a list", `{"multiValueHeaders":{"X":"a"}}`, 0, nil, "", ErrMalformedResponse},
		{"L-3 isBase64Encoded not a boolean", `{"isBase64Encoded":"true"}`, 0, nil, "", ErrMalformedResponse},
		{"status not numeric", `{"statusCode":"abc"}`, 0, nil, "", ErrMalformedResponse},
		{"status fraction", `{"statusCode":200.5}`, 0, nil, "", ErrMalformedResponse},
		{"status out of range", `{"statusCode":1000}`, 0, nil, "", ErrMalformedResponse},
		// BAD-1 (DESIGN): only final statuses 200-599; a 1xx written to the
		// client would answer the next request on its connection.
		{"BAD-1 lowest status 200", `{"statusCode":200}`, 200, fields{jsonCT}, "", nil},
		{"BAD-1 highest status 599", `{"statusCode":599}`, 599, fields{jsonCT}, "", nil},
		{"BAD-1 status 100 is malformed", `{"statusCode":100}`, 0, nil, "", ErrMalformedResponse},
		{"BAD-1 status 101 is malformed", `{"statusCode":101}`, 0, nil, "", ErrMalformedResponse},
		{"BAD-1 status 103 is malformed", `{"statusCode":103}`, 0, nil, "", ErrMalformedResponse},
		{"BAD-1 status 199 is malformed", `{"statusCode":199}`, 0, nil, "", ErrMalformedResponse},
		{"BAD-1 status \"101\" is malformed", `{"statusCode":"101"}`, 0, nil, "", ErrMalformedResponse},
		{"BAD-1 status 0 is malformed", `{"statusCode":0}`, 0, nil, "", ErrMalformedResponse},
		{"BAD-1 negative status is malformed", `{"statusCode":-200}`, 0, nil, "", ErrMalformedResponse},
		{"BAD-1 status 600 is malformed", `{"statusCode":600}`, 0, nil, "", ErrMalformedResponse},
		{"status negative string", `{"statusCode":"-200"}`, 0, nil, "", ErrMalformedResponse},
		{"status plus sign", `{"statusCode":"+200"}`, 0, nil, "", ErrMalformedResponse},
		{"status boolean", `{"statusCode":true}`, 0, nil, "", ErrMalformedResponse},
		{"trailing garbage", `{"statusCode":200} x`, 0, nil, "", ErrMalformedResponse},
		{"truncated", `{"statusCode":200,"body":"ab`, 0, nil, "", ErrMalformedResponse},
		{"raw control character in string", "{\"body\":\"a\x01\"}", 0, nil, "", ErrMalformedResponse},
		{"bad escape", `{"body":"\x"}`, 0, nil, "", ErrMalformedResponse},
	}
	runResponseCases(t, api.PayloadV1, tests)
}

func checkResponse(t *testing.T, resp *Response, err error, status int, headers fields, body string, wantErr error) {
	t.Helper()
	if wantErr != nil {
		if !errors.Is(err, wantErr) {
			t.Fatalf("err: got %v; want %v", err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("err: got %v; want nil", err)
	}
	if resp.StatusCode != status {
		t.Errorf("status: got %d; want %d", resp.StatusCode, status)
	}
	if !reflect.DeepEqual(resp.Headers, headers) {
		t.Errorf("headers: got %v; want %v", resp.Headers, headers)
	}
	if string(resp.Body) != body {
		t.Errorf("body: got %q; want %q", resp.Body, body)
	}
}

// TestResponseV1Base64 pins L-2's binary rule: a base64 body is decoded
// only when the request's first Accept type is one of the API's binary
// media types, exactly or through a "type/*" entry. The cases marked
// "recorded" are LocalStack's test_aws_proxy_binary_response, run against
// AWS; the others are L-2's recommendations where AWS is UNCONFIRMED.
func TestResponseV1Base64(t *testing.T) {
	t.Parallel()
	const png = `{"statusCode":200,"headers":{"Content-Type":"image/png"},"body":"iVBORw0KGgoA/w==","isBase64Encoded":true}`
	const app = `{"statusCode":200,"headers":{"Content-Type":"application/test"},"body":"aGk=","isBase64Encoded":true}`
	pngTypes := []string{"image/png", "*/test"}
	appTypes := []string{"image/png", "application/*", "image/jpg"}
	decoded, text := string(binaryPNG), "iVBORw0KGgoA/w=="
	tests := []struct {
		name     string
		out      string
		binary   []string
		accept   []string // one Accept header line each
		wantBody string
		wantErr  error
	}{
		{"L-2 recorded: Accept image/png gives bytes", png, pngTypes, []string{"image/png"}, decoded, nil},
		{"L-2 recorded: only the first Accept type counts (bytes)", png, pngTypes, []string{"image/png,image/*,*/*;q=0.8"}, decoded, nil},
		{"L-2 recorded: Accept image/jpg gives text", png, pngTypes, []string{"image/jpg"}, text, nil},
		{"L-2 recorded: Accept image/* is not expanded", png, pngTypes, []string{"image/*"}, text, nil},
		{"L-2 recorded: Accept */* gives text", png, pngTypes, []string{"*/*"}, text, nil},
		{"L-2 recorded: a */test entry matches nothing, not even */test", png, pngTypes, []string{"*/test"}, text, nil},
		{"L-2 recorded: a */test entry does not match random/test", png, pngTypes, []string{"random/test"}, text, nil},
		{"L-2 recorded: only the first Accept type counts (text)", png, pngTypes, []string{"image/webp,image/png,*/*;q=0.8"}, text, nil},
		{"L-2 recorded: an application/* entry matches application/whatever", app, appTypes, []string{"application/whatever"}, "hi", nil},
		{"L-2 recorded: an application/* entry matches application/test", app, appTypes, []string{"application/test"}, "hi", nil},
		{"L-2 recorded: an application/* entry matches Accept application/*", app, appTypes, []string{"application/*"}, "hi", nil},
		{"L-2 recorded: no binary media types gives text", png, nil, []string{"image/png"}, text, nil},
		{"L-2 recorded: isBase64Encoded false gives text whatever the Accept", `{"body":"aGk=","headers":{"Content-Type":"image/png"}}`, pngTypes, []string{"image/png"}, "aGk=", nil},
		{"L-2 a binary Content-Type alone is not enough", png, []string{"image/png"}, []string{"text/html"}, text, nil},
		{"L-2 no Accept gives text (UNCONFIRMED)", png, []string{"image/png"}, nil, text, nil},
		{"L-2 a */* entry matches every first Accept type (UNCONFIRMED)", png, []string{"*/*"}, []string{"text/html"}, decoded, nil},
		{"L-2 the first of two Accept lines counts", png, []string{"image/png"}, []string{"image/png", "text/html"}, decoded, nil},
		{"L-2 Accept parameters and case are ignored", png, []string{"image/png"}, []string{"Image/PNG;q=0.9"}, decoded, nil},
		{"L-2 body that does not decode is 500", `{"body":"not base64!","isBase64Encoded":true}`, []string{"image/png"}, []string{"image/png"}, "", ErrBase64Body},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := newLambdaFor(t, api.PayloadV1, returning(tt.out, nil), Options{BinaryMediaTypes: tt.binary})
			req := getRequest()
			req.Headers = nil
			for _, a := range tt.accept {
				req.Headers = append(req.Headers, hdr("Accept", a))
			}
			resp, err := in.Serve(context.Background(), req, nil)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err: got %v; want %v", err, tt.wantErr)
			}
			if err == nil && string(resp.Body) != tt.wantBody {
				t.Errorf("body: got %q; want %q", resp.Body, tt.wantBody)
			}
		})
	}
}

// TestResponseV1Base64Key pins the base64Encoded key of L-2 (UNCONFIRMED,
// medium confidence; B-B64KEY): it wins over isBase64Encoded, in either
// order, and null leaves the decision to isBase64Encoded. Each case asks
// for decoding (Accept image/png, a binary media type), so only the flags
// decide.
func TestResponseV1Base64Key(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, out, wantBody string }{
		{"L-2 base64Encoded true decodes (UNCONFIRMED)", `{"body":"aGk=","base64Encoded":true}`, "hi"},
		{"L-2 base64Encoded true wins over isBase64Encoded false", `{"body":"aGk=","isBase64Encoded":false,"base64Encoded":true}`, "hi"},
		{"L-2 base64Encoded false wins over isBase64Encoded true", `{"body":"aGk=","isBase64Encoded":true,"base64Encoded":false}`, "aGk="},
		{"L-2 base64Encoded wins whatever the order", `{"base64Encoded":false,"body":"aGk=","isBase64Encoded":true}`, "aGk="},
		{"L-2 base64Encoded null leaves isBase64Encoded", `{"body":"aGk=","base64Encoded":null,"isBase64Encoded":true}`, "hi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := newLambdaFor(t, api.PayloadV1, returning(tt.out, nil), Options{BinaryMediaTypes: []string{"image/png"}})
			req := getRequest()
			req.Headers = fields{hdr("Accept", "image/png")}
			resp, err := in.Serve(context.Background(), req, nil)
			if err != nil {
				t.Fatalf("Serve: got %v; want nil", err)
			}
			if string(resp.Body) != tt.wantBody {
				t.Errorf("body: got %q; want %q", resp.Body, tt.wantBody)
			}
		})
	}
}

func TestResponseV2(t *testing.T) {
	t.Parallel()
	tests := []responseCase{
		{"structured", `{"statusCode":201,"headers":{"X-A":"1"},"body":"made"}`, 201, fields{hdr("X-A", "1"), jsonCT}, "made", nil},
		{"cookies become Set-Cookie", `{"statusCode":200,"cookies":["a=1","b=2"]}`, 200, fields{hdr("Set-Cookie", "a=1"), hdr("Set-Cookie", "b=2"), jsonCT}, "", nil},
		{"unknown keys ignored when structured", `{"statusCode":200,"extra":{"x":[1]},"body":"b"}`, 200, fields{jsonCT}, "b", nil},
		{"base64 always decoded", `{"statusCode":200,"body":"aGk=","isBase64Encoded":true}`, 200, fields{jsonCT}, "hi", nil},
		{"object without statusCode is the body", `{ "message": "Hello from Lambda!" }`, 200, fields{jsonCT}, `{ "message": "Hello from Lambda!" }`, nil},
		{"a JSON string is the body text", `"Hello from Lambda!"`, 200, fields{jsonCT}, "Hello from Lambda!", nil},
		{"a number is the body", ` 42 `, 200, fields{jsonCT}, "42", nil},
		{"object without statusCode, odd types, is still the body", `{"headers":5}`, 200, fields{jsonCT}, `{"headers":5}`, nil},
		{"statusCode with a wrong type is malformed", `{"statusCode":200,"headers":5}`, 0, nil, "", ErrMalformedResponse},
		{"bad statusCode is malformed", `{"statusCode":"x"}`, 0, nil, "", ErrMalformedResponse},
		{"invalid JSON is malformed", `{"statusCode":200`, 0, nil, "", ErrMalformedResponse},
		{"empty payload is malformed", ``, 0, nil, "", ErrMalformedResponse},
		{"bad base64 is 500", `{"statusCode":200,"body":"%%%","isBase64Encoded":true}`, 0, nil, "", ErrBase64Body},
		{"BAD-1 status 101 is malformed", `{"statusCode":101,"body":"b"}`, 0, nil, "", ErrMalformedResponse},
		{"BAD-1 status 100 as a string is malformed", `{"statusCode":"100"}`, 0, nil, "", ErrMalformedResponse},
		{"base64Encoded is an unknown key for 2.0, ignored", `{"statusCode":200,"body":"aGk=","base64Encoded":true}`, 200, fields{jsonCT}, "aGk=", nil},
	}
	runResponseCases(t, api.PayloadV2, tests)
}

func TestLambdaFailures(t *testing.T) {
	t.Parallel()
	fnErr := &event.FunctionError{Type: "Error", Message: "boom"}
	crashed := errors.New("process exited")
	tests := []struct {
		name    string
		inv     invokerFunc
		wantErr error
	}{
		{"L-3 function error is 502", func(context.Context, []byte) ([]byte, error) { return nil, fnErr }, ErrFunction},
		{"L-3 wrapped function error is 502", func(context.Context, []byte) ([]byte, error) {
			return nil, errors.Join(errors.New("invoke"), fnErr)
		}, ErrFunction},
		{"BAD-2 L-3 output that is not JSON is 502", func(context.Context, []byte) ([]byte, error) {
			return nil, fmt.Errorf("function Fn: 15 bytes: %w", event.ErrMalformedOutput)
		}, ErrMalformedResponse},
		{"invoker failure is INTEGRATION_FAILURE", func(context.Context, []byte) ([]byte, error) { return nil, crashed }, ErrFailure},
		{"L-3 function that outlives the timeout is INTEGRATION_TIMEOUT", func(ctx context.Context, _ []byte) ([]byte, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}, ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := api.Integration{Type: api.IntegrationLambdaProxy, Function: "Fn", TimeoutMs: 50}
			in, err := New(cfg, func(string) (Invoker, error) { return tt.inv, nil }, Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = in.Serve(context.Background(), getRequest(), nil)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err: got %v; want %v", err, tt.wantErr)
			}
			if tt.wantErr == ErrFunction {
				if got, ok := errors.AsType[*event.FunctionError](err); !ok || got != fnErr {
					t.Errorf("errors.As FunctionError: got %v, %v; want %v", got, ok, fnErr)
				}
			}
		})
	}
}

func TestLambdaCallerCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	inv := invokerFunc(func(ctx context.Context, _ []byte) ([]byte, error) {
		cancel()
		<-ctx.Done()
		return nil, ctx.Err()
	})
	_, err := newLambdaFor(t, api.PayloadV1, inv, Options{}).Serve(ctx, getRequest(), nil)
	if !errors.Is(err, ErrFailure) || !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("client gone: got %v; want ErrFailure wrapping context.Canceled, not ErrTimeout", err)
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	missing := errors.New("no such function")
	lookup := func(id string) (Invoker, error) {
		if id == "Fn" {
			return returning(`{}`, nil), nil
		}
		return nil, missing
	}
	tests := []struct {
		name string
		cfg  api.Integration
	}{
		{"unknown type", api.Integration{Type: "aws"}},
		{"unknown function", api.Integration{Type: api.IntegrationLambdaProxy, Function: "Nope"}},
		{"unknown payload version", api.Integration{Type: api.IntegrationLambdaProxy, Function: "Fn", PayloadVersion: "3.0"}},
		{"relative http_proxy URI", api.Integration{Type: api.IntegrationHTTPProxy, URI: "/pets"}},
		{"unclosed placeholder", api.Integration{Type: api.IntegrationHTTPProxy, URI: "http://h/{proxy"}},
		{"mock status out of range", api.Integration{Type: api.IntegrationMock, Mock: &api.MockResponse{StatusCode: 42}}},
		{"BAD-1 mock status 101", api.Integration{Type: api.IntegrationMock, Mock: &api.MockResponse{StatusCode: 101}}},
	}
	for _, tt := range tests {
		if in, err := New(tt.cfg, lookup, Options{}); err == nil {
			t.Errorf("%s: got %v, nil; want an error", tt.name, in)
		}
	}
}

// FuzzResponseV1 checks that parsing never panics, that success means the
// payload is a JSON object, that the status is the one the function asked
// for (200 only when it asked for none) and a final one (BAD-1), and that
// no framing header is left under its own name.
func FuzzResponseV1(f *testing.F) {
	for _, s := range []string{
		`{"statusCode":201,"headers":{"X":"1"},"multiValueHeaders":{"X":["a"]},"body":"b","isBase64Encoded":false}`,
		`{"statusCode":"404"}`, `{}`, `{"body":"\ud83d\ude00\u00e9"}`, `[]`, `"x"`, ``, `{"statusCode":2e2}`,
		`{"headers":{"a":true,"b":1.5e3}}`, `{"statusCode":200,"extra":1}`,
		`{"statusCode":101}`, `{"body":42}`, `{"base64Encoded":true,"isBase64Encoded":false}`,
		`{"headers":{"Connection":"close"},"multiValueHeaders":{"trailer":["X"]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		p, err := parseV1(payload)
		if err != nil {
			if !errors.Is(err, ErrMalformedResponse) {
				t.Fatalf("error %v does not wrap ErrMalformedResponse", err)
			}
			return
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(payload, &doc); err != nil {
			t.Fatalf("parsed %q, but encoding/json says: %v", payload, err)
		}
		resp := p.response()
		if want := askedStatus(t, doc); resp.StatusCode != want || want < 200 || want > 599 {
			t.Fatalf("status: got %d; want %d, in 200-599, for %q", resp.StatusCode, want, payload)
		}
		for _, h := range resp.Headers {
			if _, framing := remappedName(h.Name); framing {
				t.Fatalf("header %s passed under its own name for %q", h.Name, payload)
			}
		}
	})
}

// askedStatus is the status a response document asks for, by encoding/json.
func askedStatus(t *testing.T, doc map[string]json.RawMessage) int {
	raw, ok := doc["statusCode"]
	if !ok || string(raw) == "null" {
		return 200
	}
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return n
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("statusCode %s accepted but neither a number nor a string", raw)
	}
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		t.Fatalf("statusCode %s accepted but not numeric", raw)
	}
	return n
}

// FuzzResponseV2 checks that parsing never panics and that a structured
// response keeps the status it asked for.
func FuzzResponseV2(f *testing.F) {
	for _, s := range []string{`{"statusCode":201,"cookies":["a"]}`, `"hi"`, `{"a":1}`, `[1,2]`, `nul`, `{"statusCode":"x"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		p, err := parseV2(payload)
		if err != nil {
			return
		}
		if !json.Valid(payload) {
			t.Fatalf("parsed invalid JSON %q", payload)
		}
		var doc map[string]json.RawMessage
		if json.Unmarshal(payload, &doc) == nil && doc != nil {
			if _, structured := doc["statusCode"]; structured {
				if got, want := p.response().StatusCode, askedStatus(t, doc); got != want {
					t.Fatalf("status: got %d; want %d for %q", got, want, payload)
				}
				return
			}
		}
		if p.response().StatusCode != 200 {
			t.Fatalf("unstructured output: got status %d; want 200", p.response().StatusCode)
		}
	})
}
