package cfn

import (
	"slices"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// Condition evaluates the named entry of the Conditions section.
func (r *Resolver) Condition(name string) (bool, error) {
	return r.condition(name, nil, r.walk(api.Location{Field: sectionConditions}))
}

func (r *Resolver) condition(name string, at *yaml.Node, from walk) (bool, error) {
	switch r.conds[name] {
	case condTrue:
		return true, nil
	case condFalse:
		return false, nil
	case condPending:
		return false, from.errf(at, "condition %s refers to itself", name)
	}
	decl := Lookup(r.t.Conditions, name)
	if decl == nil {
		return false, from.errf(at, "no condition named %q in Conditions", name)
	}
	r.conds[name] = condPending
	w := r.walk(api.Location{LogicalID: name, Field: sectionConditions, Line: decl.Line})
	w.depth = from.depth + 1
	v, err := w.cond(decl)
	if err != nil {
		delete(r.conds, name)
		return false, err
	}
	r.conds[name] = condFalse
	if v {
		r.conds[name] = condTrue
	}
	return v, nil
}

func (w walk) cond(n *yaml.Node) (bool, error) {
	w = w.child("")
	if w.depth > maxDepth {
		return false, w.errf(n, "nested deeper than %d levels", maxDepth)
	}
	if c := Lookup(n, fnCondition); c != nil && len(n.Content) == 2 {
		name, ok := scalarText(c)
		if !ok {
			return false, w.errf(c, "Condition takes a condition name")
		}
		return w.r.condition(name, c, w)
	}
	name, args, _ := Call(n)
	switch name {
	case fnEquals:
		return w.equals(args)
	case fnNot:
		a, err := w.args(fnNot, args, 1, 1)
		if err != nil {
			return false, err
		}
		v, err := w.cond(a[0])
		return !v, err
	case fnAnd, fnOr:
		return w.fold(name, args)
	}
	return false, w.errf(n, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition")
}

func (w walk) equals(args *yaml.Node) (bool, error) {
	a, err := w.args(fnEquals, args, 2, 2)
	if err != nil {
		return false, err
	}
	x, err := w.resolve(a[0])
	if err != nil {
		return false, err
	}
	y, err := w.resolve(a[1])
	return err == nil && sameValue(x, y), err
}

func (w walk) fold(name string, args *yaml.Node) (bool, error) {
	a, err := w.args(name, args, 2, 10)
	if err != nil {
		return false, err
	}
	for _, c := range a {
		v, err := w.cond(c)
		if err != nil {
			return false, err
		}
		if v == (name == fnOr) {
			return v, nil
		}
	}
	return name == fnAnd, nil
}

func sameValue(x, y *yaml.Node) bool {
	if x == nil || y == nil {
		return x == y
	}
	if x.Kind != y.Kind || x.Value != y.Value {
		return false
	}
	return slices.EqualFunc(x.Content, y.Content, sameValue)
}
