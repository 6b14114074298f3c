package router

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

func route(method, path string) *api.Route {
	return &api.Route{Method: method, Path: path, Source: api.Location{File: "t.yaml", LogicalID: method + " " + path}}
}

func mustNew(t testing.TB, routes []*api.Route) *Router {
	t.Helper()
	r, err := New(routes)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

// tree is a route set covering every precedence rule.
var tree = []*api.Route{
	route("GET", "/"),
	route("ANY", "/{proxy+}"),
	route("GET", "/pets"),
	route("POST", "/pets"),
	route("GET", "/pets/{id}"),
	route("ANY", "/pets/{id}"),
	route("GET", "/pets/{id}/toys"),
	route("GET", "/pets/mine"),
	route("PATCH", "/users/me"),
	route("GET", "/users/{userId}"),
	route("GET", "/things/real"),
	route("ANY", "/things/{proxy+}"),
	route("OPTIONS", "/cors_only"),
	route("GET", "/jobs/{op}"),
	route("GET", "/a/b"),
	route("GET", "/a/{x}/c"),
}

func TestMatch(t *testing.T) {
	t.Parallel()
	r := mustNew(t, tree)
	tests := []struct {
		name, method, path string
		want               string // "METHOD /template", or "" for an error
		wantParams         []request.Field
		wantErr            error
	}{
		{name: "root", method: "GET", path: "/", want: "GET /"},
		{name: "PIPE-4 /{proxy+} does not match the root", method: "POST", path: "/", wantErr: ErrNoRoute},
		{name: "PIPE-3 literal beats greedy", method: "GET", path: "/pets", want: "GET /pets"},
		{name: "PIPE-4 trailing slash ignored", method: "GET", path: "/pets/", want: "GET /pets"},
		{name: "PIPE-4 several trailing slashes ignored", method: "GET", path: "/pets//", want: "GET /pets"},
		{name: "PIPE-3 explicit verb beats ANY", method: "GET", path: "/pets/7", want: "GET /pets/{id}", wantParams: fields("id", "7")},
		{name: "PIPE-3 ANY on the same resource serves other verbs", method: "DELETE", path: "/pets/7", want: "ANY /pets/{id}", wantParams: fields("id", "7")},
		{name: "PIPE-3 literal beats param", method: "GET", path: "/pets/mine", want: "GET /pets/mine"},
		{name: "PIPE-3 literal lacking the verb yields to the param sibling", method: "PUT", path: "/pets/mine", want: "ANY /pets/{id}", wantParams: fields("id", "mine")},
		{name: "PIPE-3 OBS floci#3399 GET /users/me goes to /users/{userId}", method: "GET", path: "/users/me", want: "GET /users/{userId}", wantParams: fields("userId", "me")},
		{name: "PIPE-3 literal wins when it has the verb", method: "PATCH", path: "/users/me", want: "PATCH /users/me"},
		{name: "PIPE-3 OBS floci#3399 verb mismatch on a literal falls to the greedy sibling", method: "POST", path: "/things/real", want: "ANY /things/{proxy+}", wantParams: fields("proxy", "real")},
		{name: "PIPE-3 parent subtree wins for /parent/...", method: "GET", path: "/things/a/b", want: "ANY /things/{proxy+}", wantParams: fields("proxy", "a/b")},
		{name: "PIPE-3 OBS ministack#1423 method-less resource falls to /{proxy+}", method: "GET", path: "/jobs", want: "ANY /{proxy+}", wantParams: fields("proxy", "jobs")},
		{name: "PIPE-3 OBS ministack#1423 OPTIONS-only resource falls to /{proxy+}", method: "GET", path: "/cors_only", want: "ANY /{proxy+}", wantParams: fields("proxy", "cors_only")},
		{name: "PIPE-3 OBS ministack#1423 declared verb mismatch falls to /{proxy+}", method: "POST", path: "/jobs/reboot", want: "ANY /{proxy+}", wantParams: fields("proxy", "jobs/reboot")},
		{name: "backtrack from a dead-end literal into the param branch", method: "GET", path: "/a/b/c", want: "GET /a/{x}/c", wantParams: fields("x", "b")},
		{name: "L-1 greedy value has no leading slash", method: "GET", path: "/hello/world", want: "ANY /{proxy+}", wantParams: fields("proxy", "hello/world")},
		{name: "greedy value drops trailing slashes", method: "GET", path: "/hello/world/", want: "ANY /{proxy+}", wantParams: fields("proxy", "hello/world")},
		{name: "L-9 an inner // reaches no literal; the greedy resource takes it as sent", method: "GET", path: "/a//b", want: "ANY /{proxy+}", wantParams: fields("proxy", "a//b")},
		{name: "an empty segment never fills a {param}", method: "GET", path: "/pets//toys", want: "ANY /{proxy+}", wantParams: fields("proxy", "pets//toys")},
		{name: "L-9 greedy value keeps an inner // and drops the trailing slash", method: "GET", path: "/hello//world/", want: "ANY /{proxy+}", wantParams: fields("proxy", "hello//world")},
		{name: "PIPE-4 L-9 leading // routes like /", method: "GET", path: "//pets/7", want: "GET /pets/{id}", wantParams: fields("id", "7")},
		{name: "PIPE-4 leading and trailing runs around the root", method: "GET", path: "///", want: "GET /"},
		{name: "BAD-3 .. segment", method: "GET", path: "/pets/../users/me", wantErr: ErrDotSegment},
		{name: "BAD-3 . segment", method: "GET", path: "/pets/./7", wantErr: ErrDotSegment},
		{name: "BAD-3 %2e%2E segment", method: "GET", path: "/pets/%2e%2E/x", wantErr: ErrDotSegment},
		{name: "BAD-3 .%2e segment at the end", method: "GET", path: "/pets/.%2e", wantErr: ErrDotSegment},
		{name: "BAD-3 dot segment behind %2F", method: "GET", path: "/pets/a%2F..%2Fb", wantErr: ErrDotSegment},
		{name: "BAD-3 dot segment is a bad path", method: "GET", path: "/..", wantErr: ErrBadPath},
		{name: "BAD-3 dots inside a segment are not a dot segment", method: "GET", path: "/.well-known/a..b", want: "ANY /{proxy+}", wantParams: fields("proxy", ".well-known/a..b")},
		{name: "param value stays percent-encoded", method: "GET", path: "/pets/a%20b", want: "GET /pets/{id}", wantParams: fields("id", "a%20b")},
		{name: "%2F stays inside one param value", method: "GET", path: "/pets/a%2Fb/toys", want: "GET /pets/{id}/toys", wantParams: fields("id", "a%2Fb")},
		{name: "plus is not a space in a path", method: "GET", path: "/pets/a+b", want: "GET /pets/{id}", wantParams: fields("id", "a+b")},
		{name: "greedy value stays percent-encoded, as REST APIs pass it", method: "GET", path: "/x/%41%2Fy", want: "ANY /{proxy+}", wantParams: fields("proxy", "x/%41%2Fy")},
		{name: "literal compares decoded", method: "GET", path: "/p%65ts", want: "GET /pets"},
		{name: "PIPE-4 ANY does not cover other verbs", method: "TRACE", path: "/anything", wantErr: ErrNoRoute},
		{name: "request verb ANY is not a wildcard", method: "ANY", path: "/pets", wantErr: ErrNoRoute},
		{name: "verbs are case-sensitive", method: "get", path: "/pets", wantErr: ErrNoRoute},
		{name: "bad escape", method: "GET", path: "/pets/%zz", wantErr: ErrBadPath},
		{name: "truncated escape", method: "GET", path: "/pets/%4", wantErr: ErrBadPath},
		{name: "no leading slash", method: "GET", path: "pets", wantErr: ErrBadPath},
		{name: "empty path", method: "GET", path: "", wantErr: ErrBadPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, params, err := r.Match(tt.method, tt.path, nil)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || rt != nil {
					t.Fatalf("Match(%s %s) = %v, %v; want error %v", tt.method, tt.path, describe(rt), err, tt.wantErr)
				}
				return
			}
			if err != nil || describe(rt) != tt.want || !slices.Equal(params, tt.wantParams) {
				t.Fatalf("Match(%s %s) = %s %v, %v; want %s %v", tt.method, tt.path, describe(rt), params, err, tt.want, tt.wantParams)
			}
			ort, oparams, oerr := oracleMatch(tree, tt.method, tt.path)
			if ort != rt || !slices.Equal(oparams, params) || oerr != nil {
				t.Fatalf("oracle disagrees: got %s %v, %v", describe(ort), oparams, oerr)
			}
		})
	}
}

