package api

import (
	"errors"
	"fmt"
	"strings"
)

// SourceKind is where an identity value is read from.
type SourceKind string

// Identity source kinds.
const (
	SourceHeader        SourceKind = "header"
	SourceQueryString   SourceKind = "querystring"
	SourceStageVariable SourceKind = "stageVariables"
	SourceContext       SourceKind = "context"
)

// Expression prefixes of identity sources as API Gateway writes them.
const (
	prefixHeader        = "method.request.header."
	prefixQueryString   = "method.request.querystring."
	prefixStageVariable = "stageVariables."
	prefixContext       = "context."
)

// IdentitySource is one parsed identity source expression.
type IdentitySource struct {
	Kind SourceKind
	Name string // header names keep their configured casing; lookups fold case
}

// ErrIdentitySource reports an identity source expression apigw cannot read.
var ErrIdentitySource = errors.New("invalid identity source")

// String renders the expression back in API Gateway's syntax.
func (s IdentitySource) String() string {
	switch s.Kind {
	case SourceHeader:
		return prefixHeader + s.Name
	case SourceQueryString:
		return prefixQueryString + s.Name
	case SourceStageVariable:
		return prefixStageVariable + s.Name
	default:
		return prefixContext + s.Name
	}
}

// ParseIdentitySources parses a comma-separated identity source list such as
// "method.request.header.HeaderAuth1, method.request.querystring.QueryString1"
// . Parts are trimmed; an empty list gives nil.
func ParseIdentitySources(list string) ([]IdentitySource, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	parts := strings.Split(list, ",")
	out := make([]IdentitySource, 0, len(parts))
	for _, p := range parts {
		s, err := ParseIdentitySource(strings.TrimSpace(p))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ParseIdentitySource parses one expression.
func ParseIdentitySource(expr string) (IdentitySource, error) {
	for _, k := range []struct {
		prefix string
		kind   SourceKind
	}{
		{prefixHeader, SourceHeader},
		{prefixQueryString, SourceQueryString},
		{prefixStageVariable, SourceStageVariable},
		{prefixContext, SourceContext},
	} {
		name, ok := strings.CutPrefix(expr, k.prefix)
		if !ok {
			continue
		}
		if !validSourceName(name) {
			return IdentitySource{}, fmt.Errorf("%w %q: empty or malformed name", ErrIdentitySource, expr)
		}
		return IdentitySource{Kind: k.kind, Name: name}, nil
	}
	return IdentitySource{}, fmt.Errorf("%w %q: want method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME", ErrIdentitySource, expr)
}

func validSourceName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if r <= ' ' || r == ',' || r == 0x7f {
			return false
		}
	}
	return true
}
