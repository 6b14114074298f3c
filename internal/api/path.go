package api

import (
	"errors"
	"fmt"
	"strings"
)

// PathPartKind says how one part of a resource path template matches.
type PathPartKind uint8

// Kinds of path parts.
const (
	PartLiteral PathPartKind = iota
	PartParam                // {name}: one non-empty segment
	PartGreedy               // {name+}: one or more segments, last part only
)

// PathPart is one '/'-separated piece of a resource path template.
type PathPart struct {
	Kind PathPartKind
	Text string // the literal, or the parameter name without braces and '+'
}

// Errors of ParsePath; every loader and the router report these.
var (
	ErrPathTemplate  = errors.New("malformed resource path")
	ErrGreedyNotLast = errors.New("greedy path part must be last and cannot have child resources")
)

// ParsePath reads a resource path template such as "/pets/{id}" as API
// Gateway accepts it: it starts with '/', has no empty part, each part is a
// literal or one whole {name} / {name+}, names are unique, a greedy part is
// last (PIPE-4), and there are no spaces, control characters or '%' (a
// template is written decoded). The root "/" has no parts. It is the one
// place path templates are checked.
func ParsePath(path string) ([]PathPart, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("%w: must start with '/'", ErrPathTemplate)
	}
	if path == "/" {
		return nil, nil
	}
	pieces := strings.Split(path[1:], "/")
	parts := make([]PathPart, 0, len(pieces))
	for i, s := range pieces {
		p, err := parsePathPart(s)
		if err != nil {
			return nil, err
		}
		if p.Kind == PartGreedy && i != len(pieces)-1 {
			return nil, fmt.Errorf("%w (PIPE-4): {%s+} is followed by %q", ErrGreedyNotLast, p.Text, strings.Join(pieces[i+1:], "/"))
		}
		if p.Kind != PartLiteral && hasParam(parts, p.Text) {
			return nil, fmt.Errorf("%w: parameter %q appears twice", ErrPathTemplate, p.Text)
		}
		parts = append(parts, p)
	}
	return parts, nil
}

func parsePathPart(s string) (PathPart, error) {
	if s == "" {
		return PathPart{}, fmt.Errorf("%w: empty path part (a doubled or trailing '/')", ErrPathTemplate)
	}
	inner, isVar := strings.CutPrefix(s, "{")
	if isVar {
		inner, isVar = strings.CutSuffix(inner, "}")
	}
	if !isVar {
		if strings.ContainsAny(s, "{}") || !validPathChars(s) {
			return PathPart{}, fmt.Errorf("%w: malformed path part %q (a part is a literal or one whole {name})", ErrPathTemplate, s)
		}
		return PathPart{Kind: PartLiteral, Text: s}, nil
	}
	kind := PartParam
	if name, ok := strings.CutSuffix(inner, "+"); ok {
		kind, inner = PartGreedy, name
	}
	if inner == "" || strings.ContainsAny(inner, "{}+") || !validPathChars(inner) {
		return PathPart{}, fmt.Errorf("%w: malformed path part %q", ErrPathTemplate, s)
	}
	return PathPart{Kind: kind, Text: inner}, nil
}

func validPathChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f || c == '%' {
			return false
		}
	}
	return true
}

func hasParam(parts []PathPart, name string) bool {
	for _, p := range parts {
		if p.Kind != PartLiteral && p.Text == name {
			return true
		}
	}
	return false
}
