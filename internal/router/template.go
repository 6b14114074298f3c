package router

import "github.com/apigw/apigw/internal/api"

// partKind says how one part of a resource path template matches.
type partKind = api.PathPartKind

const (
	partLiteral = api.PartLiteral
	partParam   = api.PartParam
	partGreedy  = api.PartGreedy
)

// part is one '/'-separated piece of a resource path template.
type part struct {
	kind partKind
	text string // the literal, or the parameter name
}

// parseTemplate splits a resource path such as "/pets/{id}" into parts with
// api.ParsePath, the one checker every loader shares. The root "/" has none.
func parseTemplate(path string) ([]part, error) {
	pp, err := api.ParsePath(path)
	if err != nil {
		return nil, err
	}
	parts := make([]part, len(pp))
	for i, p := range pp {
		parts[i] = part{kind: p.Kind, text: p.Text}
	}
	return parts, nil
}
