package cfn

import (
	"errors"
	"fmt"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// maxDepth bounds the nesting of values and intrinsic calls (includes too).
const maxDepth = 200

// ErrUnresolvable is the cause (Err) of the *api.Error for an intrinsic
// that names nothing in the template (KindInvalid) or that cannot be
// resolved locally (KindUnsupported).
var ErrUnresolvable = errors.New("cannot resolve intrinsic")

// Options are the stack-level values intrinsics resolve against.
type Options struct {
	Region, AccountID, StackName string
	// ParameterOverrides take precedence over parameter defaults.
	ParameterOverrides map[string]string
	// UnknownParameters are parameters only a deployment knows even when
	// they have a Default (a parent stack passes a value it does not
	// know): each resolves to a placeholder.
	UnknownParameters map[string]bool
	// Transform expands Fn::Transform (AWS::Include); nil makes it an
	// error. The returned tree is resolved in turn, its locations in file
	// (the file it was read from; "" keeps the caller's).
	Transform func(name string, params *yaml.Node, loc api.Location) (n *yaml.Node, file string, err error)
	// Attribute gives Fn::GetAtt id.attr of a resource of type typ when
	// the caller knows it (a nested stack's Outputs.X); ok false leaves it
	// to the resolver. nil knows none.
	Attribute func(id, typ, attr string) (value string, ok bool, err error)
	// NamePrefix starts the name of a function without a FunctionName (a
	// nested stack's "Stack-"), so that functions of different stacks
	// never share a name or an ARN.
	NamePrefix string
}

// Generated is a resource a transform adds that templates refer to (SAM's
// ServerlessRestApi, a function's role or alias, an API's stage).
type Generated struct {
	Type string
	// Ref is what Ref of it gives; "" for the default of its type.
	Ref string
}

// Resolver resolves intrinsics of one template. Not safe for concurrent use.
type Resolver struct {
	t       *Template
	opts    Options
	conds   map[string]condState
	pending map[string]bool // resources whose Ref is being resolved
	// generated are resources a transform adds, by logical id; properties
	// SAM's referenceable properties ("Fn.Alias") to the logical id each
	// stands for.
	generated    map[string]Generated
	properties   map[string]string
	placeholders []Placeholder
	expanded     int // entries Fn::ForEach made so far
}

type condState uint8

const (
	condPending condState = iota + 1
	condFalse
	condTrue
)

// NewResolver returns a resolver for t.
func NewResolver(t *Template, opts Options) *Resolver {
	return &Resolver{t: t, opts: opts, conds: map[string]condState{}, pending: map[string]bool{},
		generated: map[string]Generated{}, properties: map[string]string{}}
}

// Generate declares a resource a transform adds, unless the template
// declares one with that logical id itself.
func (r *Resolver) Generate(id string, g Generated) {
	if r.t.byID[id] == nil {
		r.generated[id] = g
	}
}

// Refer declares a referenceable property (SAM's "Fn.Alias", "Api.Stage"):
// Ref of it, and ${Fn.Alias} in Fn::Sub, give Ref of the resource id.
func (r *Resolver) Refer(property, id string) { r.properties[property] = id }

// Resolve returns a copy of n with every intrinsic resolved, or nil when
// the value is AWS::NoValue. loc names n (file, logical id and field).
func (r *Resolver) Resolve(n *yaml.Node, loc api.Location) (*yaml.Node, error) {
	return r.walk(loc).resolve(n)
}

// Shallow resolves n only if n itself is an intrinsic call, leaving the
// children of a plain mapping or sequence for later, field by field.
func (r *Resolver) Shallow(n *yaml.Node, loc api.Location) (*yaml.Node, error) {
	if _, _, ok := Call(n); !ok {
		return n, nil
	}
	return r.Resolve(n, loc)
}

// String resolves n and requires a scalar; AWS::NoValue gives ok false.
func (r *Resolver) String(n *yaml.Node, loc api.Location) (s string, ok bool, err error) {
	w := r.walk(loc)
	v, err := w.resolve(n)
	if err != nil || v == nil {
		return "", false, err
	}
	s, err = w.scalar(v)
	return s, err == nil, err
}

func (r *Resolver) walk(loc api.Location) walk {
	if loc.File == "" {
		loc.File = r.t.File
	}
	return walk{r: r, loc: loc}
}

// walk is the resolution of one field: where it is and how deep.
type walk struct {
	r     *Resolver
	loc   api.Location
	depth int
}

// errf is an error CloudFormation would report too (KindInvalid) at n.
func (w walk) errf(n *yaml.Node, format string, args ...any) error {
	return w.fail(api.KindInvalid, n, format, args...)
}

// unsupported is an intrinsic CloudFormation resolves and apigw cannot.
func (w walk) unsupported(n *yaml.Node, format string, args ...any) error {
	return w.fail(api.KindUnsupported, n, format, args...)
}

func (w walk) fail(kind api.Kind, n *yaml.Node, format string, args ...any) error {
	loc := w.loc
	if n != nil && n.Line > 0 {
		loc.Line = n.Line
	}
	return api.NewError(kind, loc, format, args...).Wrap(ErrUnresolvable)
}

func (w walk) child(field string) walk {
	w.depth++
	if field != "" {
		if w.loc.Field != "" {
			field = w.loc.Field + "." + field
		}
		w.loc.Field = field
	}
	return w
}

func (w walk) resolve(n *yaml.Node) (*yaml.Node, error) {
	if n == nil {
		return nil, nil
	}
	if w.depth > maxDepth {
		return nil, w.errf(n, "nested deeper than %d levels", maxDepth)
	}
	switch n.Kind {
	case yaml.MappingNode:
		if name, args, ok := Call(n); ok {
			return w.call(name, args, n)
		}
		return w.mapping(n)
	case yaml.SequenceNode:
		return w.sequence(n)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return w.resolve(n.Content[0])
	default:
		return n, nil
	}
}

func (w walk) mapping(n *yaml.Node) (*yaml.Node, error) {
	out := &yaml.Node{Kind: n.Kind, Tag: n.Tag, Style: n.Style, Line: n.Line, Column: n.Column,
		Content: make([]*yaml.Node, 0, len(n.Content))}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value == fnTransform {
			return nil, w.errf(k, "Fn::Transform must be the only key of its mapping")
		}
		pairs := []*yaml.Node{k, v}
		if strings.HasPrefix(k.Value, forEachPrefix) {
			var err error
			if pairs, err = w.child(k.Value).forEach(v); err != nil {
				return nil, err
			}
		}
		for j := 0; j+1 < len(pairs); j += 2 {
			rv, err := w.child(pairs[j].Value).resolve(pairs[j+1])
			if err != nil {
				return nil, err
			}
			if rv != nil {
				out.Content = append(out.Content, pairs[j], rv)
			}
		}
	}
	return out, nil
}

