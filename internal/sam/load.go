package sam

import (
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
)

// stackName is AWS::StackName, as sam local names it.
const stackName = "local"

// SAM names.
const (
	ImplicitAPI   = "ServerlessRestApi" // logical id of SAM's implicit API
	ImplicitStage = "Prod"              // its stage
	samTransform  = "AWS::Serverless-2016-10-31"
)

// Options change how a template is loaded.
type Options struct {
	ParameterOverrides map[string]string
	Region, AccountID  string // "" for api.DefaultRegion and api.DefaultAccountID
	// Stage overrides every API's stage name; "" keeps the template's.
	Stage string
	// EnvVars is --env-vars: function logical id (or "Parameters" for all
	// functions) to variable overrides.
	EnvVars map[string]map[string]string
	// CodeCache is the folder inline code and unpacked archives are kept
	// in (internal/codecache); "" for codecache.DefaultRoot.
	CodeCache string
	// document is set for an HTTP API's document served on its own
	// (LoadHTTPAPIDocument): it defines no functions.
	document bool
	// depth is how deep the template is nested in its parent stacks;
	// namePrefix starts its functions' default names ("Stack-").
	depth      int
	namePrefix string
	// unknown are parameters a parent stack passes a value of that only
	// a deployment knows; ancestors the absolute paths of the stacks that
	// include this one; nestedLoads counts the nested stacks loaded for
	// the top template, shared by all.
	unknown     map[string]bool
	ancestors   []string
	nestedLoads *int
}

// Load reads the SAM or CloudFormation template at path. Its error joins
// every problem found, each an *api.Error of its api.Kind: KindInvalid for
// what CloudFormation or SAM would refuse, KindUnsupported for what would
// deploy and apigw cannot serve yet, KindIO for a file it cannot read.
func Load(path string, opts Options) (*api.Template, error) {
	data, err := readLocal(path, api.Location{File: path})
	if err != nil {
		return nil, err
	}
	return loadBytes(path, data, opts)
}

func loadBytes(path string, data []byte, opts Options) (*api.Template, error) {
	tpl, err := cfn.Decode(path, data)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	l := newLoader(path, dir, tpl, withDefaults(opts))
	return l.load()
}

func withDefaults(o Options) Options {
	if o.Region == "" {
		o.Region = api.DefaultRegion
	}
	if o.AccountID == "" {
		o.AccountID = api.DefaultAccountID
	}
	if o.nestedLoads == nil {
		o.nestedLoads = new(int)
	}
	return o
}

func (l *loader) load() (*api.Template, error) {
	l.checkTransform()
	l.fail(l.r.ExpandResources())
	l.readGlobals()
	l.declareGenerated()
	l.eachResource(l.declare)
	l.eachResource(l.loadAPI)
	l.attachEvents()
	l.attachV2Routes()
	l.finish()
	l.fail(l.out.Validate())
	if err := errors.Join(l.errs...); err != nil {
		return nil, err
	}
	return l.out, nil
}

// eachResource calls f for every resource whose Condition holds.
func (l *loader) eachResource(f func(*cfn.Resource)) {
	for _, res := range l.tpl.Resources {
		if l.active(res) {
			f(res)
		}
	}
}

func (l *loader) active(res *cfn.Resource) bool {
	if res.Condition == "" {
		return true
	}
	ok, err := l.r.Condition(res.Condition)
	if err != nil && !l.condErr[res.LogicalID] {
		l.condErr[res.LogicalID] = true
		l.fail(err)
	}
	return ok && err == nil
}

