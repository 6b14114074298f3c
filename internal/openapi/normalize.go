package openapi

import (
	"strings"

	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// API Gateway (and SAM's transform before it) accepts documents that the
// OpenAPI libraries refuse: unquoted versions (swagger: 2.0, info.version:
// 1.0, evidence/loading B4), servers written as a mapping (B5), and
// references to the models every REST API has predefined, Empty and Error,
// without defining them (B6). normalize rewrites those, only when a
// document fails to parse as it is, so that the common case is parsed once.

// Predefined models of a REST API, as API Gateway creates them.
var predefinedModels = map[string]string{
	"Empty": `{"type": "object", "title": "Empty Schema"}`,
	"Error": `{"type": "object", "title": "Error Schema", "properties": {"message": {"type": "string"}}}`,
}

// Reference prefixes of models in OpenAPI 3 and Swagger 2.
const (
	refSchemas     = "#/components/schemas/"
	refDefinitions = "#/definitions/"
)

// normalize returns data rewritten as API Gateway reads it, and whether
// anything changed.
func (l *loader) normalize(data []byte) ([]byte, bool) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, false
	}
	root := doc.Content[0]
	changed := quoteVersions(root)
	if servers := cfn.Lookup(root, "servers"); servers != nil && servers.Kind != yaml.SequenceNode {
		removeKey(root, "servers")
		l.warn(l.at("servers"), "not a list of servers; ignored (apigw does not use servers)")
		changed = true
	}
	if definePredefinedModels(root) {
		changed = true
	}
	if !changed {
		return nil, false
	}
	out, err := yaml.Marshal(&doc)
	return out, err == nil
}

// quoteVersions makes the version fields strings, as API Gateway reads
// them: swagger: 2.0 is "2.0", openapi: 3.0 is "3.0", info.version: 1 is "1".
func quoteVersions(root *yaml.Node) bool {
	changed := false
	toString := func(n *yaml.Node, text string) {
		if n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!str" {
			n.Tag, n.Value, n.Style = "!!str", text, yaml.DoubleQuotedStyle
			changed = true
		}
	}
	if v := cfn.Lookup(root, fieldSwagger); v != nil && strings.TrimSuffix(v.Value, ".0") == "2" {
		toString(v, "2.0")
	}
	if v := cfn.Lookup(root, fieldOpenAPI); v != nil && !strings.Contains(v.Value, ".") {
		toString(v, v.Value+".0")
	} else if v != nil {
		toString(v, v.Value)
	}
	if info := cfn.Lookup(root, "info"); info != nil && info.Kind == yaml.MappingNode {
		for i := 1; i < len(info.Content); i += 2 {
			toString(info.Content[i], info.Content[i].Value)
		}
	}
	return changed
}

// definePredefinedModels adds Empty and Error where the document refers
// to them without defining them.
func definePredefinedModels(root *yaml.Node) bool {
	changed := false
	for name, schema := range predefinedModels {
		for _, at := range []struct{ prefix, path string }{{refSchemas, "components.schemas"}, {refDefinitions, "definitions"}} {
			if !refersTo(root, at.prefix+name) || cfn.Lookup(mapPath(root, at.path, false), name) != nil {
				continue
			}
			var s yaml.Node
			if yaml.Unmarshal([]byte(schema), &s) == nil {
				setKey(mapPath(root, at.path, true), name, s.Content[0])
				changed = true
			}
		}
	}
	return changed
}

// refersTo reports whether any $ref in n is ref.
func refersTo(n *yaml.Node, ref string) bool {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "$ref" && n.Content[i+1].Value == ref {
				return true
			}
		}
	}
	for _, c := range n.Content {
		if refersTo(c, ref) {
			return true
		}
	}
	return false
}

// mapPath follows a dotted path of mapping keys from n, creating missing
// mappings when create is set; nil when it cannot.
func mapPath(n *yaml.Node, path string, create bool) *yaml.Node {
	for _, key := range strings.Split(path, ".") {
		next := cfn.Lookup(n, key)
		if next == nil && create && n != nil && n.Kind == yaml.MappingNode {
			next = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			setKey(n, key, next)
		}
		if next == nil || next.Kind != yaml.MappingNode {
			return nil
		}
		n = next
	}
	return n
}

func setKey(n *yaml.Node, key string, v *yaml.Node) {
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func removeKey(n *yaml.Node, key string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content = append(n.Content[:i], n.Content[i+2:]...)
			return
		}
	}
}