func (w walk) sequence(n *yaml.Node) (*yaml.Node, error) {
	out := &yaml.Node{Kind: n.Kind, Tag: n.Tag, Style: n.Style, Line: n.Line, Column: n.Column,
		Content: make([]*yaml.Node, 0, len(n.Content))}
	for i, c := range n.Content {
		v, err := w.child(fmt.Sprintf("%d", i)).resolve(c)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out.Content = append(out.Content, v)
		}
	}
	return out, nil
}

// scalar returns the text of a resolved scalar.
func (w walk) scalar(n *yaml.Node) (string, error) {
	s, ok := scalarText(n)
	if !ok {
		return "", w.errf(n, "want a string, got a %s", kindName(n))
	}
	return s, nil
}

// str resolves n to a string; AWS::NoValue is an error here.
func (w walk) str(n *yaml.Node) (string, error) {
	if n == nil {
		return "", w.errf(nil, "missing value")
	}
	v, err := w.child("").resolve(n)
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", w.errf(n, "AWS::NoValue where a string is needed")
	}
	return w.scalar(v)
}

// list resolves n to a sequence.
func (w walk) list(n *yaml.Node) ([]*yaml.Node, error) {
	v, err := w.child("").resolve(n)
	if err != nil {
		return nil, err
	}
	if v == nil || v.Kind != yaml.SequenceNode {
		return nil, w.errf(n, "want a list, got a %s", kindName(v))
	}
	return v.Content, nil
}

// args checks that an intrinsic's arguments are a list of min..max items.
func (w walk) args(fn string, n *yaml.Node, min, max int) ([]*yaml.Node, error) {
	if n.Kind != yaml.SequenceNode || len(n.Content) < min || len(n.Content) > max {
		if min == max {
			return nil, w.errf(n, "%s takes a list of %d items", fn, min)
		}
		return nil, w.errf(n, "%s takes a list of %d to %d items", fn, min, max)
	}
	return n.Content, nil
}

func kindName(n *yaml.Node) string {
	if n == nil {
		return "no value"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	default:
		return "string"
	}
}