// TestPIPE2WrongMethod: a path whose only resource lacks the verb is a miss.
func TestPIPE2WrongMethod(t *testing.T) {
	t.Parallel()
	r := mustNew(t, []*api.Route{route("GET", "/pets")})
	for _, c := range []struct{ method, path string }{{"POST", "/pets"}, {"GET", "/users"}, {"GET", "/pets/1"}, {"GET", "/"}} {
		if rt, _, err := r.Match(c.method, c.path, nil); !errors.Is(err, ErrNoRoute) {
			t.Errorf("Match(%s %s) = %s, %v; want ErrNoRoute", c.method, c.path, describe(rt), err)
		}
	}
}

func TestMatchReusesParams(t *testing.T) {
	t.Parallel()
	r := mustNew(t, tree)
	buf := make([]request.Field, 0, 4)
	buf = append(buf, request.Field{Name: "stale", Value: "x"})
	_, got, err := r.Match("GET", "/pets/9/toys", buf)
	if err != nil || !slices.Equal(got, fields("id", "9")) || &got[:1][0] != &buf[:1][0] {
		t.Fatalf("Match with a reused slice = %v, %v; want [id=9] in the caller's array", got, err)
	}
	if _, got, _ = r.Match("GET", "/pets", got); len(got) != 0 {
		t.Fatalf("Match without params = %v; want empty", got)
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		routes []*api.Route
		want   error
	}{
		{"PIPE-4 greedy not last", []*api.Route{route("GET", "/{proxy+}/x")}, ErrGreedyNotLast},
		{"PIPE-4 greedy with a child resource", []*api.Route{route("GET", "/a/{proxy+}"), route("GET", "/a/{proxy+}/b")}, ErrGreedyNotLast},
		{"duplicate path and method", []*api.Route{route("GET", "/a"), route("GET", "/a")}, ErrDuplicateRoute},
		{"duplicate ANY", []*api.Route{route("ANY", "/a/{id}"), route("ANY", "/a/{id}")}, ErrDuplicateRoute},
		{"empty braces", []*api.Route{route("GET", "/{}")}, ErrTemplate},
		{"empty greedy name", []*api.Route{route("GET", "/{+}")}, ErrTemplate},
		{"brace inside a literal", []*api.Route{route("GET", "/a{b}")}, ErrTemplate},
		{"unbalanced brace", []*api.Route{route("GET", "/{a")}, ErrTemplate},
		{"nested braces", []*api.Route{route("GET", "/{{a}}")}, ErrTemplate},
		{"plus inside a name", []*api.Route{route("GET", "/{a+b}")}, ErrTemplate},
		{"no leading slash", []*api.Route{route("GET", "pets")}, ErrTemplate},
		{"trailing slash", []*api.Route{route("GET", "/pets/")}, ErrTemplate},
		{"double slash", []*api.Route{route("GET", "/a//b")}, ErrTemplate},
		{"space", []*api.Route{route("GET", "/a b")}, ErrTemplate},
		{"escape in a literal", []*api.Route{route("GET", "/a%20b")}, ErrTemplate},
		{"parameter twice", []*api.Route{route("GET", "/a/{id}/b/{id}")}, ErrTemplate},
		{"sibling params with different names", []*api.Route{route("GET", "/u/{id}"), route("GET", "/u/{userId}/x")}, ErrSiblingVar},
		{"param and greedy siblings", []*api.Route{route("GET", "/{id}"), route("ANY", "/{proxy+}")}, ErrSiblingVar},
		{"lowercase method", []*api.Route{route("get", "/a")}, ErrMethod},
		{"unknown method", []*api.Route{route("TRACE", "/a")}, ErrMethod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := New(tt.routes)
			var re *RouteError
			if r != nil || !errors.Is(err, tt.want) || !errors.As(err, &re) {
				t.Fatalf("New = %v, %v; want error %v in a *RouteError", r, err, tt.want)
			}
			if bad := tt.routes[len(tt.routes)-1]; re.Location != bad.Source || re.Path != bad.Path {
				t.Fatalf("RouteError at %v %q; want %v %q", re.Location, re.Path, bad.Source, bad.Path)
			}
		})
	}
}

