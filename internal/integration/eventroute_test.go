package integration

import (
	"encoding/json"
	"testing"

	"github.com/apigw/apigw/internal/request"
)

// TestEventV1RouteParts: an event written with the route's stored parts
// is, byte for byte, the event written field by field (as for a request
// whose values differ from the stored ones), and those fixed fields are
// the request's own (L-1, DG-CTX).
func TestEventV1RouteParts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		edit func(r *request.Request)
	}{
		{"REST GET", Options{}, func(*request.Request) {}},
		{"operation name", Options{OperationName: "GetPet"}, func(*request.Request) {}},
		{"HTTP API names its version", Options{HTTPAPI: true}, func(*request.Request) {}},
		{"$default stage", Options{HTTPAPI: true}, func(r *request.Request) { r.Stage = "$default" }},
		{"no stage", Options{}, func(r *request.Request) { r.Stage = "" }},
		{"account from the options", Options{AccountID: "210987654321"}, func(r *request.Request) { r.AccountID = "" }},
		{"values that need escaping", Options{OperationName: `op"x`}, func(r *request.Request) {
			r.Stage, r.Resource, r.APIID = "st\\age", `/{a"b}`, "id\n"
		}},
		{"greedy proxy", Options{}, func(r *request.Request) { *r = *proxyRequest() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := getRequest()
			tt.edit(req)
			stored := &lambdaIntegration{opts: tt.opts}
			stored.appendEventV1(nil, req, authorized) // stores the parts
			withParts := stored.appendEventV1(nil, req, authorized)
			other := &lambdaIntegration{opts: tt.opts}
			otherReq := getRequest()
			otherReq.Stage, otherReq.APIID = "other", "other"
			other.appendEventV1(nil, otherReq, nil) // stores another route's parts
			fieldByField := other.appendEventV1(nil, req, authorized)
			if string(withParts) != string(fieldByField) {
				t.Fatalf("with parts:\n%s\nfield by field:\n%s", withParts, fieldByField)
			}
			checkFixedFields(t, withParts, req, stored.accountID(req), tt.opts.OperationName)
		})
	}
}

// checkFixedFields checks the fields routeParts hold against req.
func checkFixedFields(t *testing.T, event []byte, req *request.Request, accountID, operation string) {
	t.Helper()
	var ev struct {
		Resource string `json:"resource"`
		Path     string `json:"path"`
		Ctx      struct {
			AccountID, APIID, DeploymentID, ResourceID, ResourcePath, Path, Stage, RequestID, OperationName string
		} `json:"requestContext"`
	}
	if err := json.Unmarshal(event, &ev); err != nil {
		t.Fatalf("event is not JSON: %v\n%s", err, event)
	}
	c := ev.Ctx
	got := []string{ev.Resource, ev.Path, c.AccountID, c.APIID, c.DeploymentID, c.ResourceID, c.ResourcePath, c.Path, c.Stage, c.RequestID, c.OperationName}
	want := []string{req.Resource, req.Path, accountID, req.APIID, req.DeploymentID, req.ResourceID, req.Resource, stagePath(req), req.Stage, req.RequestID, operation}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fixed field %d: got %q; want %q", i, got[i], want[i])
		}
	}
}
