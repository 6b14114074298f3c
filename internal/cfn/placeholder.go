package cfn

import (
	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// PlaceholderKind says which deployment-time value a placeholder stands for.
type PlaceholderKind uint8

// Kinds of values only a deployment knows.
const (
	// PlaceholderParameter: a parameter with no Default (or an SSM
	// parameter type) and no override.
	PlaceholderParameter PlaceholderKind = iota + 1
	// PlaceholderImport: Fn::ImportValue, another stack's export.
	PlaceholderImport
	// PlaceholderAttribute: Fn::GetAtt of an attribute that only exists
	// once the resource is deployed (a load balancer's DNSName, ...).
	PlaceholderAttribute
)

// Placeholder is a value only a deployment knows, replaced by a stand-in
// so that the template loads, as sam local does: the caller warns about
// each and decides whether a field that used one can be served (a route's
// path or function cannot).
type Placeholder struct {
	Kind PlaceholderKind
	// Name is the parameter, the export name, or Resource.Attribute.
	Name string
	// Value is the stand-in the field got.
	Value string
	// Loc is where it was used (file, logical id, field, line).
	Loc api.Location
}

// String names the value as a template author wrote it.
func (p Placeholder) String() string {
	switch p.Kind {
	case PlaceholderParameter:
		return "parameter " + p.Name
	case PlaceholderImport:
		return fnImportValue + " " + p.Name
	}
	return fnGetAtt + " " + p.Name
}

// Placeholders lists every placeholder given so far, in order, one entry
// per use. The slice is the resolver's: read it, do not keep or change it.
// A caller that wants the ones a field used compares lengths before and
// after resolving it.
func (r *Resolver) Placeholders() []Placeholder { return r.placeholders }

// placeholder records a stand-in used at n and returns it as a node.
func (w walk) placeholder(kind PlaceholderKind, name, value string, n *yaml.Node) *yaml.Node {
	loc := w.loc
	line := 0
	if n != nil {
		line = n.Line
	}
	if line > 0 {
		loc.Line = line
	}
	w.r.placeholders = append(w.r.placeholders, Placeholder{Kind: kind, Name: name, Value: value, Loc: loc})
	return strNode(value, line)
}

// parameterStandIn is what a parameter without a value stands for: its
// first allowed value, 0 for numbers, else its own name (visible in what
// it ends up in, and a valid path segment or name).
func parameterStandIn(name, typ string, decl *yaml.Node) string {
	if allowed := Lookup(decl, "AllowedValues"); allowed != nil && len(allowed.Content) > 0 {
		if v, ok := scalarText(allowed.Content[0]); ok {
			return v
		}
	}
	if typ == "Number" || typ == "List<Number>" {
		return "0"
	}
	return name
}

func (w walk) importValue(args *yaml.Node) (*yaml.Node, error) {
	name, err := w.str(args)
	if err != nil {
		return nil, err
	}
	return w.placeholder(PlaceholderImport, name, name, args), nil
}
