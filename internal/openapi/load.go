package openapi

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
)

// Options say where a document came from and how to find its functions.
type Options struct {
	// File is the path of the document when it is a file of its own (a bare
	// OpenAPI file, a DefinitionUri). Empty for an inline DefinitionBody.
	File string
	// Location is where the document came from: errors are placed under it.
	// When File is set and differs from Location.File, errors name File
	// and Location.LogicalID, and field paths start at the document's root;
	// otherwise field paths are appended to Location.Field
	// ("Properties.DefinitionBody.paths./pets.get...").
	Location api.Location
	// FunctionByARN resolves a Lambda function ARN (as found in an
	// integration uri or authorizerUri) to a function's logical id. Nil for
	// a bare file: every Lambda integration and authorizer is then an error
	// wrapping ErrNeedsTemplate.
	FunctionByARN func(fn arn.Function) (logicalID string, ok bool)
	// SAM is set when the document is an AWS::Serverless::Api's definition,
	// whose security SAM's transform rewrites before API Gateway reads it.
	SAM *SAMAuth
	// Unknown, when set, names the values only a deployment knows that a
	// field (its location) or anything inside it was given as a
	// placeholder ("parameter Backend", "Fn::ImportValue Shared"; none:
	// nil), and where the first was written (with its line). A route whose
	// function or backend URL, or an authorizer whose function, uses one
	// fails closed with a Gap.
	Unknown func(loc api.Location) (names []string, at api.Location)
}

// SAMAuth is what SAM's transform adds to a definition's security.
type SAMAuth struct {
	// Authorizers are the names in the API's Auth.Authorizers. SAM adds
	// them to the document's security schemes, so operations may name them;
	// it also accepts NONE there, meaning no authorizer.
	Authorizers map[string]bool
	// DefaultAuthorizer, when set, is what every operation gets that names
	// neither an authorizer nor NONE: no security, "security: []", only API
	// keys. The document-level security is not consulted (SAM's
	// set_path_default_authorizer).
	DefaultAuthorizer string
	// SkipPreflight is AddDefaultAuthorizerToCorsPreflight: false: OPTIONS
	// operations keep their own security.
	SkipPreflight bool
}

// Definition is what one document defines for one API.
type Definition struct {
	// Routes sorted by path, then method. A route whose operation has no
	// x-amazon-apigateway-integration has a zero Integration (Type ""): a
	// SAM template may supply it from a function's Api event; see
	// CheckIntegrations.
	Routes           []*api.Route
	Authorizers      map[string]*api.Authorizer // by security scheme name
	GatewayResponses map[api.ResponseType]*api.GatewayResponse
	BinaryMediaTypes []string
	// ResourcePolicy is x-amazon-apigateway-policy; nil when absent.
	ResourcePolicy *api.ResourcePolicy
	// Warnings are "location: message" lines for what was recognised and
	// is safe to serve without, and for unknown x-amazon-apigateway-*
	// extensions.
	Warnings []string
	// Unsupported lists, once each, what the document declares and apigw
	// cannot serve yet (each an *api.Error of KindUnsupported); the routes
	// and authorizers that need it carry a Gap.
	Unsupported []*api.Error `json:",omitempty"`
}

// loader is the state of one Load.
type loader struct {
	problems
	opts    Options
	base    api.Location
	def     *Definition
	schemes map[string]*scheme
	// noted holds security scheme names whose use was already reported,
	// so a scheme used by 200 routes gives one line.
	noted map[string]bool
}

// Load reads data, a JSON or YAML OpenAPI 3.x or Swagger 2.0 document whose
// CloudFormation intrinsics are already resolved, into a Definition. The
// error joins every problem found; each is an *api.Error of its api.Kind
// (see the package doc).
func Load(data []byte, opts Options) (*Definition, error) {
	l := newLoader(opts)
	doc, swagger, ok := l.parse(data)
	if !ok {
		return nil, l.err()
	}
	l.document(doc, swagger)
	if err := l.err(); err != nil {
		return nil, err
	}
	l.def.Warnings, l.def.Unsupported = l.warnings, l.unsupported
	return l.def, nil
}

func newLoader(opts Options) *loader {
	base := opts.Location
	if base.File == "" {
		base.File = opts.File
	}
	if opts.File != "" && opts.File != base.File {
		base = api.Location{File: opts.File, LogicalID: opts.Location.LogicalID}
	}
	return &loader{
		opts:    opts,
		base:    base,
		def:     &Definition{Authorizers: map[string]*api.Authorizer{}, GatewayResponses: map[api.ResponseType]*api.GatewayResponse{}},
		schemes: map[string]*scheme{},
		noted:   map[string]bool{},
	}
}

// at is the location of a field path inside the document.
func (l *loader) at(field string) api.Location {
	loc := l.base
	loc.Field = join(loc.Field, field)
	return loc
}

// deploymentGap is the Gap of what (a route's function, its backend URL)
// when its value at field is only known to a deployment; zero otherwise.
func (l *loader) deploymentGap(field, what string) api.Gap {
	if l.opts.Unknown == nil {
		return api.Gap{}
	}
	names, at := l.opts.Unknown(l.at(field))
	if len(names) == 0 {
		return api.Gap{}
	}
	return l.gap(at, what+" that only a deployment knows ("+strings.Join(names, ", ")+")", "cannot be served locally")
}

// CheckIntegrations reports every route that still has no integration,
// naming where its operation is declared.
func (d *Definition) CheckIntegrations() error {
	var p problems
	for _, r := range d.Routes {
		if r.Integration.Type == "" {
			p.add(api.Errorf(r.Source, "%s %s has no %s: API Gateway cannot deploy a method without an integration", r.Method, r.Path, extIntegration).Wrap(ErrNoIntegration))
		}
	}
	return p.err()
}
