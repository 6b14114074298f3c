package mapping

import (
	"errors"
	"net/http"
	"testing"

	"github.com/apigw/apigw/internal/request"
)

// TestParseRefuses: what AWS refuses at deploy is a load error here, each
// with its sentinel (DG http-api-parameter-mapping).
func TestParseRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, key, value string
		want             error
	}{
		{"no operation", "header.x", "v", ErrSyntax},
		{"unknown operation", "replace:header.x", "v", ErrSyntax},
		{"unknown target", "overwrite:body.x", "v", ErrSyntax},
		{"path appended", "append:path", "/x", ErrSyntax},
		{"empty header name", "overwrite:header.", "v", ErrSyntax},
		{"reserved header", "overwrite:header.Authorization", "v", ErrReserved},
		{"reserved prefix", "append:header.X-Amzn-Trace-Id", "v", ErrReserved},
		{"unknown variable", "overwrite:header.a", "$request.cookie.x", ErrSyntax},
		{"unclosed expression", "overwrite:header.a", "a-${request.path.x", ErrSyntax},
		{"body is not supported yet", "overwrite:header.a", "$request.body.name", ErrUnsupported},
		{"unknown context variable", "overwrite:header.a", "${context.nope}", ErrUnsupported},
		{"a control character in a header's static text", "overwrite:header.a", "x\r\nInjected: 1", ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Parse(tt.key, tt.value); !errors.Is(err, tt.want) {
				t.Fatalf("Parse(%q, %q) = %v; want %v", tt.key, tt.value, err, tt.want)
			}
		})
	}
}

// TestApply: each operation on headers, query strings and the path, with
// values from the request, the context, stage variables and static text.
func TestApply(t *testing.T) {
	t.Parallel()
	req := &request.Request{
		Method: "GET", Path: "/pets/7", RequestID: "rid", Stage: "$default", StageVariables: map[string]string{"v": "sv"},
		Headers:    []request.Field{{Name: "X-User", Value: "a"}, {Name: "x-user", Value: "b"}, {Name: "X-Drop", Value: "d"}},
		Query:      []request.Field{{Name: "q", Value: "1"}, {Name: "q", Value: "2"}},
		PathParams: []request.Field{{Name: "id", Value: "7"}},
	}
	params := map[string]string{
		"overwrite:header.x-who":     "$request.header.x-user",
		"append:header.x-drop":       "static",
		"remove:header.x-drop":       "",
		"overwrite:querystring.q":    "${request.querystring.q}|${context.requestId}",
		"append:querystring.stage":   "$stageVariables.v",
		"overwrite:header.x-route":   "$context.routeKey",
		"overwrite:header.x-az-user": "$context.authorizer.user",
		"overwrite:path":             "/v2/items/${request.path.id}",
		"overwrite:header.x-path":    "$context.path",
	}
	l, err := ParseAll(params)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := http.NewRequest("GET", "http://backend/x?keep=1", nil)
	out.Header.Set("X-Drop", "d")
	if err := l.Apply(out, req, Vars{RouteKey: "GET /pets/{id}", Authorizer: map[string]string{"user": "u1"}}); err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"headers comma-joined", out.Header.Get("X-Who"), "a,b"},
		{"remove wins over append (applied after it)", out.Header.Get("X-Drop"), ""},
		{"query overwritten and appended", out.URL.RawQuery, "keep=1&q=1%2C2%7Crid&stage=sv"},
		{"route key", out.Header.Get("X-Route"), "GET /pets/{id}"},
		{"authorizer context", out.Header.Get("X-Az-User"), "u1"},
		{"path", out.URL.EscapedPath(), "/v2/items/7"},
		{"V-11 $context.path on the $default stage has no stage segment", out.Header.Get("X-Path"), "/pets/7"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q; want %q", c.name, c.got, c.want)
		}
	}
}

