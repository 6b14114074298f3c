package sam

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// Nested stacks: an AWS::CloudFormation::Stack whose TemplateURL, or an
// AWS::Serverless::Application whose Location, is a local template (or
// CDK's asset of one) is loaded as a template of its own, with the
// Parameters its parent passes, and its APIs and functions join the
// parent's: every nested API is served on the same listener, after the
// parent's, each under its own name (Stack/LogicalId), so the gateway warns
// where two serve the same route. The parent reads the nested stack's
// Outputs through Fn::GetAtt Stack.Outputs.Name. A stack elsewhere (S3,
// HTTPS, the Serverless Application Repository) is a finding, named, and
// its APIs are not served.

// Nested stack resource types and the property naming each one's template.
const (
	typeStack       = "AWS::CloudFormation::Stack"
	typeApplication = "AWS::Serverless::Application"
	propTemplateURL = "TemplateURL"
	propLocation    = "Location"
	outputsPrefix   = "Outputs."
	// maxNesting bounds how deep stacks nest, maxNestedStacks how many
	// load in all.
	maxNesting      = 8
	maxNestedStacks = 100
)

// nestedStack is one nested stack's template, loaded at most once.
type nestedStack struct {
	l       *loader       // nil when it could not be read (reported)
	out     *api.Template // nil when it did not load (reported)
	loading bool
}

// locationKey is the property naming a nested stack's template.
func locationKey(typ string) string {
	if typ == typeApplication {
		return propLocation
	}
	return propTemplateURL
}

// nested loads the nested stack with logical id id once, on first use.
func (l *loader) nested(id string) *nestedStack {
	if s := l.stacks[id]; s != nil {
		if s.loading {
			l.failAt(api.Location{File: l.file, LogicalID: id}, "nested stack %s depends on its own outputs", id)
			return &nestedStack{}
		}
		return s
	}
	s := &nestedStack{loading: true}
	l.stacks[id] = s
	if res := l.tpl.Resource(id); res != nil && l.active(res) {
		s.l, s.out = l.loadNested(res)
	}
	s.loading = false
	return s
}

// loadNested reads a nested stack's local template with the parameters
// its parent passes; nil when there is none to read (reported).
func (l *loader) loadNested(res *cfn.Resource) (*loader, *api.Template) {
	f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
	key := locationKey(res.Type)
	path, ok := l.nestedPath(res, f, key)
	if !ok {
		return nil, nil
	}
	if !l.mayNest(f, key, path) {
		return nil, nil
	}
	data, err := readLocal(path, f.at(key))
	if err != nil {
		l.fail(err)
		return nil, nil
	}
	tpl, err := cfn.Decode(path, data)
	dir, absErr := filepath.Abs(filepath.Dir(path))
	if err = firstErr(err, absErr); err != nil {
		l.fail(err)
		return nil, nil
	}
	opts := l.opts
	opts.ParameterOverrides, opts.unknown = l.nestedParameters(f.sub(propParameters))
	opts.depth, opts.ancestors = l.opts.depth+1, append(slices.Clip(l.opts.ancestors), l.absFile())
	opts.namePrefix = l.opts.namePrefix + res.LogicalID + "-"
	opts.EnvVars = nestedEnvVars(l.opts.EnvVars, res.LogicalID)
	child := newLoader(path, dir, tpl, opts)
	out, err := child.load()
	l.fail(err)
	return child, out
}

// mayNest reports whether the nested template at path may load: not one
// of the stacks that include it, not deeper than maxNesting, not more
// than maxNestedStacks in all (a template of many stacks, each nesting
// many, would otherwise load exponentially often).
func (l *loader) mayNest(f fields, key, path string) bool {
	abs, err := filepath.Abs(path)
	switch {
	case err == nil && (abs == l.absFile() || slices.Contains(l.opts.ancestors, abs)):
		f.fail(key, "the nested stack %s includes itself", path)
	case l.opts.depth >= maxNesting:
		f.fail(key, "stacks nest more than %d deep", maxNesting)
	case *l.opts.nestedLoads >= maxNestedStacks:
		f.fail(key, "more than %d nested stacks in all", maxNestedStacks)
	default:
		*l.opts.nestedLoads++
		return true
	}
	return false
}

// absFile is the template's absolute path.
func (l *loader) absFile() string { return filepath.Join(l.dir, filepath.Base(l.file)) }

// nestedParameters are the values a parent passes to a nested stack's
// parameters; one that only a deployment knows (it used a placeholder)
// is unknown to the nested stack too, whatever its Default.
func (l *loader) nestedParameters(m fields) (values map[string]string, unknown map[string]bool) {
	values, unknown = map[string]string{}, map[string]bool{}
	for _, k := range m.keys() {
		mark := l.mark()
		v, ok := m.scalar(k, m.value(k))
		switch {
		case len(l.since(mark)) > 0:
			unknown[k] = true
		case ok:
			values[k] = v
		}
	}
	return values, unknown
}

