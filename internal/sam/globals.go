package sam

import (
	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// Globals sections.
const (
	globalsFunction = "Function"
	globalsAPI      = "Api"
	globalsHTTPAPI  = "HttpApi"
)

// globalsIgnored are Globals sections of resource types apigw ignores.
var globalsIgnored = []string{"SimpleTable", "LayerVersion", "StateMachine", "CapacityProvider"}

type globals struct {
	function, api, httpAPI *yaml.Node
}

func (l *loader) readGlobals() {
	g := l.tpl.Globals
	if g == nil {
		return
	}
	loc := api.Location{File: l.file, Field: "Globals", Line: g.Line}
	if g.Kind != yaml.MappingNode {
		l.failAt(loc, "want a mapping of sections")
		return
	}
	f := fields{l: l, node: g, loc: loc}
	for _, k := range f.keys() {
		switch {
		case k == globalsFunction:
			l.globals.function = f.raw(k)
		case k == globalsAPI:
			l.globals.api = f.raw(k)
		case k == globalsHTTPAPI:
			l.globals.httpAPI = f.raw(k)
		case contains(globalsIgnored, k):
			l.group("Globals sections of ignored resource types", "Globals."+k)
		default:
			f.fail(k, "unknown Globals section %q", k)
		}
	}
}

// merge applies SAM's Globals rules: the resource's value wins, mappings
// merge key by key, lists concatenate (globals first). Intrinsic calls are
// values, not mappings.
func merge(global, local *yaml.Node) *yaml.Node {
	if global == nil {
		return local
	}
	if local == nil {
		return global
	}
	switch {
	case isPlainMap(global) && isPlainMap(local):
		return mergeMaps(global, local)
	case global.Kind == yaml.SequenceNode && local.Kind == yaml.SequenceNode:
		out := *local
		out.Content = append(append([]*yaml.Node{}, global.Content...), local.Content...)
		return &out
	}
	return local
}

func isPlainMap(n *yaml.Node) bool {
	_, _, call := cfn.Call(n)
	return n.Kind == yaml.MappingNode && !call
}

func mergeMaps(global, local *yaml.Node) *yaml.Node {
	out := *local
	out.Content = nil
	for i := 0; i+1 < len(local.Content); i += 2 {
		k := local.Content[i]
		out.Content = append(out.Content, k, merge(cfn.Lookup(global, k.Value), local.Content[i+1]))
	}
	for i := 0; i+1 < len(global.Content); i += 2 {
		if cfn.Lookup(local, global.Content[i].Value) == nil {
			out.Content = append(out.Content, global.Content[i], global.Content[i+1])
		}
	}
	return &out
}
