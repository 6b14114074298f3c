package cfn

import (
	"errors"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// Template is a parsed CloudFormation template. Nodes are unresolved.
type Template struct {
	File       string
	Root       *yaml.Node
	Parameters *yaml.Node // mapping or nil
	Mappings   *yaml.Node
	Conditions *yaml.Node
	Globals    *yaml.Node
	Transform  *yaml.Node
	Outputs    *yaml.Node
	Resources  []*Resource // in document order
	// Warnings are "file:line: ..." lines about what was read differently
	// from how it is written (a key given twice).
	Warnings []string
	byID     map[string]*Resource
	// loops are the Resources section's Fn::ForEach entries, expanded by
	// Resolver.ExpandResources.
	loops []loop
}

// loop is one Fn::ForEach::Name entry of the Resources section.
type loop struct{ key, args *yaml.Node }

// Resource is one entry of the Resources section.
type Resource struct {
	LogicalID  string
	Type       string
	Properties *yaml.Node // mapping or nil
	Metadata   *yaml.Node
	Condition  string // "" when the resource is unconditional
	Line       int
}

// Decode parses data and splits the template into its sections.
func Decode(file string, data []byte) (*Template, error) {
	root, warnings, err := ParseWarn(file, data)
	if err != nil {
		return nil, err
	}
	if root.Kind != yaml.MappingNode {
		return nil, structureError(file, root, "a template must be a mapping")
	}
	t := &Template{File: file, Root: root, byID: map[string]*Resource{},
		Parameters: Lookup(root, sectionParameters), Mappings: Lookup(root, sectionMappings),
		Conditions: Lookup(root, sectionConditions), Globals: Lookup(root, sectionGlobals),
		Transform: Lookup(root, sectionTransform), Outputs: Lookup(root, sectionOutputs), Warnings: warnings}
	return t, t.readResources(Lookup(root, sectionResources))
}

// Resource returns the resource with the logical id, or nil.
func (t *Template) Resource(id string) *Resource { return t.byID[id] }

func (t *Template) readResources(n *yaml.Node) error {
	if n == nil {
		return api.Errorf(api.Location{File: t.File, Field: sectionResources, Line: 1}, "a template needs a Resources section")
	}
	if n.Kind != yaml.MappingNode {
		return api.Errorf(api.Location{File: t.File, Field: sectionResources, Line: n.Line}, "want a mapping of logical ids to resources")
	}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		if strings.HasPrefix(n.Content[i].Value, forEachPrefix) {
			t.loops = append(t.loops, loop{key: n.Content[i], args: n.Content[i+1]})
			continue
		}
		if err := t.addResource(n.Content[i].Value, n.Content[i+1]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// addResource reads one resource of the Resources section.
func (t *Template) addResource(id string, n *yaml.Node) error {
	r, err := t.readResource(id, n)
	if err != nil {
		return err
	}
	if t.byID[id] != nil {
		return api.Errorf(api.Location{File: t.File, LogicalID: id, Line: n.Line}, "logical id %s is declared twice", id)
	}
	t.Resources = append(t.Resources, r)
	t.byID[r.LogicalID] = r
	return nil
}

func (t *Template) readResource(id string, n *yaml.Node) (*Resource, error) {
	loc := api.Location{File: t.File, LogicalID: id, Line: n.Line}
	if n.Kind != yaml.MappingNode {
		return nil, api.Errorf(loc, "a resource must be a mapping with Type and Properties")
	}
	typ, ok := scalarText(Lookup(n, "Type"))
	if !ok || typ == "" {
		loc.Field = "Type"
		return nil, api.Errorf(loc, "missing or non-string resource Type")
	}
	r := &Resource{LogicalID: id, Type: typ, Properties: Lookup(n, "Properties"), Metadata: Lookup(n, "Metadata"), Line: n.Line}
	if c := Lookup(n, fnCondition); c != nil {
		if r.Condition, ok = scalarText(c); !ok {
			loc.Field, loc.Line = fnCondition, c.Line
			return nil, api.Errorf(loc, "Condition must name a condition")
		}
	}
	if r.Properties != nil && r.Properties.Kind != yaml.MappingNode {
		loc.Field, loc.Line = "Properties", r.Properties.Line
		return nil, api.Errorf(loc, "Properties must be a mapping")
	}
	return r, nil
}
