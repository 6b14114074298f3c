package authorizer

import (
	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// maxInlineSources is how many identity values Authorize keeps on the stack.
const maxInlineSources = 8

// identityFailure says which identity check failed; Authorize turns it into
// a 401 without invoking the function (T-3, T-4, R-3).
type identityFailure struct {
	source   api.IdentitySource
	mismatch bool // the token did not match the validation expression
}

// identity appends the configured identity values of req to dst, in
// configured order. A missing or empty value, or a TOKEN that does not match
// the validation expression, is a failure.
func (a *Authorizer) identity(req *request.Request, dst []string) ([]string, *identityFailure) {
	for i := range a.sources {
		v, ok := sourceValue(req, a.sources[i])
		if !ok || v == "" {
			return dst, &identityFailure{source: a.sources[i]}
		}
		dst = append(dst, v)
	}
	if a.validate != nil && !a.validate.MatchString(dst[0]) {
		return dst, &identityFailure{source: a.sources[0], mismatch: true}
	}
	return dst, nil
}

// sourceValue reads one identity source: headers fold case, query names do
// not.
func sourceValue(req *request.Request, s api.IdentitySource) (string, bool) {
	switch s.Kind {
	case api.SourceHeader:
		return req.Header(s.Name)
	case api.SourceQueryString:
		return req.QueryValue(s.Name)
	case api.SourceStageVariable:
		v, ok := req.StageVariables[s.Name]
		return v, ok
	case api.SourceContext:
		return req.ContextValue(s.Name)
	}
	return "", false
}

func (f *identityFailure) String() string {
	if f.mismatch {
		return "the token in " + f.source.String() + " does not match identityValidationExpression (T-4)"
	}
	return "identity source " + f.source.String() + " is missing or empty (T-3, R-3)"
}
