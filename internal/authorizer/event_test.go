package authorizer

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/apigw/apigw/internal/request"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name (rewritten with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, bytes.TrimSuffix(want, []byte("\n"))) {
		t.Fatalf("%s:\n got %s\nwant %s", name, got, want)
	}
}

func TestTokenEventGolden(t *testing.T) {
	t.Parallel()
	got, err := TokenEvent("Bearer a<b>&c", apiBase+"/prod/GET/pets")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "token-event.json", got) // T-1: exactly three fields, token unchanged
	var ev events.APIGatewayCustomAuthorizerRequest
	if err := json.Unmarshal(got, &ev); err != nil || ev.AuthorizationToken != "Bearer a<b>&c" || ev.Type != "TOKEN" {
		t.Fatalf("T-1 decoded with aws-lambda-go: got %+v, %v", ev, err)
	}
}

// goldenRequest is the seed's REQUEST example on GET /pets/7 of /{proxy+}.
func goldenRequest() *request.Request {
	r := tokenRequest("GET", "/pets/7", "")
	r.Headers = []request.Field{
		{Name: "headerauth1", Value: "headerValue1"}, {Name: "X-AMZ-Date", Value: "20170718T062915Z"},
		{Name: "X-M", Value: "a"}, {Name: "X-M", Value: "b"},
	}
	r.Query = []request.Field{{Name: "QueryString1", Value: "queryValue1"}}
	r.StageVariables = map[string]string{"StageVar1": "stageValue1"}
	return r
}

func TestRequestEventGolden(t *testing.T) {
	t.Parallel()
	r := goldenRequest()
	got, err := RequestEvent(r, methodARN(t, r))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "request-event.json", got)
	// compatible with aws-lambda-go's type: decoding and encoding again
	// gives the same bytes, but for the certificate its type cannot leave
	// null and the apiKey it cannot leave out.
	var ev events.APIGatewayCustomAuthorizerRequestTypeRequest
	if err := json.Unmarshal(got, &ev); err != nil {
		t.Fatal(err)
	}
	again, _ := marshal(ev)
	emptyCert := `"clientCert":{"clientCertPem":"","issuerDN":"","serialNumber":"","subjectDN":"","validity":{"notAfter":"","notBefore":""}}`
	again = bytes.Replace(again, []byte(emptyCert), []byte(`"clientCert":null`), 1)
	again = bytes.Replace(again, []byte(`"identity":{"apiKey":"",`), []byte(`"identity":{`), 1)
	if !bytes.Equal(again, got) {
		t.Fatalf("R-1 round trip through aws-lambda-go:\n got %s\nwant %s", again, got)
	}
}

func TestRequestEventEmptyMaps(t *testing.T) {
	t.Parallel()
	r := tokenRequest("GET", "/", "")
	r.PathParams = nil
	got, err := RequestEvent(r, apiBase+"/prod/GET/")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(got, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "stageVariables"} {
		if !reflect.DeepEqual(m[k], map[string]any{}) {
			t.Errorf("R-1 %s with nothing to send: got %v; want {} as in the documented example", k, m[k])
		}
	}
	if _, ok := m["identitySource"]; ok {
		t.Errorf("R-1 REST REQUEST event: got identitySource; want none (V-3 only)")
	}
	identity, _ := m["requestContext"].(map[string]any)["identity"].(map[string]any)
	if _, ok := identity["apiKey"]; ok || identity == nil {
		t.Errorf("R-1 (UNCONFIRMED, as L-10) identity without API keys: got %v; want an object without apiKey", identity)
	}
}

func TestInvokedWithEvent(t *testing.T) {
	t.Parallel()
	inv := seedRequestFunction()
	a, _, _ := setup(t, seedRequestConfig(300), inv)
	r := goldenRequest()
	if _, err := authorize(t, a, r); err != nil {
		t.Fatal(err)
	}
	want, _ := RequestEvent(r, methodARN(t, r))
	if got := *inv.last.Load(); !bytes.Equal(got, want) {
		t.Fatalf("R-1 payload:\n got %s\nwant %s", got, want)
	}
}
