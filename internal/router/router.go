package router

import (
	"errors"

	"github.com/apigw/apigw/internal/api"
)

// Router is the resource tree of one API.
type Router struct {
	root *node
	// fallback is an HTTP API's $default route, matched when no other
	// route does (V-11); nil for none.
	fallback *api.Route
}

// node is one resource. Its children are reached by one more path part.
type node struct {
	literals map[string]*node // by decoded segment
	variable *node            // the {param} or {greedy+} child; at most one
	kind     partKind         // of this node, as its parent's child
	name     string           // parameter name when kind is not partLiteral
	routes   [numSlots]*api.Route
}

// New builds the tree. It reports every invalid route, each as a
// *RouteError, joined; on error the Router is nil.
func New(routes []*api.Route) (*Router, error) {
	r := &Router{root: &node{}}
	var errs []error
	for _, rt := range routes {
		if err := r.add(rt); err != nil {
			errs = append(errs, &RouteError{Location: rt.Source, Method: rt.Method, Path: rt.Path, Err: err})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// add inserts one route.
func (r *Router) add(rt *api.Route) error {
	if rt.IsDefault() {
		if r.fallback != nil {
			return errorf(ErrDuplicateRoute, "already declared at %s", r.fallback.Source)
		}
		r.fallback = rt
		return nil
	}
	slot := routeSlot(rt.Method)
	if slot < 0 {
		return errorf(ErrMethod, "%q (want ANY or one of %v)", rt.Method, api.AnyMethods)
	}
	parts, err := parseTemplate(rt.Path)
	if err != nil {
		return err
	}
	n := r.root
	for _, p := range parts {
		if n, err = n.child(p); err != nil {
			return err
		}
	}
	if prev := n.routes[slot]; prev != nil {
		return errorf(ErrDuplicateRoute, "already declared at %s", prev.Source)
	}
	n.routes[slot] = rt
	return nil
}

// child returns the child for p, creating it when missing.
func (n *node) child(p part) (*node, error) {
	if p.kind == partLiteral {
		if c := n.literals[p.text]; c != nil {
			return c, nil
		}
		if n.literals == nil {
			n.literals = make(map[string]*node)
		}
		c := &node{}
		n.literals[p.text] = c
		return c, nil
	}
	if v := n.variable; v != nil {
		if v.kind != p.kind || v.name != p.text {
			return nil, errorf(ErrSiblingVar, "%s conflicts with %s", varText(p.kind, p.text), varText(v.kind, v.name))
		}
		return v, nil
	}
	n.variable = &node{kind: p.kind, name: p.text}
	return n.variable, nil
}

func varText(k partKind, name string) string {
	if k == partGreedy {
		return "{" + name + "+}"
	}
	return "{" + name + "}"
}
