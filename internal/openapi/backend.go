package openapi

import (
	"github.com/apigw/apigw/internal/api"

	"net/url"
	"slices"
	"strings"
)

// stageVariableRef starts a stage variable reference inside a URI.
const stageVariableRef = "${stageVariables."

// backendURI checks an http_proxy uri: an absolute http(s) URL whose
// {placeholders} name path parameters of the route (L-4).
func (l *loader) backendURI(uri, field string, t pathTemplate) api.Gap {
	if strings.Contains(uri, stageVariableRef) {
		return l.gap(l.at(field), "stage variables in a backend URL (uri)", areNotYet)
	}
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		l.fail(api.KindInvalid, l.at(field), "%q: want an absolute http:// or https:// URL", uri)
		return api.Gap{}
	}
	for _, name := range placeholders(uri) {
		if !slices.Contains(t.params, name) {
			l.fail(api.KindInvalid, l.at(field), "placeholder {%s} names no path parameter of the route (have %v)", name, t.params)
		}
	}
	return api.Gap{}
}

// placeholders lists the names inside {braces} in s, in order.
func placeholders(s string) []string {
	var names []string
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			return names
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			return append(names, s[open+1:])
		}
		names = append(names, s[open+1:open+end])
		s = s[open+end+1:]
	}
}