// TestApplyRefusesDotSegments: an overwritten path never leaves the path
// the authorizer saw (BAD-3).
func TestApplyRefusesDotSegments(t *testing.T) {
	t.Parallel()
	l, err := ParseAll(map[string]string{"overwrite:path": "/files/${request.path.name}"})
	if err != nil {
		t.Fatal(err)
	}
	req := &request.Request{PathParams: []request.Field{{Name: "name", Value: "%2E%2E"}}}
	out, _ := http.NewRequest("GET", "http://backend/x", nil)
	if err := l.Apply(out, req, Vars{}); !errors.Is(err, ErrPath) {
		t.Fatalf("Apply = %v; want ErrPath", err)
	}
}

// TestResponses: response parameters apply to the integration status they
// name: the status overwritten, headers appended, overwritten and removed,
// values from the response's own headers; $response in a request
// parameter and a status outside 200-599 are refused.
func TestResponses(t *testing.T) {
	t.Parallel()
	r, err := ParseResponses(map[string]map[string]string{
		"200": {"overwrite:statuscode": "201", "overwrite:header.x-backend": "$response.header.server", "remove:header.server": "", "append:header.x-id": "${context.requestId}"},
		"404": {"overwrite:statuscode": "$response.header.x-status"},
	})
	if err != nil {
		t.Fatal(err)
	}
	req := &request.Request{RequestID: "rid"}
	status, h, err := r.Apply(200, []request.Field{{Name: "Server", Value: "nginx"}, {Name: "X-Id", Value: "a"}}, req, Vars{})
	if err != nil || status != 201 {
		t.Fatalf("status %d err %v; want 201", status, err)
	}
	want := []request.Field{{Name: "X-Id", Value: "a"}, {Name: "x-id", Value: "rid"}, {Name: "x-backend", Value: "nginx"}}
	if len(h) != len(want) {
		t.Fatalf("headers %v; want %v", h, want)
	}
	for i := range want {
		if h[i] != want[i] {
			t.Fatalf("headers %v; want %v", h, want)
		}
	}
	if s, _, _ := r.Apply(500, nil, req, Vars{}); s != 500 {
		t.Fatalf("a status without entries became %d", s)
	}
	if _, _, err := r.Apply(404, []request.Field{{Name: "x-status", Value: "99"}}, req, Vars{}); !errors.Is(err, ErrStatus) {
		t.Fatalf("status 99: err %v; want ErrStatus", err)
	}
	if _, err := Parse("overwrite:header.a", "$response.header.b"); !errors.Is(err, ErrSyntax) {
		t.Fatalf("$response in a request parameter: err %v; want ErrSyntax", err)
	}
	if _, err := ParseResponses(map[string]map[string]string{"99": {"overwrite:statuscode": "200"}}); !errors.Is(err, ErrSyntax) {
		t.Fatalf("status key 99: err %v; want ErrSyntax", err)
	}
}

// TestApplyNeverWritesAControlCharacter: a value read from the request
// that cannot be written in a header (an authorizer's context with CR LF)
// is not written, in a request or a response.
func TestApplyNeverWritesAControlCharacter(t *testing.T) {
	t.Parallel()
	vars := Vars{Authorizer: map[string]string{"v": "a\r\nX-Injected: 1"}}
	l, _ := ParseAll(map[string]string{"overwrite:header.x-a": "$context.authorizer.v", "append:header.x-b": "$context.authorizer.v"})
	out, _ := http.NewRequest("GET", "http://backend/x", nil)
	out.Header.Set("X-A", "old")
	if err := l.Apply(out, &request.Request{}, vars); err != nil || out.Header.Get("X-A") != "" || len(out.Header["X-B"]) != 0 {
		t.Fatalf("request headers %v, err %v; want x-a removed and x-b not added", out.Header, err)
	}
	r, _ := ParseResponses(map[string]map[string]string{"200": {"overwrite:header.x-a": "$context.authorizer.v"}})
	_, h, err := r.Apply(200, []request.Field{{Name: "x-a", Value: "old"}}, &request.Request{}, vars)
	if err != nil || len(h) != 0 {
		t.Fatalf("response headers %v, err %v; want none", h, err)
	}
}
