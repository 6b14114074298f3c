package sam

import (
	"maps"
	"slices"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
	"github.com/apigw/apigw/internal/openapi"
	"go.yaml.in/yaml/v3"
)

// AWS::Include, the one Fn::Transform apigw runs.
const (
	transformInclude = "AWS::Include"
	includeLocation  = "Location"
)

// definition loads the API's OpenAPI document from bodyKey (inline, with
// intrinsics and AWS::Include resolved) or uriKey (a local file, as is).
func (l *loader) definition(f fields, b *apiBuild, bodyKey, uriKey string) {
	if f.has(bodyKey) && f.has(uriKey) {
		f.fail(uriKey, "give %s or %s, not both", bodyKey, uriKey)
		return
	}
	b.own = f.has(bodyKey) || f.has(uriKey)
	mark := l.mark()
	opts := openapi.Options{FunctionByARN: l.functionByARN, SAM: samAuth(b),
		Unknown: func(loc api.Location) ([]string, api.Location) { return l.under(mark, loc) }}
	doc := l.definitionDoc(f, b, bodyKey, uriKey, &opts)
	if doc == nil {
		return
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		f.fail(bodyKey, "cannot re-encode the definition: %v", err)
		return
	}
	def, err := openapi.Load(data, opts)
	if err != nil {
		l.fail(err)
		return
	}
	l.mergeDefinition(b, def, opts.Location)
}

// definitionDoc reads the document and sets where it came from in opts;
// nil when there is none or it cannot be read (readDefinition).
func (l *loader) definitionDoc(f fields, b *apiBuild, bodyKey, uriKey string, opts *openapi.Options) *yaml.Node {
	doc, file, key := l.readDefinition(f, b, bodyKey, uriKey)
	if key != "" {
		opts.Location, opts.File = f.at(key), file
	}
	return doc
}

// readDefinition reads b's definition, REST or HTTP API: inline (bodyKey,
// AWS::Include too) or a local file (uriKey). It returns the document,
// the file it is in when that is not the template, and the key it came
// from ("" when neither is set); doc is nil when there is none or it
// cannot be read. A definition apigw cannot read here (on S3) gives the
// API a Gap: its routes are unknown, and every request to it fails closed.
func (l *loader) readDefinition(f fields, b *apiBuild, bodyKey, uriKey string) (doc *yaml.Node, file, key string) {
	found := len(l.out.Unsupported)
	switch {
	case f.has(bodyKey):
		doc, file = l.inlineBody(f, bodyKey)
		key = bodyKey
	case f.has(uriKey):
		doc, file = l.bodyFile(f, uriKey)
		key = uriKey
	}
	if doc == nil && len(l.out.Unsupported) > found {
		e := l.out.Unsupported[found]
		firstGap(&b.a.Gap, api.Gap{What: e.Msg, Source: e.Location})
	}
	return doc, file, key
}

// samAuth is what SAM's transform does to the security of an
// AWS::Serverless::Api's definition; nil for a RestApi's Body.
func samAuth(b *apiBuild) *openapi.SAMAuth {
	if !b.serverless {
		return nil
	}
	names := make(map[string]bool, len(b.a.Authorizers))
	for name := range b.a.Authorizers {
		names[name] = true
	}
	return &openapi.SAMAuth{Authorizers: names, DefaultAuthorizer: b.defaultAuth, SkipPreflight: !b.corsAuth}
}

func (l *loader) inlineBody(f fields, key string) (*yaml.Node, string) {
	l.included = ""
	doc := f.value(key)
	file := ""
	if name, _, ok := cfn.Call(f.raw(key)); ok && name == "Fn::Transform" {
		file = l.included
	}
	return doc, file
}

func (l *loader) bodyFile(f fields, key string) (*yaml.Node, string) {
	path, data, ok := l.readPathField(f, key)
	if !ok {
		return nil, ""
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		f.fail(key, "%s is not a YAML or JSON document", path)
		return nil, ""
	}
	return doc.Content[0], path
}

// transform runs Fn::Transform for the resolver: AWS::Include reads a
// local file (S3 is an error) and parses it as a template fragment.
func (l *loader) transform(name string, params *yaml.Node, loc api.Location) (*yaml.Node, string, error) {
	if name != transformInclude {
		return nil, "", api.NewError(api.KindUnsupported, loc, "Fn::Transform %s is not supported (only %s)", name, transformInclude)
	}
	where, ok := cfnScalar(cfn.Lookup(params, includeLocation))
	if !ok {
		return nil, "", api.Errorf(loc, "AWS::Include needs Parameters.Location")
	}
	path, err := l.localPath(where, loc)
	if err != nil {
		return nil, "", err
	}
	data, err := readLocal(path, loc)
	if err != nil {
		return nil, "", err
	}
	l.included = path
	n, warnings, err := cfn.ParseWarn(path, data)
	l.out.Warnings = append(l.out.Warnings, warnings...)
	return n, path, err
}

func cfnScalar(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// mergeDefinition adds what the document defines to the API.
func (l *loader) mergeDefinition(b *apiBuild, def *openapi.Definition, loc api.Location) {
	b.a.Routes = append(b.a.Routes, def.Routes...)
	for _, r := range def.Routes {
		b.defined[r] = true
	}
	for _, e := range def.Unsupported {
		l.note(e)
	}
	if def.ResourcePolicy != nil {
		b.a.ResourcePolicy = def.ResourcePolicy
	}
	for _, name := range slices.Sorted(maps.Keys(def.Authorizers)) {
		if have := b.a.Authorizers[name]; have != nil {
			if !have.Gap.Missing() || !def.Authorizers[name].Gap.Missing() {
				l.failAt(loc, "authorizer %s is defined both in Auth.Authorizers and in the definition", name)
			}
			continue
		}
		b.a.Authorizers[name] = def.Authorizers[name]
	}
	for _, typ := range slices.Sorted(maps.Keys(def.GatewayResponses)) {
		if b.a.GatewayResponses[typ] != nil {
			l.failAt(loc, "gateway response %s is defined both in GatewayResponses and in the definition", typ)
			continue
		}
		b.a.GatewayResponses[typ] = def.GatewayResponses[typ]
	}
	b.a.BinaryMediaTypes = binaryMediaTypes(b, def.BinaryMediaTypes)
	l.out.Warnings = append(l.out.Warnings, def.Warnings...)
}

// binaryMediaTypes is the API's list once its definition is loaded. SAM's
// transform writes an AWS::Serverless::Api's own BinaryMediaTypes over the
// definition's x-amazon-apigateway-binary-media-types when it has any
// (SAM-1: replaced, not merged); a RestApi's property and its Body's list
// are merged.
func binaryMediaTypes(b *apiBuild, fromDefinition []string) []string {
	own := b.a.BinaryMediaTypes
	if b.serverless && len(own) > 0 {
		return own
	}
	for _, m := range fromDefinition {
		if !slices.Contains(own, m) {
			own = append(own, m)
		}
	}
	return own
}