func TestNewReportsEveryError(t *testing.T) {
	t.Parallel()
	_, err := New([]*api.Route{route("GET", "/{}"), route("GET", "/ok"), route("PUT", "/a{b}")})
	var n int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if errors.Is(e, ErrTemplate) {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("New: got %d template errors in %v; want 2", n, err)
	}
}

// TestRecordedRouting pins the routing AWS was recorded doing (the
// corrected PIPE-2 and PIPE-3 of 2026-12-05), one route set per recording.
func TestRecordedRouting(t *testing.T) {
	t.Parallel()
	sets := []struct {
		name   string
		routes []*api.Route
		cases  []struct{ method, path, want string }
	}{
		{"PIPE-2 a resource lacking the method yields to a greedy one", []*api.Route{route("POST", "/test"), route("OPTIONS", "/{proxy+}")},
			[]struct{ method, path, want string }{{"OPTIONS", "/test", "OPTIONS /{proxy+}"}, {"POST", "/test", "POST /test"}, {"GET", "/test", "<nil>"}}},
		{"PIPE-2 no matching resource has the method", []*api.Route{route("GET", "/existing")},
			[]struct{ method, path, want string }{{"POST", "/existing", "<nil>"}, {"GET", "/existing", "GET /existing"}}},
		{"PIPE-3 backtracking to a greedy root", []*api.Route{route("GET", "/part1"), route("GET", "/part1/hardcoded-value"), route("GET", "/{param+}")},
			[]struct{ method, path, want string }{{"GET", "/part1", "GET /part1"}, {"GET", "/part1/hardcoded-value", "GET /part1/hardcoded-value"},
				{"GET", "/part1/random-value", "GET /{param+}"}}},
		{"PIPE-3 a specific ANY beats a greedy explicit method", []*api.Route{route("ANY", "/test/any"), route("OPTIONS", "/{proxy+}")},
			[]struct{ method, path, want string }{{"OPTIONS", "/test/any", "ANY /test/any"}, {"GET", "/test/any", "ANY /test/any"}, {"OPTIONS", "/other", "OPTIONS /{proxy+}"}}},
		{"PIPE-4 L-9 // after the stage and trailing slashes route like the bare path", []*api.Route{route("GET", "/hardcoded"), route("ANY", "/{proxy+}")},
			[]struct{ method, path, want string }{{"GET", "//hardcoded", "GET /hardcoded"}, {"GET", "/hardcoded/", "GET /hardcoded"}, {"GET", "/hardcoded///", "GET /hardcoded"}}},
	}
	for _, set := range sets {
		r := mustNew(t, set.routes)
		for _, c := range set.cases {
			rt, _, err := r.Match(c.method, c.path, nil)
			if describe(rt) != c.want || (rt == nil) != errors.Is(err, ErrNoRoute) {
				t.Errorf("%s: Match(%s %s) = %s, %v; want %s", set.name, c.method, c.path, describe(rt), err, c.want)
			}
		}
	}
}

