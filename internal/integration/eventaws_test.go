package integration

import (
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// eventObject is the 1.0 event as generic JSON.
func eventObject(t *testing.T, req *request.Request, auth *Authorization, opts Options) map[string]any {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(eventFor(t, api.PayloadV1, req, auth, opts), &ev); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return ev
}

func keysOf(v any) []string {
	m, _ := v.(map[string]any)
	return slices.Sorted(maps.Keys(m))
}

func object(v any, key string) map[string]any {
	m, _ := v.(map[string]any)
	o, _ := m[key].(map[string]any)
	return o
}

func TestEventV1ExactKeys(t *testing.T) {
	t.Parallel()
	contextKeys := []string{"accountId", "apiId", "deploymentId", "domainName", "domainPrefix", "extendedRequestId",
		"httpMethod", "identity", "path", "protocol", "requestId", "requestTime", "requestTimeEpoch", "resourceId", "resourcePath", "stage"}
	plain := eventObject(t, getRequest(), nil, Options{})
	named := eventObject(t, getRequest(), authorized, Options{OperationName: "MyOperationName"})
	checks := []struct {
		name      string
		got, want any
	}{
		{"L-1 top-level keys", keysOf(plain), []string{"body", "headers", "httpMethod", "isBase64Encoded", "multiValueHeaders",
			"multiValueQueryStringParameters", "path", "pathParameters", "queryStringParameters", "requestContext", "resource", "stageVariables"}},
		{"L-1 requestContext keys without authorizer or operation name", keysOf(plain["requestContext"]), contextKeys},
		{"L-1 L-11 requestContext keys with both", keysOf(named["requestContext"]), slices.Sorted(slices.Values(append(slices.Clone(contextKeys), "authorizer", "operationName")))},
		{"L-1 deploymentId", object(plain, "requestContext")["deploymentId"], "dep123"},
		{"L-11 operationName is the operationId", object(named, "requestContext")["operationName"], "MyOperationName"},
		{"L-10 identity keys: no apiKey, apiKeyId, clientCert or cognitoAmr", keysOf(object(plain, "requestContext")["identity"]),
			[]string{"accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId",
				"cognitoIdentityPoolId", "principalOrgId", "sourceIp", "user", "userAgent", "userArn"}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v; want %#v", c.name, c.got, c.want)
		}
	}
}

func TestEventV1Headers(t *testing.T) {
	t.Parallel()
	ev := eventObject(t, awsHeadersRequest(), nil, Options{})
	single, multi := object(ev, "headers"), object(ev, "multiValueHeaders")
	tests := []struct {
		name   string
		header string
		want   any // nil: absent
	}{
		{"L-1 aUThorization arrives as Authorization", "Authorization", "random-value"},
		{"L-1 no header under the client's casing of Authorization", "aUThorization", nil},
		{"L-1 other headers keep the client's casing", "tEsT-HEADeR", "aValue"},
		{"L-6 no Content-Length", "Content-Length", nil},
		{"L-7 Connection dropped", "Connection", nil},
		{"L-7 Content-MD5 dropped", "Content-MD5", nil},
		{"L-7 Max-Forwards dropped", "Max-Forwards", nil},
		{"L-7 Proxy-Authenticate dropped", "Proxy-Authenticate", nil},
		{"L-7 Server dropped", "Server", nil},
		{"L-7 Trailer dropped", "Trailer", nil},
		{"L-7 WWW-Authenticate dropped", "WWW-Authenticate", nil},
		{"L-7 Content-Encoding kept for Lambda", "Content-Encoding", "identity"},
		{"L-7 Pragma kept", "Pragma", "no-cache"},
		{"L-6 Content-Type kept", "Content-Type", "application/json;charset=utf-8"},
		{"L-5 X-Forwarded-For: the client's value, then the peer", "X-Forwarded-For", "10.0.0.1, 127.0.0.1"},
		{"L-5 the client's x-forwarded-for is not passed beside it", "x-forwarded-for", nil},
		{"L-5 X-Forwarded-Port is the listening port, not the client's", "X-Forwarded-Port", "3000"},
		{"L-5 X-Forwarded-Proto", "X-Forwarded-Proto", "http"},
		{"L-5 L-8 X-Amzn-Trace-Id carries the client's full trace", "X-Amzn-Trace-Id", clientTrace},
		{"L-5 the client's x-amzn-trace-id is not passed beside it", "x-amzn-trace-id", nil},
	}
	for _, tt := range tests {
		got, ok := single[tt.header]
		if !ok {
			got = nil
		}
		var wantMulti any
		if tt.want != nil {
			wantMulti = []any{tt.want}
		}
		if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(multi[tt.header], wantMulti) {
			t.Errorf("%s: headers[%q] = %#v, multiValueHeaders[%q] = %#v; want %#v and a one-element list",
				tt.name, tt.header, got, tt.header, multi[tt.header], tt.want)
		}
	}
}

func TestEventV1AuthorizationCasings(t *testing.T) {
	t.Parallel()
	req := getRequest()
	req.Headers = []request.Field{{Name: "authorization", Value: "a"}, {Name: "AUTHORIZATION", Value: "b"}}
	ev := eventObject(t, req, nil, Options{})
	if got, want := object(ev, "headers")["Authorization"], "b"; got != want {
		t.Errorf("L-1 headers.Authorization: got %#v; want %q (last value)", got, want)
	}
	if got, want := object(ev, "multiValueHeaders")["Authorization"], []any{"a", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("L-1 multiValueHeaders.Authorization: got %#v; want %#v (one name, every casing)", got, want)
	}
}

func TestEventV1PathAndQuery(t *testing.T) {
	t.Parallel()
	ev := eventObject(t, awsHeadersRequest(), nil, Options{})
	checks := []struct {
		name      string
		got, want any
	}{
		{"L-1 path is not percent-decoded", ev["path"], "/test%2Balias@gmail.com/plus/test+alias@gmail.com"},
		{"L-1 pathParameters.proxy is not percent-decoded", object(ev, "pathParameters")["proxy"], "test%2Balias@gmail.com/plus/test+alias@gmail.com"},
		{"L-1 requestContext.path keeps the stage", object(ev, "requestContext")["path"], "/prod/test%2Balias@gmail.com/plus/test+alias@gmail.com"},
		{"L-1 repeated query: last value", object(ev, "queryStringParameters")["price"], "30"},
		{"L-1 repeated query: every value in order", object(ev, "multiValueQueryStringParameters")["price"], []any{"10", "20", "30"}},
		{"L-1 query values decoded", object(ev, "queryStringParameters")["q"], "a b+c"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v; want %#v", c.name, c.got, c.want)
		}
	}
}

// serveTraced serves req through a payload 1.0 function returning out and
// returns the event's X-Amzn-Trace-Id and the response's.
func serveTraced(t *testing.T, req *request.Request, out string) (event, response []string) {
	t.Helper()
	var got []byte
	resp, err := newLambdaFor(t, api.PayloadV1, returning(out, &got), Options{}).Serve(context.Background(), req, nil)
	if err != nil {
		t.Fatalf("Serve: got %v; want nil", err)
	}
	var ev struct {
		Multi map[string][]string `json:"multiValueHeaders"`
	}
	if err := json.Unmarshal(got, &ev); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	for _, f := range resp.Headers {
		if strings.EqualFold(f.Name, headerTraceID) {
			response = append(response, f.Value)
		}
	}
	return ev.Multi[headerTraceID], response
}

func TestLambdaTraceID(t *testing.T) {
	t.Parallel()
	const sentParent = "Parent=7fa8c0f79203be72"
	rootOnly, _, _ := strings.Cut(clientTrace, ";")
	tests := []struct {
		name  string
		sent  string // "" sends none
		out   string
		check func(got string) bool
	}{
		{"L-8 full trace: the response contains it", clientTrace, `{}`, func(got string) bool { return strings.Contains(got, clientTrace) }},
		{"L-8 Root only: a generated Parent second", rootOnly, `{}`, func(got string) bool {
			parts := strings.Split(got, ";")
			return parts[0] == rootOnly && len(parts) > 1 && strings.HasPrefix(parts[1], "Parent=") && len(parts[1]) == len("Parent=")+16 && parts[1] != sentParent
		}},
		{"L-8 none sent: a generated Root", "", `{}`, generatedTrace.MatchString},
		{"L-8 the function's own X-Amzn-Trace-Id is replaced", clientTrace, `{"headers":{"x-amzn-trace-id":"mine"}}`, func(got string) bool { return got == clientTrace }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := getRequest()
			if tt.sent != "" {
				req.Headers = append(req.Headers, request.Field{Name: "x-amzn-trace-id", Value: tt.sent})
			}
			event, response := serveTraced(t, req, tt.out)
			if len(response) != 1 || !tt.check(response[0]) {
				t.Fatalf("response X-Amzn-Trace-Id: got %q; want one value that passes the check", response)
			}
			if !reflect.DeepEqual(event, response) {
				t.Errorf("event X-Amzn-Trace-Id %q; want the response's %q (the same value)", event, response)
			}
		})
	}
}

func TestTraceIDOnlyOnLambdaProxyV1(t *testing.T) {
	t.Parallel()
	mock, err := New(api.Integration{Type: api.IntegrationMock}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	v2 := newLambdaFor(t, api.PayloadV2, returning(`{"statusCode":200}`, nil), Options{})
	for name, in := range map[string]Integration{"L-8 mock": mock, "payload 2.0 (L-8 is a REST payload 1.0 rule; UNCONFIRMED for 2.0: none added)": v2} {
		req := getRequest()
		req.Headers = append(req.Headers, request.Field{Name: headerTraceID, Value: clientTrace})
		resp, err := in.Serve(context.Background(), req, nil)
		if err != nil {
			t.Fatalf("%s: Serve: %v", name, err)
		}
		if v, ok := fieldValue(resp.Headers, headerTraceID); ok {
			t.Errorf("%s: response X-Amzn-Trace-Id = %q; want none", name, v)
		}
	}
}
