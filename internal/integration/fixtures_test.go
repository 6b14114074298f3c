package integration

import (
	"context"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// receivedAt is the fixed arrival time of the fixture requests.
var receivedAt = time.Date(2026, time.November, 26, 4, 15, 39, 123e6, time.UTC)

// clientTrace is a full X-Ray trace header as a client sends it (L-8).
const clientTrace = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1"

// baseRequest is a request as the gateway fills it once the route is known.
func baseRequest() *request.Request {
	return &request.Request{
		Protocol:     "HTTP/1.1",
		SourceIP:     "127.0.0.1",
		Host:         "localhost:3000",
		ServerPort:   3000,
		APIID:        "abcdef1234",
		DeploymentID: "dep123",
		AccountID:    "123456789012",
		Region:       "us-east-1",
		Stage:        "prod",
		ResourceID:   "r1x2y3",
		RequestID:    "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
		ReceivedAt:   receivedAt,
	}
}

// getRequest: repeated headers with the client's casing, repeated query
// parameters, one path parameter.
func getRequest() *request.Request {
	r := baseRequest()
	r.Method, r.Path, r.Resource = "GET", "/pets/7", "/pets/{id}"
	r.RawQuery = "tag=a&tag=b&limit=5"
	r.Headers = []request.Field{
		{Name: "Host", Value: "localhost:3000"},
		{Name: "headerauth1", Value: "a"},
		{Name: "X-AMZ-Date", Value: "20261126T041539Z"},
		{Name: "Accept", Value: "text/html"},
		{Name: "Accept", Value: "application/json"},
		{Name: "User-Agent", Value: "curl/8.5.0"},
		{Name: "X-Quote", Value: "say \"hi\"\n\tand \\ bye <&>"},
	}
	r.Query = []request.Field{{Name: "tag", Value: "a"}, {Name: "tag", Value: "b"}, {Name: "limit", Value: "5"}}
	r.PathParams = []request.Field{{Name: "id", Value: "7"}}
	return r
}

// binaryPNG is a body that is not UTF-8.
var binaryPNG = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0xff}

// postBinaryRequest: a POST with an image body and no path parameters.
func postBinaryRequest() *request.Request {
	r := baseRequest()
	r.Method, r.Path, r.Resource = "POST", "/upload", "/upload"
	r.Headers = []request.Field{
		{Name: "Host", Value: "localhost:3000"},
		{Name: "Content-Type", Value: "image/png"},
		{Name: "Content-Length", Value: "10"},
	}
	r.Body = binaryPNG
	return r
}

// proxyRequest: a greedy route with stage variables and a JSON body.
func proxyRequest() *request.Request {
	r := baseRequest()
	r.Method, r.Path, r.Resource = "PUT", "/a/b", "/{proxy+}"
	r.Headers = []request.Field{
		{Name: "Authorization", Value: "allow"},
		{Name: "content-type", Value: "application/json"},
		{Name: "Cookie", Value: "a=1; b=2"},
	}
	r.PathParams = []request.Field{{Name: "proxy", Value: "a/b"}}
	r.StageVariables = map[string]string{"env": "dev", "backend": "localhost"}
	r.Body = []byte(`{"name":"rex"}`)
	return r
}

// awsHeadersRequest is the recorded Lambda proxy request of L-1 and L-5 to
// L-7: header casings, the headers API Gateway drops and keeps, the
// client's own X-Forwarded-For and trace, an undecoded path and a
// repeated query parameter.
func awsHeadersRequest() *request.Request {
	r := baseRequest()
	r.Method, r.Path, r.Resource = "POST", "/test%2Balias@gmail.com/plus/test+alias@gmail.com", "/{proxy+}"
	r.RawQuery = "price=10&price=20&price=30&q=a+b%2Bc"
	r.Headers = []request.Field{
		{Name: "Host", Value: "localhost:3000"},
		{Name: "User-Agent", Value: "python-requests/2.32.3"},
		{Name: "aUThorization", Value: "random-value"},
		{Name: "tEsT-HEADeR", Value: "aValue"},
		{Name: "Content-Type", Value: "application/json;charset=utf-8"},
		{Name: "Content-Length", Value: "16"},
		{Name: "Connection", Value: "keep-alive"},
		{Name: "Content-Encoding", Value: "identity"},
		{Name: "Content-MD5", Value: "x"},
		{Name: "Max-Forwards", Value: "3"},
		{Name: "Proxy-Authenticate", Value: "x"},
		{Name: "Server", Value: "x"},
		{Name: "Trailer", Value: "x"},
		{Name: "WWW-Authenticate", Value: "x"},
		{Name: "Pragma", Value: "no-cache"},
		{Name: "x-forwarded-for", Value: "10.0.0.1"},
		{Name: "X-Forwarded-Port", Value: "1"},
		{Name: "x-amzn-trace-id", Value: clientTrace},
	}
	r.Query = []request.Field{{Name: "price", Value: "10"}, {Name: "price", Value: "20"}, {Name: "price", Value: "30"}, {Name: "q", Value: "a b+c"}}
	r.PathParams = []request.Field{{Name: "proxy", Value: "test%2Balias@gmail.com/plus/test+alias@gmail.com"}}
	r.Body = []byte(`{"message":"hi"}`)
	return r
}

// authorized is what the seed's TOKEN authorizer returns for "allow".
var authorized = &Authorization{
	PrincipalID:          "user",
	Context:              map[string]string{"stringKey": "value", "numberKey": "1", "booleanKey": "true"},
	IntegrationLatencyMs: 12,
}

// invokerFunc is an in-process function, as the built-in demo runs them.
type invokerFunc func(ctx context.Context, payload []byte) ([]byte, error)

func (f invokerFunc) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	return f(ctx, payload)
}

// returning is a function that always returns out and records its event.
func returning(out string, got *[]byte) invokerFunc {
	return func(_ context.Context, payload []byte) ([]byte, error) {
		if got != nil {
			*got = append((*got)[:0], payload...)
		}
		return []byte(out), nil
	}
}

// newLambdaFor builds a Lambda proxy integration around inv.
func newLambdaFor(t testing.TB, version string, inv Invoker, opts Options) Integration {
	t.Helper()
	cfg := api.Integration{Type: api.IntegrationLambdaProxy, Function: "Fn", PayloadVersion: version}
	in, err := New(cfg, func(string) (Invoker, error) { return inv, nil }, opts)
	if err != nil {
		t.Fatalf("New: got %v; want nil", err)
	}
	return in
}