func fields(kv ...string) []request.Field {
	var f []request.Field
	for i := 0; i+1 < len(kv); i += 2 {
		f = append(f, request.Field{Name: kv[i], Value: kv[i+1]})
	}
	return f
}

func describe(rt *api.Route) string {
	if rt == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%s %s", rt.Method, rt.Path)
}

// TestDefaultRoute pins an HTTP API's $default route: it answers what no
// other route matches, any verb, without path parameters, and never
// shadows a route that matches (V-11).
func TestDefaultRoute(t *testing.T) {
	t.Parallel()
	def := &api.Route{Method: api.MethodAny, Path: "/{proxy+}", Key: api.RouteKeyDefault}
	get := &api.Route{Method: "GET", Path: "/pets/{id}", Key: "GET /pets/{id}"}
	root := &api.Route{Method: api.MethodAny, Path: "/{id}", Key: "ANY /{id}"}
	r, err := New([]*api.Route{def, get, root})
	if err != nil {
		t.Fatalf("New: %v ($default beside a root variable must not conflict)", err)
	}
	tests := []struct {
		name, method, path string
		want               *api.Route
		params             int
	}{
		{"explicit route wins", "GET", "/pets/7", get, 1},
		{"root variable wins", "PUT", "/x", root, 1},
		{"other verb: $default", "POST", "/pets/7", def, 0},
		{"deeper path: $default", "GET", "/a/b/c", def, 0},
		{"root: $default", "GET", "/", def, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, params, err := r.Match(tt.method, tt.path, nil)
			if err != nil || got != tt.want || len(params) != tt.params {
				t.Fatalf("Match = %v %v %v; want %v with %d params", got, params, err, tt.want, tt.params)
			}
		})
	}
	if _, err := New([]*api.Route{def, {Method: api.MethodAny, Path: "/{proxy+}", Key: api.RouteKeyDefault}}); !errors.Is(err, ErrDuplicateRoute) {
		t.Fatalf("two $default routes: %v; want ErrDuplicateRoute", err)
	}
}
