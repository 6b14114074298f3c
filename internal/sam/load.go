package sam

import (
	"errors"
	"maps"
	"path/filepath"
	"slices"

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
	return o
}

func (l *loader) load() (*api.Template, error) {
	l.checkTransform()
	l.readGlobals()
	l.eachResource(l.declare)
	l.eachResource(l.loadAPI)
	l.attachEvents()
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

// finish orders APIs and warnings and applies the stage override.
func (l *loader) finish() {
	for _, id := range slices.Sorted(maps.Keys(l.apis)) {
		a := l.apis[id].a
		if l.opts.Stage != "" {
			a.Stage = l.opts.Stage
		}
		l.resourcePolicy(l.apis[id])
		api.SortRoutes(a.Routes)
		l.out.APIs = append(l.out.APIs, a)
	}
	l.out.Warnings = append(l.out.Warnings, l.groupedWarnings()...)
}
