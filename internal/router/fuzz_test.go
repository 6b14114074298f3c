package router

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

var fuzzMethods = append(slices.Clone(api.AnyMethods), api.MethodAny)

// fuzzRoutes reads one route per line ("/template"; the method comes from
// the line's length) and keeps those that New accepts together.
func fuzzRoutes(spec string) []*api.Route {
	var kept []*api.Route
	for line := range strings.SplitSeq(spec, "\n") {
		rt := &api.Route{Method: fuzzMethods[len(line)%len(fuzzMethods)], Path: line}
		if _, err := New(append(slices.Clip(kept), rt)); err == nil {
			kept = append(kept, rt)
		}
	}
	return kept
}

// FuzzMatch: Match never panics, agrees with the brute-force oracle, and a
// match's parameters rebuild the decoded path (without its end slashes)
// from the route's template.
func FuzzMatch(f *testing.F) {
	spec := ""
	for _, rt := range tree {
		spec += rt.Path + "\n"
	}
	for _, p := range []string{"/", "/pets/7", "/pets/mine", "/users/me", "/a/b/c", "/x/%2F/y", "//", "/pets/%zz", "/things/real/", "/a//b", "/a/../b", "//a/%2e/"} {
		for m := range 3 {
			f.Add(spec, uint8(m), p)
		}
	}
	f.Add("/{proxy+}\n/a/{b}/c\n/a/b", uint8(6), "/a/b/c")
	f.Fuzz(func(t *testing.T, spec string, m uint8, path string) {
		routes := fuzzRoutes(spec)
		r, err := New(routes)
		if err != nil {
			t.Fatalf("New on accepted routes: %v", err)
		}
		method := api.AnyMethods[int(m)%len(api.AnyMethods)]
		rt, params, err := r.Match(method, path, make([]request.Field, 0, 2))
		ort, oparams, oerr := oracleMatch(routes, method, path)
		if rt != ort || err != oerr || !slices.Equal(params, oparams) {
			t.Fatalf("Match(%s %q) = %s %v %v; oracle %s %v %v", method, path, describe(rt), params, err, describe(ort), oparams, oerr)
		}
		if rt == nil {
			return
		}
		want, _ := url.PathUnescape("/" + strings.Trim(path, "/"))
		if got, _ := url.PathUnescape(rebuild(rt.Path, params)); got != want {
			t.Fatalf("params %v in %s rebuild %q; want %q", params, rt.Path, got, want)
		}
	})
}

// rebuild substitutes params into a template.
func rebuild(template string, params []request.Field) string {
	parts, _ := parseTemplate(template)
	var b strings.Builder
	for _, p := range parts {
		b.WriteByte('/')
		if p.kind == partLiteral {
			b.WriteString(p.text)
			continue
		}
		for _, f := range params {
			if f.Name == p.text {
				b.WriteString(f.Value)
			}
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}
