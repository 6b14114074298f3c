package api

import (
	"errors"
	"fmt"
	"strings"
)

// SourceKind is where a value is read from: an identity source or a
// gateway response header's source (G-4).
type SourceKind string

// Source kinds. Identity sources are header, querystring, stageVariables
// or context; gateway response headers may also use path and static.
const (
	SourceHeader        SourceKind = "header"
	SourceQueryString   SourceKind = "querystring"
	SourceStageVariable SourceKind = "stageVariables"
	SourceContext       SourceKind = "context"
	SourcePath          SourceKind = "path"
	SourceStatic        SourceKind = "static" // a quoted 'value'
)

// sourcePrefixes is the grammar of source expressions as API Gateway
// writes them; the one place it is spelled out.
var sourcePrefixes = []struct {
	prefix string
	kind   SourceKind
}{
	{"method.request.header.", SourceHeader},
	{"method.request.querystring.", SourceQueryString},
	{"method.request.path.", SourcePath},
	{"stageVariables.", SourceStageVariable},
	{"context.", SourceContext},
}

// Source is one parsed source expression.
type Source struct {
	Kind SourceKind
	// Name is the header, parameter, stage variable or context variable
	// name (header names keep their configured casing; lookups fold case),
	// or the value of a static source.
	Name string
}

// IdentitySource is a Source used as a Lambda authorizer's identity source
// of kind header, querystring, stageVariables or context.
type IdentitySource = Source

// Errors of the source parsers, matched with errors.Is.
var (
	// ErrIdentitySource reports an identity source expression apigw cannot read.
	ErrIdentitySource = errors.New("invalid identity source")
	// ErrHeaderSource reports a gateway response header source apigw cannot read.
	ErrHeaderSource = errors.New("invalid header source")
)

// String renders the expression back in API Gateway's syntax.
func (s Source) String() string {
	if s.Kind == SourceStatic {
		return "'" + s.Name + "'"
	}
	for _, p := range sourcePrefixes {
		if p.kind == s.Kind {
			return p.prefix + s.Name
		}
	}
	return string(s.Kind) + "." + s.Name
}

// HTTPString renders an identity source in HTTP API syntax (V-5):
// $request.header.NAME, $request.querystring.NAME, $context.NAME,
// $stageVariables.NAME.
func (s Source) HTTPString() string {
	switch s.Kind {
	case SourceHeader, SourceQueryString:
		return "$request." + string(s.Kind) + "." + s.Name
	case SourceContext, SourceStageVariable:
		return "$" + string(s.Kind) + "." + s.Name
	}
	return s.String()
}

// httpSourcePrefixes is the grammar of HTTP API identity sources (V-5).
var httpSourcePrefixes = []struct {
	prefix string
	kind   SourceKind
}{
	{"$request.header.", SourceHeader},
	{"$request.querystring.", SourceQueryString},
	{"$stageVariables.", SourceStageVariable},
	{"$context.", SourceContext},
}

// ParseHTTPIdentitySource parses one HTTP API identity source
// ($request.header.NAME, $request.querystring.NAME, $context.NAME,
// $stageVariables.NAME; V-5).
func ParseHTTPIdentitySource(expr string) (IdentitySource, error) {
	for _, p := range httpSourcePrefixes {
		if name, ok := strings.CutPrefix(expr, p.prefix); ok {
			if !validSourceName(name) {
				return Source{}, fmt.Errorf("%w %q: empty or malformed name", ErrIdentitySource, expr)
			}
			return Source{Kind: p.kind, Name: name}, nil
		}
	}
	return Source{}, fmt.Errorf("%w %q: want $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME", ErrIdentitySource, expr)
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

// ParseIdentitySource parses one identity source expression.
func ParseIdentitySource(expr string) (IdentitySource, error) {
	s, ok, err := parseSource(expr)
	switch {
	case err != nil:
		return Source{}, fmt.Errorf("%w %q: %v", ErrIdentitySource, expr, err)
	case !ok || s.Kind == SourcePath:
		return Source{}, fmt.Errorf("%w %q: want method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME", ErrIdentitySource, expr)
	}
	return s, nil
}

// ParseHeaderSource parses a gateway response header's source (G-4): a
// quoted 'static' value (without line breaks or NUL), or
// method.request.header|querystring|path.NAME, stageVariables.NAME or
// context.NAME.
func ParseHeaderSource(expr string) (Source, error) {
	if v, ok := StaticValue(expr); ok {
		if strings.ContainsAny(v, "\r\n\x00") {
			return Source{}, fmt.Errorf("%w: static value %q holds a line break or NUL", ErrHeaderSource, expr)
		}
		return Source{Kind: SourceStatic, Name: v}, nil
	}
	s, ok, err := parseSource(expr)
	switch {
	case err != nil:
		return Source{}, fmt.Errorf("%w %q: %v", ErrHeaderSource, expr, err)
	case !ok:
		return Source{}, fmt.Errorf("%w %q: want a quoted 'static' value (such as \"'*'\"), method.request.header|querystring|path.NAME, stageVariables.NAME or context.NAME", ErrHeaderSource, expr)
	}
	return s, nil
}

// StaticValue returns the literal of a quoted parameter mapping source
// ('value'), as API Gateway writes static header values.
func StaticValue(expr string) (string, bool) {
	if len(expr) >= 2 && expr[0] == '\'' && expr[len(expr)-1] == '\'' {
		return expr[1 : len(expr)-1], true
	}
	return "", false
}

// parseSource reads PREFIX.NAME; ok is false when no prefix matches.
func parseSource(expr string) (s Source, ok bool, err error) {
	for _, p := range sourcePrefixes {
		name, found := strings.CutPrefix(expr, p.prefix)
		if !found {
			continue
		}
		if !validSourceName(name) {
			return Source{}, true, errors.New("empty or malformed name")
		}
		return Source{Kind: p.kind, Name: name}, true, nil
	}
	return Source{}, false, nil
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
