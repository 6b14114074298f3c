package gateway

import (
	"testing"

	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/request"
	"github.com/google/uuid"
)

// TestNewIDs: the ids newIDs carves are a UUID as uuid's String writes
// it and the extended request id integration.ExtendedRequestID derives
// from that UUID (the event's extendedRequestId and x-amz-apigw-id agree).
func TestNewIDs(t *testing.T) {
	t.Parallel()
	for i := range 1000 {
		var s requestStrings
		id, ext := s.newIDs()
		u, err := uuid.Parse(id)
		if err != nil || u.String() != id {
			t.Fatalf("#%d: request id %q is not a canonical UUID (%v)", i, id, err)
		}
		if want := integration.ExtendedRequestID(id); ext != want {
			t.Fatalf("#%d: extended id of %s: got %q; want %q", i, id, ext, want)
		}
	}
}

// TestRequestStringsKept: strings carved from one buffer keep their text
// while more are added, past the buffer's room too (append moves on to a
// new array; the old strings stay in the old one).
func TestRequestStringsKept(t *testing.T) {
	t.Parallel()
	s := withRoom(8)
	var got []string
	want := []string{"/pets/7", "", "x", "a longer string than the room left", "tail"}
	for _, w := range want {
		got = append(got, s.add([]byte(w)))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("string %d: got %q; want %q", i, got[i], want[i])
		}
	}
}

// TestStringsRoomFitsARN: a request's strings (ids, path, method ARN)
// fit the room the gateway reserves for them: one allocation per request.
func TestStringsRoomFitsARN(t *testing.T) {
	t.Parallel()
	tpl := testAPI(nil, tokenAuth("TokenAuth", "Auth", 300))
	g := &Gateway{cfg: Config{Region: "us-east-1", AccountID: "123456789012"}, apis: []*apiState{{api: tpl.APIs[0], authorizers: map[string]Authorizer{"TokenAuth": nil}}}}
	g.arnRoom = g.methodARNRoom()
	base, err := arn.NewStageBase("us-east-1", "123456789012", tpl.APIs[0].ID, tpl.APIs[0].Stage)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, path string
		base               *arn.StageBase
	}{
		{"root", "GET", "/", nil},
		{"path", "DELETE", "/pets/7/toys", nil},
		{"escaped", "OPTIONS", "/a%20b/%2F/", nil},
		{"path from the stage's base", "DELETE", "/pets/7/toys", &base},
		{"escaped from the stage's base", "OPTIONS", "/a%20b/%2F/", &base},
	} {
		g.apis[0].arnBase = tc.base
		s := withRoom(g.stringsRoom(len(tc.method), len(tc.path)))
		room := cap(s.b)
		x := &exchange{req: &request.Request{Method: tc.method}, st: g.apis[0], strs: s, arnPath: decodedPath(tc.path)}
		x.req.RequestID, x.extendedID = x.strs.newIDs()
		x.strs.add([]byte(tc.path))
		got, err := g.methodARN(x)
		want, _ := arn.Build("us-east-1", "123456789012", x.st.api.ID, x.st.api.Stage, tc.method, x.arnPath)
		if err != nil || got != want {
			t.Fatalf("%s: got %q, %v; want %q", tc.name, got, err, want)
		}
		if cap(x.strs.b) != room {
			t.Fatalf("%s: the strings outgrew their room %d: %d bytes", tc.name, room, len(x.strs.b))
		}
	}
}
