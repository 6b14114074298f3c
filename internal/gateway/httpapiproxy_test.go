package gateway

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// echoBackend answers with what it received: method, escaped path, raw
// query and headers; /slow waits until the gateway gives up.
func echoBackend(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "path": r.URL.EscapedPath(), "query": r.URL.RawQuery, "headers": r.Header})
	}))
	t.Cleanup(srv.Close)
	return srv
}

type backendSaw struct {
	Method, Path, Query string
	Headers             http.Header
}

func proxyRoute(method, path, uri string, timeoutMs int, params map[string]string) *api.Route {
	return &api.Route{Method: method, Path: path, Integration: api.Integration{Type: api.IntegrationHTTPProxy, URI: uri,
		HTTPMethod: api.MethodAny, PayloadVersion: api.PayloadV1, TimeoutMs: timeoutMs, RequestParameters: params}}
}

// TestHTTPAPIHTTPProxy pins an HTTP API's HTTP proxy integration: the
// greedy {proxy} forwarded as a run of segments, the query passed on, the
// parameter mapping applied (header, query string, path; from the
// request, the context and stage variables), the timeout.
func TestHTTPAPIHTTPProxy(t *testing.T) {
	t.Parallel()
	b := echoBackend(t)
	tpl := httpAPITemplate(api.DefaultStage,
		proxyRoute(api.MethodAny, "/site/{proxy+}", b.URL+"/up/{proxy}", 30000, nil),
		proxyRoute("GET", "/pets/{id}", b.URL+"/ignored", 30000, map[string]string{
			"overwrite:path":              "/v2/pets/${request.path.id}",
			"overwrite:header.x-user":     "$request.header.x-client",
			"append:querystring.stage":    "$stageVariables.v",
			"remove:querystring.debug":    "",
			"overwrite:header.x-route":    "${context.routeKey} ${context.httpMethod}",
			"overwrite:header.x-constant": "fixed",
		}),
		proxyRoute("GET", "/slow", b.URL+"/slow", 50, nil),
	)
	tpl.APIs[0].StageVariables = map[string]string{"v": "sv"}
	s := serveTemplate(t, tpl, nil)
	t.Run("greedy path and query forwarded", func(t *testing.T) {
		r := s.do(t, "POST", "/site/a/b%2Fc?q=1&q=2")
		var saw backendSaw
		if err := json.Unmarshal([]byte(r.body), &saw); err != nil || r.status != 200 {
			t.Fatalf("status %d body %s", r.status, r.body)
		}
		if saw.Method != "POST" || saw.Path != "/up/a/b%2Fc" || saw.Query != "q=1&q=2" {
			t.Fatalf("backend saw %+v; want POST /up/a/b%%2Fc?q=1&q=2", saw)
		}
	})
	t.Run("parameter mapping", func(t *testing.T) {
		r := s.do(t, "GET", "/pets/7?debug=1&keep=k", "X-Client", "alice")
		var saw backendSaw
		if err := json.Unmarshal([]byte(r.body), &saw); err != nil || r.status != 200 {
			t.Fatalf("status %d body %s", r.status, r.body)
		}
		h := saw.Headers
		if saw.Path != "/v2/pets/7" || saw.Query != "keep=k&stage=sv" || h.Get("X-User") != "alice" || h.Get("X-Route") != "GET /pets/{id} GET" || h.Get("X-Constant") != "fixed" {
			t.Fatalf("backend saw %+v; want the mapped path, query and headers", saw)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		r := s.do(t, "GET", "/slow")
		if r.status != 503 || r.body != `{"message":"Service Unavailable"}` {
			t.Fatalf("got %d %s; want 503 {\"message\":\"Service Unavailable\"}", r.status, r.body)
		}
	})
}

// TestHTTPAPIResponseParameters: an HTTP API integration's response
// parameters change the status and headers of the responses whose
// integration status they name, for Lambda and HTTP proxy alike (DG
// http-api-parameter-mapping).
func TestHTTPAPIResponseParameters(t *testing.T) {
	t.Parallel()
	b := echoBackend(t)
	lambda := httpRoute("GET", "/fn", "echo", api.PayloadV2)
	lambda.Integration.ResponseParameters = map[string]map[string]string{
		"200": {"overwrite:statuscode": "202", "append:header.x-route": "$context.routeKey", "overwrite:header.x-type": "$response.header.content-type"},
	}
	proxy := proxyRoute("GET", "/proxy", b.URL+"/x", 30000, nil)
	proxy.Integration.ResponseParameters = map[string]map[string]string{"200": {"remove:header.content-type": ""}, "500": {"overwrite:statuscode": "503"}}
	s := serveTemplate(t, httpAPITemplate(api.DefaultStage, lambda, proxy), map[string]*countingFunc{"echo": echoV2()})
	r := s.do(t, "GET", "/fn")
	if r.status != 202 || r.header.Get("X-Route") != "GET /fn" || r.header.Get("X-Type") != "application/json" {
		t.Fatalf("Lambda route: %d %v; want 202 with x-route GET /fn, x-type application/json", r.status, r.header)
	}
	r = s.do(t, "GET", "/proxy")
	if r.status != 200 || r.header.Get("Content-Type") != "" {
		t.Fatalf("HTTP proxy route: %d %v; want 200 without Content-Type", r.status, r.header)
	}
}
