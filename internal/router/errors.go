package router

import (
	"errors"
	"fmt"

	"github.com/apigw/apigw/internal/api"
)

// Errors of Match. They are returned as they are (no wrapping, no
// allocation); compare with errors.Is.
var (
	// ErrNoRoute: no resource matches the path, or none of the matching ones
	// has the verb or ANY. The gateway answers MISSING_AUTHENTICATION_TOKEN
	// (PIPE-2).
	ErrNoRoute = errors.New("no route for method and path")
	// ErrBadPath: the path does not start with '/' or holds a malformed
	// percent-escape. The gateway answers 400 (UNCONFIRMED on AWS).
	ErrBadPath = errors.New("malformed request path")
	// ErrDotSegment wraps ErrBadPath: a "." or ".." segment, as sent or
	// percent-decoded. The gateway answers 400 before routing (BAD-3; what
	// AWS does is UNCONFIRMED, refusing is the fail-closed choice).
	ErrDotSegment = fmt.Errorf("%w: a \".\" or \"..\" segment", ErrBadPath)
)

// Kinds of route-set errors from New; each is wrapped in a *RouteError.
var (
	ErrTemplate       = api.ErrPathTemplate
	ErrGreedyNotLast  = api.ErrGreedyNotLast
	ErrSiblingVar     = errors.New("a sibling already has a variable path part; only one is allowed")
	ErrDuplicateRoute = errors.New("path and method defined twice")
	ErrMethod         = errors.New("unsupported method")
)

// RouteError is a problem with one route, at the route's source location.
type RouteError struct {
	Location api.Location
	Method   string
	Path     string
	Err      error // one of the kinds above, possibly wrapped with detail
}

func (e *RouteError) Error() string {
	return fmt.Sprintf("%s: %s %s: %v", e.Location, e.Method, e.Path, e.Err)
}

func (e *RouteError) Unwrap() error { return e.Err }

// errorf wraps kind with detail.
func errorf(kind error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", kind, fmt.Sprintf(format, args...))
}