// finish orders APIs and warnings, applies the stage override, and marks
// what cannot be served.
func (l *loader) finish() {
	for _, id := range slices.Sorted(maps.Keys(l.apis)) {
		b := l.apis[id]
		if l.opts.Stage != "" {
			b.a.Stage = l.opts.Stage
		}
		l.gatewayResponseResources(b)
		mark := l.mark()
		l.resourcePolicy(b)
		firstGap(&b.a.Gap, l.policyGap(b.a, l.since(mark)))
		l.checkIntegrations(b)
		catchAll(b.a)
		api.SortRoutes(b.a.Routes)
		l.out.APIs = append(l.out.APIs, b.a)
	}
	l.functionGaps()
	l.mergeNested()
	// APIs apigw cannot serve at all come last: the gateway tries APIs in
	// order, so their catch-all routes never shadow a served one.
	slices.SortStableFunc(l.out.APIs, func(a, b *api.API) int { return cmpBool(a.Gap.Missing(), b.Gap.Missing()) })
	l.out.Warnings = append(l.out.Warnings, l.placeholderWarnings()...)
	l.out.Warnings = append(l.out.Warnings, l.groupedWarnings()...)
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// catchAll gives an API apigw cannot serve at all, and whose routes it
// cannot know (a definition on S3), routes that match every request to
// it, so that they fail closed naming why rather than look absent.
func catchAll(a *api.API) {
	if !a.Gap.Missing() || len(a.Routes) > 0 {
		return
	}
	for _, p := range []string{"/", "/{proxy+}"} {
		a.Routes = append(a.Routes, &api.Route{Path: p, Method: api.MethodAny, Source: a.Gap.Source})
	}
}

// checkIntegrations reports each operation of an API's own definition
// that has no integration: API Gateway cannot deploy it, and SAM adds
// none from an Api event unless it merges (MergeDefinitions). The route
// is left out so that it is reported once.
func (l *loader) checkIntegrations(b *apiBuild) {
	routes := b.a.Routes[:0]
	for _, r := range b.a.Routes {
		if r.Integration.Type == "" && !r.Integration.Gap.Missing() && !b.a.Gap.Missing() {
			l.failAt(r.Source, "%s %s has no x-amazon-apigateway-integration: API Gateway cannot deploy a method without one (an Api event adds none to an API's own definition unless MergeDefinitions is true)", r.Method, r.Path)
			continue
		}
		routes = append(routes, r)
	}
	b.a.Routes = routes
}

// functionGaps marks each function that a finding about its own
// properties (a runtime, a packaging) keeps from running, unless it
// already carries a Gap. A function whose runtime, handler or code only a
// deployment knows gets a Gap saying that, in place of what the
// placeholder led to ("runtime \"Rt\" is not supported").
func (l *loader) functionGaps() {
	for _, id := range slices.Sorted(maps.Keys(l.out.Functions)) {
		l.functionPlaceholders(l.out.Functions[id])
	}
	for _, e := range l.out.Unsupported {
		fn := l.out.Functions[e.LogicalID]
		if fn == nil || fn.Gap.Missing() || !strings.HasPrefix(e.Field, "Properties.") || strings.HasPrefix(e.Field, "Properties."+propEvents) {
			continue
		}
		fn.Gap = api.Gap{What: e.Msg, Source: e.Location}
	}
}

// codeFields are the function properties that decide what runs.
var codeFields = []string{propRuntime, propHandler, propCodeURI, propCode, propPackageType, propInlineCode, propImageURI}

func isCodeField(field string) bool {
	return slices.ContainsFunc(codeFields, func(k string) bool {
		f := "Properties." + k
		return field == f || strings.HasPrefix(field, f+".")
	})
}

func (l *loader) functionPlaceholders(fn *api.Function) {
	var used []cfn.Placeholder
	for _, p := range l.r.Placeholders() {
		if p.Loc.LogicalID == fn.LogicalID && isCodeField(p.Loc.Field) {
			used = append(used, p)
		}
	}
	if len(used) == 0 {
		return
	}
	kept := l.out.Unsupported[:0]
	for _, e := range l.out.Unsupported {
		if e.LogicalID != fn.LogicalID || !isCodeField(e.Field) {
			kept = append(kept, e)
		}
	}
	l.out.Unsupported = kept
	fn.Gap = l.deploymentGap(used[0].Loc, "a function's runtime or code", used)
}
