package gateway

import (
	"strings"

	"github.com/apigw/apigw/internal/jsonstring"
	"github.com/apigw/apigw/internal/request"
)

// varKind says what a template or header-source part renders.
type varKind uint8

const (
	varLiteral             varKind = iota
	varErrorMessage                // $context.error.message: raw text, "" when null
	varErrorMessageString          // $context.error.messageString: a JSON string or null
	varErrorResponseType           // $context.error.responseType
	varErrorValidation             // $context.error.validationErrorString: no validators, ""
	varAuthorizerPrincipal         // $context.authorizer.principalId
	varAuthorizerKey               // $context.authorizer.<key>
	varContext                     // any other $context.<name>, from the request
	varStageVariable               // $stageVariables.<name>
	varRequestHeader               // method.request.header.<name> (header sources only)
	varRequestQuery                // method.request.querystring.<name>
	varRequestPath                 // method.request.path.<name>
)

// Reference prefixes (G-4, G-5).
const (
	refContext       = "context."
	refStageVariable = "stageVariables."
	refAuthorizer    = "authorizer."
	refPrincipalID   = "authorizer.principalId"
)

// Names of $context.error.* variables.
const (
	ctxErrorMessage       = "error.message"
	ctxErrorMessageString = "error.messageString"
	ctxErrorResponseType  = "error.responseType"
	ctxErrorValidation    = "error.validationErrorString"
)

// tmplPart is literal text or one variable reference.
type tmplPart struct {
	kind varKind
	name string // the literal text, or the variable's name or key
	raw  string // the source text of the part
}

// bodyTemplate is a gateway-response body template split into parts at load
// time; rendering is substitution only (G-4: not VTL).
type bodyTemplate []tmplPart

// parseBodyTemplate splits s at "$context.x", "$stageVariables.x" and the formal
// "${context.x}" / "${stageVariables.x}" forms. Anything else, including a
// bare "$", is literal text. It never fails.
func parseBodyTemplate(s string) bodyTemplate {
	var t bodyTemplate
	lit := 0 // start of the pending literal
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '$')
		if j < 0 {
			break
		}
		i += j
		p, n := parseReference(s[i:])
		if n == 0 {
			i++
			continue
		}
		t = t.appendLiteral(s[lit:i])
		t = append(t, p)
		i += n
		lit = i
	}
	return t.appendLiteral(s[lit:])
}

func (t bodyTemplate) appendLiteral(s string) bodyTemplate {
	if s == "" {
		return t
	}
	return append(t, tmplPart{kind: varLiteral, name: s, raw: s})
}

// parseReference reads a reference at the start of s (which starts with
// '$') and returns it with its length, or 0 when there is none.
func parseReference(s string) (tmplPart, int) {
	if strings.HasPrefix(s, "${") {
		end := 2
		for end < len(s) && isRefChar(s[end]) {
			end++
		}
		if end == len(s) || s[end] != '}' {
			return tmplPart{}, 0
		}
		p, ok := classify(s[2:end])
		if !ok {
			return tmplPart{}, 0
		}
		p.raw = s[:end+1]
		return p, end + 1
	}
	n := 1
	for n < len(s) && isRefChar(s[n]) {
		n++
	}
	for n > 1 && s[n-1] == '.' { // a sentence's full stop is not part of the name
		n--
	}
	p, ok := classify(s[1:n])
	if !ok {
		return tmplPart{}, 0
	}
	p.raw = s[:n]
	return p, n
}

func isRefChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.'
}

// classify maps "context.x" or "stageVariables.x" to a variable part.
func classify(ref string) (tmplPart, bool) {
	if name, ok := strings.CutPrefix(ref, refStageVariable); ok && name != "" {
		return tmplPart{kind: varStageVariable, name: name}, true
	}
	if name, ok := strings.CutPrefix(ref, refContext); ok && name != "" {
		return contextPart(name), true
	}
	return tmplPart{}, false
}

// contextPart classifies a $context variable name.
func contextPart(name string) tmplPart {
	switch name {
	case ctxErrorMessage:
		return tmplPart{kind: varErrorMessage}
	case ctxErrorMessageString:
		return tmplPart{kind: varErrorMessageString}
	case ctxErrorResponseType:
		return tmplPart{kind: varErrorResponseType}
	case ctxErrorValidation:
		return tmplPart{kind: varErrorValidation}
	case refPrincipalID:
		return tmplPart{kind: varAuthorizerPrincipal}
	}
	if key, ok := strings.CutPrefix(name, refAuthorizer); ok {
		return tmplPart{kind: varAuthorizerKey, name: key}
	}
	return tmplPart{kind: varContext, name: name}
}

// static reports whether the template renders the same for every request
// given the same message and type.
func (t bodyTemplate) static() bool {
	for _, p := range t {
		if !p.static() {
			return false
		}
	}
	return true
}

func (p tmplPart) static() bool {
	switch p.kind {
	case varLiteral, varErrorMessage, varErrorMessageString, varErrorResponseType, varErrorValidation:
		return true
	}
	return false
}

// render appends the template's output to dst.
func (t bodyTemplate) render(dst []byte, c *renderCtx) []byte {
	if dst == nil {
		dst = make([]byte, 0, t.sizeHint(c))
	}
	for i := range t {
		dst = t[i].appendValue(dst, c)
	}
	return dst
}

// sizeHint guesses the rendered length: literals, the message, and a
// little for each variable.
func (t bodyTemplate) sizeHint(c *renderCtx) int {
	n := 0
	for i := range t {
		n += len(t[i].name) + 16
		if c.message != nil && t[i].kind != varLiteral {
			n += len(*c.message)
		}
	}
	return n
}

// appendValue appends the part's value; missing values render as "".
func (p *tmplPart) appendValue(dst []byte, c *renderCtx) []byte {
	switch p.kind {
	case varLiteral:
		return append(dst, p.name...)
	case varErrorMessage:
		if c.message != nil {
			return append(dst, *c.message...)
		}
		return dst
	case varErrorMessageString:
		if c.message == nil {
			return append(dst, "null"...)
		}
		return jsonstring.Append(dst, *c.message)
	case varErrorResponseType:
		return append(dst, c.reported...)
	case varErrorValidation:
		return dst
	}
	v, _ := p.lookup(c.vars)
	return append(dst, v...)
}

// lookup reads a request-dependent value.
func (p *tmplPart) lookup(v *renderVars) (string, bool) {
	switch p.kind {
	case varAuthorizerPrincipal:
		return v.PrincipalID, v.PrincipalID != ""
	case varAuthorizerKey:
		s, ok := v.AuthorizerContext[p.name]
		return s, ok
	}
	if v.Req == nil {
		return "", false
	}
	return requestValue(v.Req, p.kind, p.name)
}

func requestValue(r *request.Request, k varKind, name string) (string, bool) {
	switch k {
	case varContext:
		return r.ContextValue(name)
	case varStageVariable:
		s, ok := r.StageVariables[name]
		return s, ok
	case varRequestHeader:
		return r.Header(name)
	case varRequestQuery:
		return r.QueryValue(name)
	case varRequestPath:
		return r.PathParam(name)
	}
	return "", false
}
