package router

import "strings"

// partKind says how one part of a resource path template matches.
type partKind uint8

const (
	partLiteral partKind = iota
	partParam            // {name}: one non-empty segment
	partGreedy           // {name+}: one or more segments, last part only
)

// part is one '/'-separated piece of a resource path template.
type part struct {
	kind partKind
	text string // the literal, or the parameter name
}

// parseTemplate splits a resource path such as "/pets/{id}" into parts. The
// root "/" has none.
func parseTemplate(path string) ([]part, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, errorf(ErrTemplate, "must start with '/'")
	}
	if path == "/" {
		return nil, nil
	}
	pieces := strings.Split(path[1:], "/")
	parts := make([]part, 0, len(pieces))
	for i, s := range pieces {
		p, err := parsePart(s)
		if err != nil {
			return nil, err
		}
		if p.kind == partGreedy && i != len(pieces)-1 {
			return nil, errorf(ErrGreedyNotLast, "{%s+} is followed by %q", p.text, strings.Join(pieces[i+1:], "/"))
		}
		if p.kind != partLiteral && paramIndex(parts, p.text) >= 0 {
			return nil, errorf(ErrTemplate, "parameter %q appears twice", p.text)
		}
		parts = append(parts, p)
	}
	return parts, nil
}

// parsePart reads one segment of a template.
func parsePart(s string) (part, error) {
	if s == "" {
		return part{}, errorf(ErrTemplate, "empty path part (a doubled or trailing '/')")
	}
	inner, isVar := strings.CutPrefix(s, "{")
	if isVar {
		inner, isVar = strings.CutSuffix(inner, "}")
	}
	if !isVar {
		if strings.ContainsAny(s, "{}") || !validChars(s) {
			return part{}, errorf(ErrTemplate, "malformed path part %q", s)
		}
		return part{kind: partLiteral, text: s}, nil
	}
	kind := partParam
	if name, ok := strings.CutSuffix(inner, "+"); ok {
		kind, inner = partGreedy, name
	}
	if inner == "" || strings.ContainsAny(inner, "{}+") || !validChars(inner) {
		return part{}, errorf(ErrTemplate, "malformed path part %q", s)
	}
	return part{kind: kind, text: inner}, nil
}

// validChars rejects spaces, control characters and '%' (a template is
// written decoded; an escape in it could never equal a decoded segment).
func validChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f || c == '%' {
			return false
		}
	}
	return true
}

func paramIndex(parts []part, name string) int {
	for i, p := range parts {
		if p.kind != partLiteral && p.text == name {
			return i
		}
	}
	return -1
}
