package mapping

import (
	"fmt"
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// Source is where one part of a value comes from.
type Source uint8

// Sources, as "$request.header.X" and its kin spell them.
const (
	Literal Source = iota
	RequestHeader
	RequestQuery
	RequestPath      // $request.path: the whole path, without the stage
	RequestPathParam // $request.path.NAME
	Context
	StageVariable
	ResponseHeader // $response.header.NAME, in response parameters only
)

// Part is one piece of a value: static text or one variable.
type Part struct {
	Source Source
	Text   string // the literal, or the variable's name
}

// Value is a parsed mapping value: its parts, evaluated in order.
type Value []Part

// maxValueLen bounds a value expression (AWS's limit on a mapping value
// is 512 characters; a little more is accepted, much more is refused).
const maxValueLen = 4096

// ParseValue reads a mapping value: "$request.header.X" alone, or text
// with ${...} expressions ("${request.path.a}-${request.path.b}").
func ParseValue(s string) (Value, error) {
	if len(s) > maxValueLen {
		return nil, fmt.Errorf("%w: value longer than %d bytes", ErrSyntax, maxValueLen)
	}
	if strings.HasPrefix(s, "$") && !strings.HasPrefix(s, "${") {
		p, err := parseVariable(s[1:])
		if err != nil {
			return nil, err
		}
		return Value{p}, nil
	}
	return parseTemplate(s)
}

// parseTemplate reads text with ${...} expressions.
func parseTemplate(s string) (Value, error) {
	var v Value
	for s != "" {
		i := strings.Index(s, "${")
		if i < 0 {
			v = append(v, Part{Text: s})
			break
		}
		if i > 0 {
			v = append(v, Part{Text: s[:i]})
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return nil, fmt.Errorf("%w: unclosed ${ in %q", ErrSyntax, s)
		}
		p, err := parseVariable(s[i+2 : i+end])
		if err != nil {
			return nil, err
		}
		v = append(v, p)
		s = s[i+end+1:]
	}
	return v, nil
}

// variablePrefixes are the variable kinds, longest first where one is a
// prefix of another.
var variablePrefixes = []struct {
	prefix string
	source Source
}{
	{"request.header.", RequestHeader},
	{"request.querystring.", RequestQuery},
	{"request.path.", RequestPathParam},
	{"context.", Context},
	{"stageVariables.", StageVariable},
	{"response.header.", ResponseHeader},
}

// parseVariable reads a variable without its "$" ("request.header.X").
func parseVariable(s string) (Part, error) {
	if s == "request.path" {
		return Part{Source: RequestPath}, nil
	}
	if s == "request.body" || strings.HasPrefix(s, "request.body.") || s == "response.body" || strings.HasPrefix(s, "response.body.") {
		return Part{}, fmt.Errorf("%w: $%s", ErrUnsupported, s)
	}
	for _, k := range variablePrefixes {
		name, ok := strings.CutPrefix(s, k.prefix)
		if !ok {
			continue
		}
		if name == "" || strings.ContainsAny(name, "${} ") {
			return Part{}, fmt.Errorf("%w: bad variable $%s", ErrSyntax, s)
		}
		if k.source == Context && !knownContext(name) {
			return Part{}, fmt.Errorf("%w: $context.%s", ErrUnsupported, name)
		}
		return Part{Source: k.source, Text: name}, nil
	}
	return Part{}, fmt.Errorf("%w: unknown variable $%s", ErrSyntax, s)
}

// Context variables an HTTP API mapping can read beyond what
// request.ContextValue answers.
const (
	ctxRouteKey   = "routeKey"
	ctxAuthorizer = "authorizer."
)

func knownContext(name string) bool {
	if name == ctxRouteKey || (strings.HasPrefix(name, ctxAuthorizer) && len(name) > len(ctxAuthorizer)) {
		return true
	}
	_, ok := (&request.Request{}).ContextValue(name)
	return ok
}

// Vars is what a value reads besides the request.
type Vars struct {
	RouteKey string
	// Authorizer is the Lambda authorizer's context ($context.authorizer.X).
	Authorizer map[string]string
	// Response is the integration's response headers ($response.header.X).
	Response []request.Field
}

// reads reports whether v reads source src.
func (v Value) reads(src Source) bool {
	for _, p := range v {
		if p.Source == src {
			return true
		}
	}
	return false
}

// Eval is v's value for req.
func (v Value) Eval(req *request.Request, vars Vars) string {
	if len(v) == 1 && v[0].Source == Literal {
		return v[0].Text
	}
	var sb strings.Builder
	for _, p := range v {
		sb.WriteString(p.eval(req, vars))
	}
	return sb.String()
}

func (p Part) eval(req *request.Request, vars Vars) string {
	switch p.Source {
	case RequestHeader:
		return joined(req.Headers, p.Text, strings.EqualFold)
	case RequestQuery:
		return joined(req.Query, p.Text, func(a, b string) bool { return a == b })
	case RequestPath:
		return req.Path
	case RequestPathParam:
		v, _ := req.PathParam(p.Text)
		return v
	case StageVariable:
		return req.StageVariables[p.Text]
	case Context:
		return contextValue(req, vars, p.Text)
	case ResponseHeader:
		return joined(vars.Response, p.Text, strings.EqualFold)
	}
	return p.Text
}

func contextValue(req *request.Request, vars Vars, name string) string {
	if name == ctxRouteKey {
		return vars.RouteKey
	}
	if k, ok := strings.CutPrefix(name, ctxAuthorizer); ok {
		return vars.Authorizer[k]
	}
	if name == request.CtxPath && req.Stage == defaultStage {
		return req.Path // the $default stage has no stage segment (V-11)
	}
	v, _ := req.ContextValue(name)
	return v
}

// defaultStage is an HTTP API's $default stage.
const defaultStage = "$default"

// joined is every value of the fields named name, comma-joined as API
// Gateway combines repeated headers and query values.
func joined(fields []request.Field, name string, eq func(a, b string) bool) string {
	var out string
	for _, f := range fields {
		if eq(f.Name, name) {
			if out != "" {
				out += ","
			}
			out += f.Value
		}
	}
	return out
}
