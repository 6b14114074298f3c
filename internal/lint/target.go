package lint

import (
	"slices"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// target is one concrete request a probe sends to a route: a method and
// a path with sample values for the route's parameters.
type target struct {
	route  *api.Route
	method string
	path   string
	params []request.Field
}

func (t target) String() string { return t.method + " " + t.path }

// targetsOf returns every route's targets: each method (ANY stands for
// every verb, GET first) on each sample path, two samples when the path
// has parameters so that a policy naming one path shows on the other.
func targetsOf(routes []*api.Route) []target {
	var out []target
	for _, r := range routes {
		for _, m := range methodsOf(r) {
			for i := 1; i <= samplesOf(r.Path); i++ {
				p, params := samplePath(r.Path, i)
				out = append(out, target{route: r, method: m, path: p, params: params})
			}
		}
	}
	return out
}

func methodsOf(r *api.Route) []string {
	if r.Method != api.MethodAny {
		return []string{r.Method}
	}
	ms := slices.DeleteFunc(slices.Clone(api.AnyMethods), func(m string) bool { return m == "GET" })
	return append([]string{"GET"}, ms...)
}

func samplesOf(path string) int {
	if strings.Contains(path, "{") {
		return 2
	}
	return 1
}

// samplePath fills each parameter of the template with its name and n:
// "/pets/{id}" gives "/pets/id1" and id=id1.
func samplePath(tmpl string, n int) (string, []request.Field) {
	parts, err := api.ParsePath(tmpl)
	if err != nil || len(parts) == 0 {
		return tmpl, nil
	}
	segs := make([]string, len(parts))
	var params []request.Field
	for i, p := range parts {
		segs[i] = p.Text
		if p.Kind != api.PartLiteral {
			segs[i] = p.Text + strconv.Itoa(n)
			params = append(params, request.Field{Name: p.Text, Value: segs[i]})
		}
	}
	return "/" + strings.Join(segs, "/"), params
}