// nestedEnvVars are the --env-vars a nested stack's functions see: by
// their own logical id, or by their path (Stack/LogicalId), which wins.
func nestedEnvVars(all map[string]map[string]string, stack string) map[string]map[string]string {
	out := make(map[string]map[string]string, len(all))
	for k, vars := range all {
		if _, ok := out[k]; !ok {
			out[k] = vars
		}
		if rest, ok := strings.CutPrefix(k, stack+"/"); ok {
			out[rest] = vars
		}
	}
	return out
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// nestedPath is the local template a nested stack names: CDK's asset of
// it, else its TemplateURL or Location relative to this template. A
// remote one is a finding, and ok is false.
func (l *loader) nestedPath(res *cfn.Resource, f fields, key string) (string, bool) {
	meta := l.fields(l.resourceLoc(res, "Metadata"), res.Metadata)
	if meta.node != nil && meta.str(metaAssetProperty, "") == key && meta.has(metaAssetPath) {
		return l.nearTemplate(meta.str(metaAssetPath, "")), true
	}
	v := f.value(key)
	if v != nil && v.Kind == yaml.MappingNode {
		l.gapAt(f.at(key), "nested applications from the Serverless Application Repository ("+key+": ApplicationId)",
			"cannot be read locally: their APIs are not served; give %s a local template path", key)
		return "", false
	}
	p := f.str(key, "")
	switch {
	case p == "":
		f.fail(key, "missing: want the nested stack's template")
		return "", false
	case strings.HasPrefix(p, "https://"), strings.HasPrefix(p, "http://"), strings.HasPrefix(p, s3Scheme):
		l.gapAt(f.at(key), "nested stacks at a remote location ("+key+": "+p+")",
			"cannot be read locally: their APIs are not served; give %s a local template path", key)
		return "", false
	}
	return l.nearTemplate(p), true
}

// nearTemplate is a path relative to this template's folder, as given
// (relative to the working folder when the template's path is).
func (l *loader) nearTemplate(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(l.file), p)
}

// attribute answers Fn::GetAtt Stack.Outputs.Name of a nested stack from
// its template; a stack apigw cannot read leaves it to a placeholder.
func (l *loader) attribute(id, typ, attr string) (string, bool, error) {
	name, ok := strings.CutPrefix(attr, outputsPrefix)
	if !ok || (typ != typeStack && typ != typeApplication) {
		return "", false, nil
	}
	s := l.nested(id)
	if s.l == nil {
		return "", false, nil
	}
	return s.l.output(name)
}

// output is the value of the template's output name. One that only a
// deployment knows (it uses a placeholder, or resolves only with the
// deployed values) is left to the parent's placeholder: ok is false.
func (l *loader) output(name string) (string, bool, error) {
	loc := api.Location{File: l.file, Field: "Outputs." + name}
	n := cfn.Lookup(cfn.Lookup(l.tpl.Outputs, name), "Value")
	if n == nil {
		return "", false, api.Errorf(loc, "the nested stack has no output %s (Fn::GetAtt ...Outputs.%s)", name, name)
	}
	loc.Field += ".Value"
	mark := l.mark()
	v, ok, err := l.r.String(n, loc)
	if err != nil || !ok || len(l.since(mark)) > 0 {
		return "", false, nil
	}
	return v, true, nil
}

// mergeNested adds the APIs, functions and findings of every nested stack
// that loaded, in template order after the parent's own. Each part is
// renamed Stack/LogicalId so that names of different stacks never meet.
func (l *loader) mergeNested() {
	for _, id := range l.stackOrder {
		s := l.nested(id)
		if s.out == nil {
			continue
		}
		prefix := id + "/"
		for fid, fn := range s.out.Functions {
			fn.LogicalID = prefix + fid
			l.out.Functions[fn.LogicalID] = fn
		}
		for _, a := range s.out.APIs {
			renameAPI(a, prefix, l.out.APIs)
		}
		l.out.APIs = append(l.out.APIs, s.out.APIs...)
		l.out.Warnings = append(l.out.Warnings, s.out.Warnings...)
		l.out.Unsupported = append(l.out.Unsupported, s.out.Unsupported...)
	}
}

// nestedFunction is the function of a nested stack that loaded whose
// ARN is fn (one a stack's output gave the parent), as the parent names
// it (Stack/LogicalId).
func (l *loader) nestedFunction(fn arn.Function) (string, bool) {
	for _, id := range l.stackOrder {
		if s := l.stacks[id]; s != nil && s.out != nil {
			if child, ok := s.l.functionByARN(fn); ok {
				return id + "/" + child, true
			}
		}
	}
	return "", false
}

// renameAPI puts a nested API and the functions it names under prefix.
// It keeps its id (what Ref of it gave in its stack) unless an API of
// have has it (the implicit ServerlessRestApi of two stacks): then its id
// follows its new name, so no two APIs share one.
func renameAPI(a *api.API, prefix string, have []*api.API) {
	a.LogicalID = prefix + a.LogicalID
	if slices.ContainsFunc(have, func(b *api.API) bool { return b.ID == a.ID }) {
		a.ID = api.IDFor(a.LogicalID)
	}
	for _, r := range a.Routes {
		if r.Integration.Function != "" {
			r.Integration.Function = prefix + r.Integration.Function
		}
	}
	for _, az := range a.Authorizers {
		if az.Function != "" {
			az.Function = prefix + az.Function
		}
	}
}
