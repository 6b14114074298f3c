package openapi

import (
	"strings"
)

// pathTemplate is a resource path split into its parts.
type pathTemplate struct {
	params []string // path parameter names, greedy ones without "+"
	// variable is the parent path and variable part of each segment that
	// is a parameter, for the one-variable-sibling rule.
	variables map[string]string
}

// parsePath checks a resource path as API Gateway does: it starts with
// "/", has no empty segments, each segment is a literal or one whole
// {name} / {name+}, parameter names are unique, and a greedy {name+} is
// the last segment (PIPE-4).
func parsePath(p string) (pathTemplate, string) {
	t := pathTemplate{variables: map[string]string{}}
	if !strings.HasPrefix(p, "/") {
		return t, "must start with /"
	}
	if p == "/" {
		return t, ""
	}
	segments := strings.Split(p[1:], "/")
	for i, seg := range segments {
		name, greedy, msg := parseSegment(seg)
		if msg != "" {
			return t, msg
		}
		if greedy && i != len(segments)-1 {
			return t, "greedy path parameter {" + name + "+} must be the last segment (PIPE-4)"
		}
		if name == "" {
			continue
		}
		for _, seen := range t.params {
			if seen == name {
				return t, "path parameter {" + name + "} appears twice"
			}
		}
		t.params = append(t.params, name)
		t.variables["/"+strings.Join(segments[:i], "/")] = seg
	}
	return t, ""
}

// parseSegment returns the parameter name of a {name} or {name+} segment
// ("" for a literal) or a message saying what is wrong.
func parseSegment(seg string) (name string, greedy bool, msg string) {
	if seg == "" {
		return "", false, "has an empty segment (a doubled or trailing /)"
	}
	if !strings.ContainsAny(seg, "{}") {
		return "", false, ""
	}
	inner, ok := strings.CutPrefix(seg, "{")
	inner, ok2 := strings.CutSuffix(inner, "}")
	if !ok || !ok2 {
		return "", false, "segment " + seg + " mixes a parameter with literal text; a segment is either literal or one {name}"
	}
	inner, greedy = strings.CutSuffix(inner, "+")
	if inner == "" || strings.ContainsAny(inner, "{}+") {
		return "", false, "segment " + seg + " is not a valid {name} or {name+} parameter"
	}
	return inner, greedy, ""
}
