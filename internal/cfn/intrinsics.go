package cfn

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

type intrinsic func(w walk, args *yaml.Node) (*yaml.Node, error)

// intrinsics is filled in init: its functions call resolve, which reads it.
var intrinsics map[string]intrinsic

func init() {
	intrinsics = map[string]intrinsic{
		fnRef:          walk.ref,
		fnSub:          walk.sub,
		fnGetAtt:       walk.getAtt,
		fnJoin:         walk.join,
		fnSelect:       walk.selectItem,
		fnSplit:        walk.split,
		fnIf:           walk.ifCall,
		fnFindInMap:    walk.findInMap,
		fnBase64:       walk.base64,
		fnGetAZs:       walk.getAZs,
		fnTransform:    walk.transform,
		fnImportValue:  walk.importValue,
		fnLength:       walk.length,
		fnToJSONString: walk.toJSONString,
	}
}

// noLocalValue is why an intrinsic has no value here, and whether
// CloudFormation would refuse it too.
type noLocalValue struct {
	why  string
	kind api.Kind
}

// local explains why an intrinsic has no local value.
var local = map[string]noLocalValue{
	fnCidr:   {"is not supported", api.KindUnsupported},
	fnEquals: {"is only allowed in Conditions", api.KindInvalid},
	fnNot:    {"is only allowed in Conditions", api.KindInvalid},
	fnAnd:    {"is only allowed in Conditions", api.KindInvalid},
	fnOr:     {"is only allowed in Conditions", api.KindInvalid},
}

func (w walk) call(name string, args, n *yaml.Node) (*yaml.Node, error) {
	w = w.child("")
	f, ok := intrinsics[name]
	if !ok {
		if no, known := local[name]; known {
			return nil, w.fail(no.kind, n, "%s %s", name, no.why)
		}
		return nil, w.errf(n, "unknown intrinsic function %s", name)
	}
	mark := len(w.r.placeholders)
	v, err := f(w, args)
	if err != nil && len(w.r.placeholders) > mark && errors.Is(err, api.KindInvalid) {
		// The stand-in of a value only a deployment knows made this fail
		// (Fn::Select of an Fn::Split of a parameter's placeholder): the
		// result is as unknown as its input, not an error of the template.
		return strNode(w.r.placeholders[mark].Value, n.Line), nil
	}
	return v, err
}

func (w walk) join(args *yaml.Node) (*yaml.Node, error) {
	a, err := w.args(fnJoin, args, 2, 2)
	if err != nil {
		return nil, err
	}
	delim, err := w.str(a[0])
	if err != nil {
		return nil, err
	}
	items, err := w.list(a[1])
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(items))
	for i, it := range items {
		if parts[i], err = w.scalar(it); err != nil {
			return nil, err
		}
	}
	return strNode(strings.Join(parts, delim), args.Line), nil
}

func (w walk) selectItem(args *yaml.Node) (*yaml.Node, error) {
	a, err := w.args(fnSelect, args, 2, 2)
	if err != nil {
		return nil, err
	}
	idx, err := w.str(a[0])
	if err != nil {
		return nil, err
	}
	items, err := w.list(a[1])
	if err != nil {
		return nil, err
	}
	i, ok := intText(strNode(idx, 0))
	if !ok || i < 0 || i >= len(items) {
		return nil, w.errf(args, "Fn::Select index %q is outside the list of %d items", idx, len(items))
	}
	return items[i], nil
}

func (w walk) split(args *yaml.Node) (*yaml.Node, error) {
	a, err := w.args(fnSplit, args, 2, 2)
	if err != nil {
		return nil, err
	}
	delim, err := w.str(a[0])
	if err != nil {
		return nil, err
	}
	src, err := w.str(a[1])
	if err != nil {
		return nil, err
	}
	if delim == "" {
		return nil, w.errf(args, "Fn::Split needs a non-empty delimiter")
	}
	out := seqNode(args.Line)
	for _, p := range strings.Split(src, delim) {
		out.Content = append(out.Content, strNode(p, args.Line))
	}
	return out, nil
}

func (w walk) ifCall(args *yaml.Node) (*yaml.Node, error) {
	a, err := w.args(fnIf, args, 3, 3)
	if err != nil {
		return nil, err
	}
	name, ok := scalarText(a[0])
	if !ok {
		return nil, w.errf(a[0], "Fn::If takes a condition name first")
	}
	yes, err := w.r.condition(name, a[0], w)
	if err != nil {
		return nil, err
	}
	if yes {
		return w.resolve(a[1])
	}
	return w.resolve(a[2])
}

func (w walk) findInMap(args *yaml.Node) (*yaml.Node, error) {
	a, err := w.args(fnFindInMap, args, 3, 4)
	if err != nil {
		return nil, err
	}
	var def *yaml.Node
	if len(a) == 4 {
		if err := w.needsExtensions(a[3], "Fn::FindInMap's DefaultValue"); err != nil {
			return nil, err
		}
		if def = Lookup(a[3], findInMapDefault); def == nil {
			return nil, w.errf(a[3], "Fn::FindInMap's fourth argument is {%s: VALUE}", findInMapDefault)
		}
	}
	var keys [3]string
	for i := range keys {
		if keys[i], err = w.str(a[i]); err != nil {
			return nil, err
		}
	}
	v := Lookup(Lookup(Lookup(w.r.t.Mappings, keys[0]), keys[1]), keys[2])
	if v == nil && def != nil {
		v = def
	}
	if v == nil {
		return nil, w.errf(args, "Fn::FindInMap: Mappings has no %s.%s.%s", keys[0], keys[1], keys[2])
	}
	return w.resolve(v)
}

func (w walk) base64(args *yaml.Node) (*yaml.Node, error) {
	s, err := w.str(args)
	if err != nil {
		return nil, err
	}
	return strNode(base64.StdEncoding.EncodeToString([]byte(s)), args.Line), nil
}

func (w walk) getAZs(args *yaml.Node) (*yaml.Node, error) {
	region, err := w.str(args)
	if err != nil {
		return nil, err
	}
	if region == "" {
		region = w.r.opts.Region
	}
	out := seqNode(args.Line)
	for _, z := range []string{"a", "b", "c"} {
		out.Content = append(out.Content, strNode(region+z, args.Line))
	}
	return out, nil
}

func (w walk) transform(args *yaml.Node) (*yaml.Node, error) {
	if w.r.opts.Transform == nil {
		return nil, w.unsupported(args, "Fn::Transform is not supported here")
	}
	name, err := w.str(Lookup(args, "Name"))
	if err != nil {
		return nil, err
	}
	params, err := w.resolve(Lookup(args, "Parameters"))
	if err != nil {
		return nil, err
	}
	n, file, err := w.r.opts.Transform(name, params, w.loc)
	if err != nil {
		return nil, err
	}
	if file != "" {
		// Errors and placeholders inside name the included file, with
		// field paths from its root (as openapi locates them).
		w.loc = api.Location{File: file, LogicalID: w.loc.LogicalID}
	}
	return w.resolve(n)
}
