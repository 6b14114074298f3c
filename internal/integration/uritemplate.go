package integration

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// stageVarPrefix opens a stage variable in an integration URI
// ("http://${stageVariables.host}/pets").
const stageVarPrefix = "${stageVariables."

// uriPart is one piece of an HTTP-proxy URI template.
type uriPart struct {
	literal  string
	param    string // path parameter name, "{name}" or "{name+}"
	greedy   bool   // written "{name+}"
	stageVar string // stage variable name
}

// uriTemplate is an http_proxy URI parsed once (L-4).
type uriTemplate struct {
	parts    []uriPart
	hasQuery bool // the template has its own query string
}

// parseURITemplate splits uri into literals, path-parameter placeholders
// and stage variables, and checks that it makes an http(s) URL.
func parseURITemplate(uri string) (uriTemplate, error) {
	var t uriTemplate
	for rest := uri; rest != ""; {
		part, n, err := nextURIPart(rest)
		if err != nil {
			return t, fmt.Errorf("integration URI %q: %w", uri, err)
		}
		t.parts = append(t.parts, part)
		t.hasQuery = t.hasQuery || strings.Contains(part.literal, "?")
		rest = rest[n:]
	}
	return t, t.check(uri)
}

// nextURIPart reads the part at the start of s and its length.
func nextURIPart(s string) (uriPart, int, error) {
	if strings.HasPrefix(s, stageVarPrefix) {
		end := strings.IndexByte(s, '}')
		name := s[len(stageVarPrefix):max(end, len(stageVarPrefix))]
		if end < 0 || !validName(name) {
			return uriPart{}, 0, errors.New("bad stage variable")
		}
		return uriPart{stageVar: name}, end + 1, nil
	}
	if s[0] == '{' {
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return uriPart{}, 0, errors.New("unclosed {")
		}
		name, greedy := strings.CutSuffix(s[1:end], "+")
		if !validName(name) {
			return uriPart{}, 0, fmt.Errorf("bad parameter %q", s[:end+1])
		}
		return uriPart{param: name, greedy: greedy}, end + 1, nil
	}
	end := len(s)
	if i := strings.IndexByte(s, '{'); i >= 0 {
		end = i
		if strings.HasPrefix(s[i-1:], stageVarPrefix) {
			end = i - 1
		}
	}
	if strings.IndexByte(s[:end], '}') >= 0 {
		return uriPart{}, 0, errors.New("unbalanced }")
	}
	return uriPart{literal: s[:end]}, end, nil
}

func validName(name string) bool {
	return name != "" && !strings.ContainsAny(name, "{}/$ ")
}

// check makes sure the template gives an absolute http(s) URL. A template
// that starts with a stage variable is checked per request instead.
func (t uriTemplate) check(uri string) error {
	if len(t.parts) == 0 || t.parts[0].literal == "" {
		if len(t.parts) > 0 && t.parts[0].stageVar != "" {
			return nil
		}
		return fmt.Errorf("integration URI %q: must start with http:// or https://", uri)
	}
	var sb strings.Builder
	for _, p := range t.parts {
		sb.WriteString(p.literal)
		if p.literal == "" {
			sb.WriteString("x")
		}
	}
	return checkURL(sb.String())
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("integration URI: %w", err)
	}
	return checkHTTPURL(u)
}

// checkHTTPURL makes sure u is an absolute http(s) URL.
func checkHTTPURL(u *url.URL) error {
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("integration URI %q: must be an absolute http:// or https:// URL", u.Redacted())
	}
	return nil
}

// markGreedy marks the parameters resource declares greedy ({name+}), so
// their values keep their slashes whatever the URI writes; done at load.
func (t uriTemplate) markGreedy(resource string) {
	for i := range t.parts {
		if p := &t.parts[i]; p.param != "" && strings.Contains(resource, "{"+p.param+"+}") {
			p.greedy = true
		}
	}
}

// render substitutes req's path parameters (as sent; see appendParam) and
// stage variables, and appends the request's query string.
func (t uriTemplate) render(req *request.Request) (string, error) {
	var scratch [128]byte
	b, err := t.appendTo(scratch[:0], req)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// appendTo appends what render returns to b.
func (t uriTemplate) appendTo(b []byte, req *request.Request) ([]byte, error) {
	for _, p := range t.parts {
		switch {
		case p.param != "":
			v, _ := req.PathParam(p.param)
			var err error
			if b, err = appendParam(b, v, p.greedy); err != nil {
				return nil, fmt.Errorf("%w: {%s}", err, p.param)
			}
		case p.stageVar != "":
			b = append(b, req.StageVariables[p.stageVar]...)
		default:
			b = append(b, p.literal...)
		}
	}
	if req.RawQuery != "" {
		sep := byte('?')
		if t.hasQuery {
			sep = '&'
		}
		b = append(b, sep)
		b = append(b, req.RawQuery...)
	}
	return b, nil
}

// appendParam appends v, a path parameter as the client sent it
// (percent-encoded), as one segment or, when greedy, as a run of segments:
// existing escapes stay, so an encoded slash stays one; bytes a path cannot
// hold are escaped. A value whose decoded form has a "." or ".." segment is
// refused: a backend that resolves it would serve a path outside the one
// the policy allowed.
func appendParam(b []byte, v string, greedy bool) ([]byte, error) {
	if _, err := url.PathUnescape(v); err != nil || request.HasDotSegment(v) {
		return nil, ErrDotSegment
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '/' && !greedy:
			b = append(b, "%2F"...)
		case c == '%' || c == '/' || shouldKeep(c):
			b = append(b, c)
		default:
			b = append(b, '%', upperHex[c>>4], upperHex[c&0xf])
		}
	}
	return b, nil
}

const upperHex = "0123456789ABCDEF"

// shouldKeep reports whether c may appear unescaped in a path segment
// (RFC 3986 pchar without '%').
func shouldKeep(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0
}
