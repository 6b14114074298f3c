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

// problems collects the errors, findings and warnings of one load.
type problems struct {
	errs []error
	// unsupported are the KindUnsupported findings, once each: the parts
	// that need them carry a Gap.
	unsupported []*api.Error
	warnings    []string
}

func (p *problems) fail(kind api.Kind, loc api.Location, format string, args ...any) {
	p.add(api.NewError(kind, loc, format, args...))
}

// add records err: a finding when it is KindUnsupported, else an error
// that refuses the document.
func (p *problems) add(err *api.Error) {
	if err.Kind != api.KindUnsupported {
		p.errs = append(p.errs, err)
		return
	}
	for _, have := range p.unsupported {
		if have.Location == err.Location && have.Msg == err.Msg {
			return
		}
	}
	p.unsupported = append(p.unsupported, err)
}

// gap notes a feature apigw cannot serve yet, named by what in a SAM
// user's words ("REST response streaming (responseTransferMode:
// STREAM)"), and returns the Gap for the part that needs it. The
// finding's message is what followed by rest, formatted with args.
func (p *problems) gap(loc api.Location, what, rest string, args ...any) api.Gap {
	p.add(api.NewError(api.KindUnsupported, loc, "%s %s", what, fmt.Sprintf(rest, args...)))
	return api.Gap{What: what, Source: loc}
}

// firstGap sets *have to g unless it already holds one: a part fails
// for the first thing found missing (each is listed all the same).
func firstGap(have *api.Gap, g api.Gap) {
	if !have.Missing() {
		*have = g
	}
}

// Phrases of findings.
const (
	notYet    = "is not supported yet"
	areNotYet = "are not supported yet"
)

// syntax reports a document that cannot be read as OpenAPI or Swagger.
func (p *problems) syntax(loc api.Location, format string, args ...any) {
	p.add(api.Errorf(loc, format, args...).Wrap(ErrSyntax))
}

func (p *problems) warn(loc api.Location, format string, args ...any) {
	p.warnings = append(p.warnings, loc.String()+": "+fmt.Sprintf(format, args...))
}

func (p *problems) err() error { return errors.Join(p.errs...) }
