package openapi

import (
	"errors"
	"fmt"

	"github.com/apigw/apigw/internal/api"
)

// Kinds of load errors, matched with errors.Is. Each error Load returns is
// also an *api.Error (errors.As) carrying the location.
var (
	// ErrSyntax: the document is not YAML or JSON, or not an OpenAPI 3.x or
	// Swagger 2.0 document.
	ErrSyntax = errors.New("malformed document")
	// ErrInvalid: a value has the wrong type, is out of range or is unknown.
	ErrInvalid = errors.New("invalid value")
	// ErrUnsupported: API Gateway supports it, apigw does not yet.
	ErrUnsupported = errors.New("not supported yet")
	// ErrNeedsTemplate: a Lambda integration or authorizer in a document
	// served on its own, where there are no functions to run.
	ErrNeedsTemplate = errors.New("needs a SAM template")
	// ErrUnknownFunction: a Lambda ARN that names no function of the template.
	ErrUnknownFunction = errors.New("unknown function")
	// ErrNoIntegration: an operation without x-amazon-apigateway-integration.
	ErrNoIntegration = errors.New("no integration")
)

// loadError is an *api.Error of a kind.
type loadError struct {
	loc  *api.Error
	kind error
}

func (e *loadError) Error() string   { return e.loc.Error() }
func (e *loadError) Unwrap() []error { return []error{e.loc, e.kind} }

func newError(kind error, loc api.Location, format string, args ...any) error {
	return &loadError{loc: api.Errorf(loc, format, args...), kind: kind}
}

// problems collects the errors and warnings of one load.
type problems struct {
	errs     []error
	warnings []string
}

func (p *problems) fail(kind error, loc api.Location, format string, args ...any) {
	p.errs = append(p.errs, newError(kind, loc, format, args...))
}

func (p *problems) warn(loc api.Location, format string, args ...any) {
	p.warnings = append(p.warnings, loc.String()+": "+fmt.Sprintf(format, args...))
}

func (p *problems) err() error { return errors.Join(p.errs...) }
