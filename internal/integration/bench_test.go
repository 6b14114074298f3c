package integration

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
	"github.com/aws/aws-lambda-go/events"
)

// typicalResponse is what a small JSON API function returns.
const typicalResponse = `{"statusCode":200,"headers":{"Content-Type":"application/json","X-Request-Id":"abc"},"body":"{\"id\":7,\"name\":\"rex\",\"tags\":[\"a\",\"b\"]}","isBase64Encoded":false}`

func BenchmarkEventV1GET(b *testing.B) {
	l := &lambdaIntegration{}
	req := getRequest()
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf = l.appendEventV1(buf[:0], req, authorized)
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkEventV1EncodingJSON is the reference: the same event through
// aws-lambda-go's type and encoding/json.
func BenchmarkEventV1EncodingJSON(b *testing.B) {
	req := getRequest()
	b.ReportAllocs()
	for b.Loop() {
		ev := events.APIGatewayProxyRequest{
			Resource: req.Resource, Path: req.Path, HTTPMethod: req.Method,
			Headers: request.SingleMap(req.Headers), MultiValueHeaders: request.MultiMap(req.Headers),
			QueryStringParameters: request.SingleMap(req.Query), MultiValueQueryStringParameters: request.MultiMap(req.Query),
			PathParameters: request.SingleMap(req.PathParams),
			RequestContext: events.APIGatewayProxyRequestContext{
				AccountID: req.AccountID, APIID: req.APIID, Stage: req.Stage, RequestID: req.RequestID,
				Authorizer: map[string]any{"principalId": authorized.PrincipalID, "integrationLatency": 12, "stringKey": "value"},
			},
		}
		if _, err := json.Marshal(&ev); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResponseV1Parse(b *testing.B) {
	out := []byte(typicalResponse)
	b.ReportAllocs()
	for b.Loop() {
		p, err := parseV1(out)
		if err != nil {
			b.Fatal(err)
		}
		_ = p.response()
	}
}

// BenchmarkResponseV1EncodingJSON is the reference: aws-lambda-go's type
// through encoding/json (which checks neither extra keys nor key case).
func BenchmarkResponseV1EncodingJSON(b *testing.B) {
	out := []byte(typicalResponse)
	b.ReportAllocs()
	for b.Loop() {
		var r events.APIGatewayProxyResponse
		if err := json.Unmarshal(out, &r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLambdaServeGET is one whole Lambda proxy integration call
// around an in-process function: event, invoke, response.
func BenchmarkLambdaServeGET(b *testing.B) {
	in := newLambdaFor(b, api.PayloadV1, returning(typicalResponse, nil), Options{})
	req := getRequest()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := in.Serve(ctx, req, authorized); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLambdaServeGETDeadline is BenchmarkLambdaServeGET around an
// invoker that bounds the call itself (as the Lambda pool does): no
// context with a timer per call.
func BenchmarkLambdaServeGETDeadline(b *testing.B) {
	inv := deadlineFunc(func(context.Context, time.Time, error) ([]byte, error) { return []byte(typicalResponse), nil })
	in := newLambdaFor(b, api.PayloadV1, inv, Options{})
	req := getRequest()
	ctx, cancel := context.WithCancel(context.Background()) // as the frontend's
	defer cancel()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := in.Serve(ctx, req, authorized); err != nil {
			b.Fatal(err)
		}
	}
}

func loopbackBackend(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":7,"name":"rex"}`)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkHTTPProxyRoundTrip is one http_proxy call to a loopback backend.
func BenchmarkHTTPProxyRoundTrip(b *testing.B) {
	srv := loopbackBackend(b)
	cfg := api.Integration{Type: api.IntegrationHTTPProxy, URI: srv.URL + "/pets/{id}"}
	in, err := New(cfg, nil, Options{})
	if err != nil {
		b.Fatal(err)
	}
	req := getRequest()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := in.Serve(ctx, req, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTTPClientBaseline is the floor: a bare http.Client GET of the
// same backend, body read.
func BenchmarkHTTPClientBaseline(b *testing.B) {
	srv := loopbackBackend(b)
	client := &http.Client{Transport: NewTransport()}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Get(srv.URL + "/pets/7?tag=a&tag=b&limit=5")
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
}
