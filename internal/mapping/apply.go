package mapping

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// ErrPath: an overwritten path is not a path a backend may be sent (not
// absolute, a bad escape, or a "." or ".." segment that would move the
// request outside the path the authorizer saw).
var ErrPath = errors.New("parameter mapping: bad overwritten path")

// Apply changes out, the request for the backend, as l says; every value
// is read from req, the request as the client sent it.
func (l List) Apply(out *http.Request, req *request.Request, vars Vars) error {
	var query url.Values
	for _, m := range l {
		var v string
		if m.Op != Remove {
			v = m.Value.Eval(req, vars)
		}
		switch m.Where {
		case Header:
			applyHeader(out.Header, m, v)
		case QueryString:
			if query == nil {
				query = out.URL.Query()
			}
			applyQuery(query, m, v)
		case Path:
			if err := setPath(out.URL, v); err != nil {
				return err
			}
		}
	}
	if query != nil {
		out.URL.RawQuery = query.Encode()
	}
	return nil
}

// applyHeader applies a header mapping; a value that cannot be written
// in a header (a control character, from an authorizer's context, say) is
// not written, and an overwrite then removes the header.
func applyHeader(h http.Header, m Mapping, v string) {
	name := http.CanonicalHeaderKey(m.Name)
	if !request.ValidHeaderValue(v) && m.Op != Remove {
		if m.Op == Overwrite {
			delete(h, name)
		}
		return
	}
	switch m.Op {
	case Overwrite:
		h[name] = []string{v}
	case Append:
		h[name] = append(h[name], v)
	case Remove:
		delete(h, name)
	}
}

func applyQuery(q url.Values, m Mapping, v string) {
	switch m.Op {
	case Overwrite:
		q.Set(m.Name, v)
	case Append:
		q.Add(m.Name, v)
	case Remove:
		q.Del(m.Name)
	}
}

// setPath makes v, percent-encoded as a client sends a path, u's path.
func setPath(u *url.URL, v string) error {
	if !strings.HasPrefix(v, "/") {
		v = "/" + v
	}
	dec, err := url.PathUnescape(v)
	if err != nil || request.HasDotSegment(v) {
		return ErrPath
	}
	u.Path, u.RawPath = dec, v
	return nil
}
