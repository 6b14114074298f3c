package cfn

import (
	"cmp"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// AWS::LanguageExtensions: Fn::ForEach (in Resources and in any mapping
// of a resource), Fn::Length, Fn::ToJsonString and Fn::FindInMap's
// DefaultValue, run as CloudFormation runs that transform before the
// template's other transforms.
const (
	// TransformLanguageExtensions is the transform's name.
	TransformLanguageExtensions = "AWS::LanguageExtensions"
	forEachPrefix               = "Fn::ForEach::"
	findInMapDefault            = "DefaultValue"
	// maxExpanded bounds what Fn::ForEach loops of one template make
	// (CloudFormation allows 500 resources; nested loops multiply).
	maxExpanded = 10000
)

// hasTransform reports whether the template declares the named transform.
func (t *Template) hasTransform(name string) bool {
	n := t.Transform
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return n.Value == name
	}
	for _, c := range n.Content {
		if c.Value == name {
			return true
		}
	}
	return false
}

// needsExtensions is the error of a language extension used without the
// transform: CloudFormation refuses it.
func (w walk) needsExtensions(n *yaml.Node, what string) error {
	if w.r.t.hasTransform(TransformLanguageExtensions) {
		return nil
	}
	return w.errf(n, "%s needs Transform: %s", what, TransformLanguageExtensions)
}

func (w walk) length(args *yaml.Node) (*yaml.Node, error) {
	if err := w.needsExtensions(args, fnLength); err != nil {
		return nil, err
	}
	items, err := w.list(args)
	if err != nil {
		return nil, err
	}
	return strNode(strconv.Itoa(len(items)), args.Line), nil
}

func (w walk) toJSONString(args *yaml.Node) (*yaml.Node, error) {
	if err := w.needsExtensions(args, fnToJSONString); err != nil {
		return nil, err
	}
	v, err := w.child("").resolve(args)
	if err != nil || v == nil {
		return nil, err
	}
	var b strings.Builder
	writeJSON(&b, v)
	return strNode(b.String(), args.Line), nil
}

// writeJSON writes a resolved value as compact JSON, keys in the
// template's order.
func writeJSON(b *strings.Builder, n *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, n.Content[i].Value)
			b.WriteByte(':')
			writeJSON(b, n.Content[i+1])
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, c)
		}
		b.WriteByte(']')
	default:
		switch n.Tag {
		case "!!null":
			b.WriteString("null")
		case "!!int", "!!float", "!!bool":
			b.WriteString(n.Value)
		default:
			writeString(b, n.Value)
		}
	}
}

func writeString(b *strings.Builder, s string) {
	data, _ := json.Marshal(s)
	b.Write(data)
}

// forEach expands one Fn::ForEach::Name entry, [Identifier, Collection,
// {OutputKey: OutputValue}], into key and value nodes: one pair per item
// and output, ${Identifier} and &{Identifier} (alphanumerics only)
// replaced in keys and strings, Ref Identifier by the item. Nested loops
// expand in turn.
func (w walk) forEach(args *yaml.Node) ([]*yaml.Node, error) {
	if err := w.needsExtensions(args, "Fn::ForEach"); err != nil {
		return nil, err
	}
	a, err := w.args("Fn::ForEach", args, 3, 3)
	if err != nil {
		return nil, err
	}
	id, ok := scalarText(a[0])
	items, err := w.list(a[1])
	if !ok || err != nil || a[2].Kind != yaml.MappingNode {
		return nil, cmp.Or(err, w.errf(args, "Fn::ForEach takes [Identifier, Collection, {OutputKey: OutputValue}]"))
	}
	var out []*yaml.Node
	for _, item := range items {
		v, ok := scalarText(item)
		if !ok {
			return nil, w.errf(a[1], "Fn::ForEach collects strings")
		}
		for i := 0; i+1 < len(a[2].Content); i += 2 {
			if w.r.expanded++; w.r.expanded > maxExpanded {
				return nil, w.errf(args, "Fn::ForEach loops expand to more than %d entries", maxExpanded)
			}
			pairs, err := w.forEachOutput(a[2].Content[i], a[2].Content[i+1], id, v)
			if err != nil {
				return nil, err
			}
			out = append(out, pairs...)
		}
	}
	return out, nil
}

func (w walk) forEachOutput(k, v *yaml.Node, id, item string) ([]*yaml.Node, error) {
	key := substituteIdentifier(k.Value, id, item)
	value := replaceIdentifier(v, id, item)
	if strings.HasPrefix(key, forEachPrefix) {
		return w.child(key).forEach(value)
	}
	return []*yaml.Node{strNode(key, k.Line), value}, nil
}

// substituteIdentifier replaces ${id} with item and &{id} with item's
// letters and digits.
func substituteIdentifier(s, id, item string) string {
	alnum := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, item)
	return strings.NewReplacer("${"+id+"}", item, "&{"+id+"}", alnum).Replace(s)
}

// replaceIdentifier copies n with the loop's identifier replaced.
func replaceIdentifier(n *yaml.Node, id, item string) *yaml.Node {
	if name, args, ok := Call(n); ok && name == fnRef && args.Value == id {
		return strNode(item, n.Line)
	}
	out := *n
	if n.Kind == yaml.ScalarNode {
		out.Value = substituteIdentifier(n.Value, id, item)
		return &out
	}
	out.Content = make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out.Content[i] = replaceIdentifier(c, id, item)
	}
	return &out
}

// ExpandResources adds the resources of the Resources section's
// Fn::ForEach loops to the template, in order after the others.
func (r *Resolver) ExpandResources() error {
	var errs []error
	for _, loop := range r.t.loops {
		w := r.walk(api.Location{Field: sectionResources + "." + loop.key.Value, Line: loop.key.Line})
		pairs, err := w.forEach(loop.args)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for i := 0; i+1 < len(pairs); i += 2 {
			if err := r.t.addResource(pairs[i].Value, pairs[i+1]); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// ExpandLoops returns mapping n with its Fn::ForEach entries replaced by
// what they expand to (their values are left unresolved), or n itself
// when it has none. loc names n.
func (r *Resolver) ExpandLoops(n *yaml.Node, loc api.Location) (*yaml.Node, error) {
	if n == nil || n.Kind != yaml.MappingNode || !hasLoop(n) {
		return n, nil
	}
	w := r.walk(loc)
	out := *n
	out.Content = nil
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !strings.HasPrefix(k.Value, forEachPrefix) {
			out.Content = append(out.Content, k, n.Content[i+1])
			continue
		}
		pairs, err := w.child(k.Value).forEach(n.Content[i+1])
		if err != nil {
			return nil, err
		}
		out.Content = append(out.Content, pairs...)
	}
	return &out, nil
}

func hasLoop(n *yaml.Node) bool {
	for i := 0; i < len(n.Content); i += 2 {
		if strings.HasPrefix(n.Content[i].Value, forEachPrefix) {
			return true
		}
	}
	return false
}
