package gateway

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/request"
)

// ErrGatewayResponse reports a gateway-response customisation apigw cannot
// serve (G-4).
var ErrGatewayResponse = errors.New("invalid gateway response")

// headerKeyPrefix starts a responseParameters key (G-4).
const headerKeyPrefix = api.ResponseHeaderPrefix

// headerMapping is one customised response header and where its value
// comes from.
type headerMapping struct {
	name string
	src  tmplPart
}

// parseHeaderMappings reads responseParameters, sorted by header name
// without regard to case; a name mapped twice is an error.
func parseHeaderMappings(params map[string]string) ([]headerMapping, error) {
	var out []headerMapping
	for key, expr := range params {
		m, err := parseHeaderMapping(key, expr)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b headerMapping) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)), strings.Compare(a.name, b.name))
	})
	for i := 1; i < len(out); i++ {
		if strings.EqualFold(out[i-1].name, out[i].name) {
			return nil, fmt.Errorf("%w: header %s mapped twice", ErrGatewayResponse, out[i].name)
		}
	}
	return out, nil
}

// parseHeaderMapping reads one responseParameters entry. The key may carry
// the "gatewayresponse.header." prefix or be the bare header name.
func parseHeaderMapping(key, expr string) (headerMapping, error) {
	name := strings.TrimPrefix(key, headerKeyPrefix)
	if !request.ValidHeaderName(name) {
		return headerMapping{}, fmt.Errorf("%w: header name %q", ErrGatewayResponse, key)
	}
	src, err := parseHeaderSource(expr)
	if err != nil {
		return headerMapping{}, fmt.Errorf("%w: header %s: %w", ErrGatewayResponse, name, err)
	}
	if as, ok := integration.RemappedName(name); ok {
		name = as // BAD-1: a customisation cannot change the client connection's framing either
	}
	return headerMapping{name: name, src: src}, nil
}

// sourceVars are the template parts of request sources (api.ParseHeaderSource
// is the grammar).
var sourceVars = map[api.SourceKind]varKind{
	api.SourceStatic:        varLiteral,
	api.SourceHeader:        varRequestHeader,
	api.SourceQueryString:   varRequestQuery,
	api.SourcePath:          varRequestPath,
	api.SourceStageVariable: varStageVariable,
}

// parseHeaderSource compiles a header source expression (G-4) into the
// part that renders it.
func parseHeaderSource(expr string) (tmplPart, error) {
	s, err := api.ParseHeaderSource(expr)
	if err != nil {
		return tmplPart{}, err
	}
	p := tmplPart{kind: sourceVars[s.Kind], name: s.Name}
	if s.Kind == api.SourceContext {
		p = contextPart(s.Name)
	}
	p.raw = expr
	return p, nil
}

// headerValue renders one mapping's value; ok is false when the source is
// missing or empty (the header is then left out).
func (m *headerMapping) headerValue(c *renderCtx) (string, bool) {
	switch m.src.kind {
	case varLiteral:
		return m.src.name, m.src.name != ""
	case varContext, varStageVariable, varRequestHeader, varRequestQuery, varRequestPath, varAuthorizerPrincipal, varAuthorizerKey:
		v, ok := m.src.lookup(c.vars)
		return v, ok && v != ""
	}
	v := string(m.src.appendValue(nil, c))
	return v, v != ""
}
