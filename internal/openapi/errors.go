package openapi

import (
	"errors"
	"fmt"

	"github.com/apigw/apigw/internal/api"
)

// Causes of load errors, matched with errors.Is. Every error Load returns
// is an *api.Error (errors.As) with its location and Kind; these are the
// Err of some of them, for callers that need more than the kind.
var (
	// ErrSyntax (KindInvalid): the document is not YAML or JSON, or not an
	// OpenAPI 3.x or Swagger 2.0 document.
	ErrSyntax = errors.New("malformed document")
	// ErrNeedsTemplate (KindUnsupported): a Lambda integration or authorizer
	// in a document served on its own, where there are no functions to run.
	ErrNeedsTemplate = errors.New("needs a SAM template")
	// ErrUnknownFunction (KindUnsupported): a Lambda ARN that names no
	// function of the template (on AWS it may name any function).
	ErrUnknownFunction = errors.New("unknown function")
	// ErrNoIntegration (KindInvalid): an operation without
	// x-amazon-apigateway-integration.
	ErrNoIntegration = errors.New("no integration")
)

// problems collects the errors and warnings of one load.
type problems struct {
	errs     []error
	warnings []string
}

func (p *problems) fail(kind api.Kind, loc api.Location, format string, args ...any) {
	p.add(api.NewError(kind, loc, format, args...))
}

func (p *problems) add(err *api.Error) { p.errs = append(p.errs, err) }

// syntax reports a document that cannot be read as OpenAPI or Swagger.
func (p *problems) syntax(loc api.Location, format string, args ...any) {
	p.add(api.Errorf(loc, format, args...).Wrap(ErrSyntax))
}

func (p *problems) warn(loc api.Location, format string, args ...any) {
	p.warnings = append(p.warnings, loc.String()+": "+fmt.Sprintf(format, args...))
}

func (p *problems) err() error { return errors.Join(p.errs...) }
