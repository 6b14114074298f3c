package sam

import (
	"fmt"
	"sort"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// loader is the state of one Load.
type loader struct {
	opts    Options
	file    string // the template's path as given
	dir     string // its folder, absolute
	tpl     *cfn.Template
	r       *cfn.Resolver
	out     *api.Template
	errs    []error
	globals globals
	apis    map[string]*apiBuild // by logical id
	events  []*apiEvent
	stages  map[string][]stage // AWS::ApiGateway::Stage/Deployment by RestApi logical id
	// v2Routes are the AWS::ApiGatewayV2::Route resources; rest the
	// AWS::ApiGateway:: resources that build a RestApi without a Body.
	v2Routes []*cfn.Resource
	rest     restParts
	names    map[string]string // function name -> logical id
	// grouped collects what is ignored, by kind, for one warning line each.
	grouped map[string][]string
	condErr map[string]bool
	// included is the file the last AWS::Include read.
	included string
	// stacks are the nested stacks by logical id, loaded on first use;
	// stackOrder their logical ids in template order.
	stacks     map[string]*nestedStack
	stackOrder []string
	// layers are the LayerVersion resources by logical id, loaded on
	// first use.
	layers map[string]*layer
}

func newLoader(file, dir string, tpl *cfn.Template, opts Options) *loader {
	l := &loader{opts: opts, file: file, dir: dir, tpl: tpl,
		out:  &api.Template{File: file, Functions: map[string]*api.Function{}, Warnings: tpl.Warnings},
		apis: map[string]*apiBuild{}, stages: map[string][]stage{}, names: map[string]string{},
		grouped: map[string][]string{}, condErr: map[string]bool{}, stacks: map[string]*nestedStack{}, layers: map[string]*layer{}}
	l.r = cfn.NewResolver(tpl, cfn.Options{Region: opts.Region, AccountID: opts.AccountID, StackName: stackName,
		ParameterOverrides: opts.ParameterOverrides, Transform: l.transform, Attribute: l.attribute,
		NamePrefix: opts.namePrefix, UnknownParameters: opts.unknown})
	return l
}

// fail records err: each KindUnsupported *api.Error in it is a finding
// (Template.Unsupported), anything else refuses the template.
func (l *loader) fail(err error) {
	api.Leaves(err, func(e error) {
		if ae, ok := e.(*api.Error); ok && ae.Kind == api.KindUnsupported {
			l.note(ae)
			return
		}
		l.errs = append(l.errs, e)
	})
}

// note records what would deploy on AWS and apigw cannot serve yet, once
// per location and message; the caller marks the part that needs it
// with a Gap.
func (l *loader) note(e *api.Error) {
	for _, have := range l.out.Unsupported {
		if have.Location == e.Location && have.Msg == e.Msg {
			return
		}
	}
	l.out.Unsupported = append(l.out.Unsupported, e)
}

// failAt reports what CloudFormation or SAM would refuse too.
func (l *loader) failAt(loc api.Location, format string, args ...any) {
	l.errs = append(l.errs, api.Errorf(loc, format, args...))
}

func (l *loader) add(err *api.Error) { l.fail(err) }

// unsupportedAt notes what would deploy on AWS and apigw cannot serve yet
// and returns a Gap saying so, for the part that needs it.
func (l *loader) unsupportedAt(loc api.Location, format string, args ...any) api.Gap {
	e := api.NewError(api.KindUnsupported, loc, format, args...)
	l.note(e)
	return api.Gap{What: e.Msg, Source: loc}
}

// gapAt notes a feature apigw cannot serve yet, named by what in a SAM
// user's words ("HTTP APIs (AWS::Serverless::HttpApi)"), and returns its
// Gap. The finding's message is what followed by rest ("are not supported
// yet", formatted with args).
func (l *loader) gapAt(loc api.Location, what, rest string, args ...any) api.Gap {
	l.note(api.NewError(api.KindUnsupported, loc, "%s %s", what, fmt.Sprintf(rest, args...)))
	return api.Gap{What: what, Source: loc}
}

func (l *loader) warnAt(loc api.Location, format string, args ...any) {
	l.out.Warnings = append(l.out.Warnings, loc.String()+": "+fmt.Sprintf(format, args...))
}

// group notes one ignored thing (what) under a kind of warning.
func (l *loader) group(kind, what string) { l.grouped[kind] = append(l.grouped[kind], what) }

func (l *loader) groupedWarnings() []string {
	kinds := make([]string, 0, len(l.grouped))
	for k := range l.grouped {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	out := make([]string, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, fmt.Sprintf("%s: %s (%s)", l.file, k, strings.Join(l.grouped[k], ", ")))
	}
	return out
}

// resourceLoc is where a resource's field is.
func (l *loader) resourceLoc(res *cfn.Resource, field string) api.Location {
	return api.Location{File: l.file, LogicalID: res.LogicalID, Field: field, Line: res.Line}
}

func (l *loader) checkTransform() {
	n := l.tpl.Transform
	if n == nil {
		return
	}
	names := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		names = n.Content
	}
	for _, t := range names {
		if t.Kind != yaml.ScalarNode || t.Value != samTransform && t.Value != cfn.TransformLanguageExtensions {
			l.unsupportedAt(api.Location{File: l.file, Field: "Transform", Line: t.Line},
				"transform %q is not supported (only %s)", t.Value, samTransform)
		}
	}
}

func (l *loader) hasSAMTransform() bool {
	n := l.tpl.Transform
	if n == nil {
		return false
	}
	if n.Value == samTransform {
		return true
	}
	for _, c := range n.Content {
		if c.Value == samTransform {
			return true
		}
	}
	return false
}
