package openapi

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// pathTemplate is a resource path split into its parts.
type pathTemplate struct {
	params []string // path parameter names, greedy ones without "+"
	// variables maps each parent path to the variable segment under it,
	// for the one-variable-sibling rule.
	variables map[string]string
}

// parsePath checks a resource path with api.ParsePath (the checker the
// router and every loader share) and returns its parameters, or a message
// saying what is wrong.
func parsePath(p string) (pathTemplate, string) {
	t := pathTemplate{variables: map[string]string{}}
	parts, err := api.ParsePath(p)
	if err != nil {
		return t, err.Error()
	}
	segments := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, part := range parts {
		if part.Kind == api.PartLiteral {
			continue
		}
		t.params = append(t.params, part.Text)
		t.variables["/"+strings.Join(segments[:i], "/")] = segments[i]
	}
	return t, ""
}
