package sam

import (
	"slices"
	"strconv"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// fields reads one mapping of a template, resolving each field only when
// it is read, so an unresolvable intrinsic in an unused field is harmless.
type fields struct {
	l    *loader
	node *yaml.Node   // a plain mapping, or nil
	loc  api.Location // of the mapping
}

func (l *loader) fields(loc api.Location, n *yaml.Node) fields {
	f := fields{l: l, loc: loc}
	n, err := l.r.Shallow(n, loc)
	l.fail(err)
	if err == nil {
		n, err = l.r.ExpandLoops(n, loc)
		l.fail(err)
	}
	switch {
	case n == nil:
	case n.Kind == yaml.MappingNode:
		f.node = n
	default:
		l.failAt(loc, "want a mapping")
	}
	return f
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func (f fields) at(key string) api.Location {
	loc := f.loc
	loc.Field = join(loc.Field, key)
	if n := cfn.Lookup(f.node, key); n != nil {
		loc.Line = n.Line
	}
	return loc
}

func (f fields) fail(key, format string, args ...any) { f.l.failAt(f.at(key), format, args...) }

// unsupported notes what apigw cannot serve yet at key and returns the
// Gap, its message as what, for the part that needs it.
func (f fields) unsupported(key, format string, args ...any) api.Gap {
	return f.l.unsupportedAt(f.at(key), format, args...)
}

// gap notes a feature apigw cannot serve yet at key (see loader.gapAt).
func (f fields) gap(key, what, rest string, args ...any) api.Gap {
	return f.l.gapAt(f.at(key), what, rest, args...)
}

func (f fields) raw(key string) *yaml.Node { return cfn.Lookup(f.node, key) }

func (f fields) has(key string) bool { return f.raw(key) != nil }

func (f fields) keys() []string { return cfn.Keys(f.node) }

// sub returns the mapping under key.
func (f fields) sub(key string) fields {
	if !f.has(key) {
		return fields{l: f.l, loc: f.at(key)}
	}
	return f.l.fields(f.at(key), f.raw(key))
}

// value resolves the field; nil when absent, AWS::NoValue or in error.
func (f fields) value(key string) *yaml.Node {
	n := f.raw(key)
	if n == nil {
		return nil
	}
	v, err := f.l.r.Resolve(n, f.at(key))
	f.l.fail(err)
	return v
}

func (f fields) str(key, def string) string {
	s, ok := f.scalar(key, f.value(key))
	if !ok {
		return def
	}
	return s
}

// scalar checks a resolved value is a string.
func (f fields) scalar(key string, v *yaml.Node) (string, bool) {
	if v == nil {
		return "", false
	}
	if v.Kind != yaml.ScalarNode {
		f.fail(key, "want a string")
		return "", false
	}
	return v.Value, true
}

func (f fields) integer(key string, def int) int {
	s := f.str(key, "")
	if s == "" {
		return def
	}
	i, err := strconv.Atoi(s)
	if err != nil {
		f.fail(key, "want a whole number, got %q", s)
		return def
	}
	return i
}

func (f fields) boolean(key string) bool {
	s := f.str(key, "false")
	b, err := strconv.ParseBool(s)
	if err != nil {
		f.fail(key, "want true or false, got %q", s)
	}
	return b
}

func (f fields) strings(key string) []string {
	v := f.value(key)
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		f.fail(key, "want a list of strings")
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, c := range v.Content {
		if c.Kind != yaml.ScalarNode {
			f.fail(key, "want a list of strings")
			return nil
		}
		out = append(out, c.Value)
	}
	return out
}

// strMap reads a mapping of strings, resolving each entry on its own.
func (f fields) strMap(key string) map[string]string {
	m := f.sub(key)
	if m.node == nil {
		return nil
	}
	out := make(map[string]string, len(m.node.Content)/2)
	for _, k := range m.keys() {
		if v, ok := m.scalar(k, m.value(k)); ok {
			out[k] = v
		}
	}
	return out
}

// unused warns about every key that is neither read nor known to be safe
// to ignore.
func (f fields) unused(known ...[]string) {
	for _, k := range f.keys() {
		if !slices.ContainsFunc(known, func(set []string) bool { return slices.Contains(set, k) }) {
			f.l.group("properties not used locally", f.loc.LogicalID+"."+join(f.loc.Field, k))
		}
	}
}
