package cfn

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// ErrSyntax is the cause (Err) of the *api.Error, of KindInvalid, for a
// document that is not well-formed YAML or JSON, or that uses YAML features
// CloudFormation rejects.
var ErrSyntax = errors.New("template syntax")

// yamlLine finds the line number in a go.yaml.in/yaml/v3 syntax message,
// which has no typed error for it.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse decodes a YAML or JSON document into a node tree with every short
// tag in long form. file names the document in errors. A key given twice
// in one mapping keeps its last value, as CloudFormation does; ParseWarn
// says so.
func Parse(file string, data []byte) (*yaml.Node, error) {
	n, _, err := ParseWarn(file, data)
	return n, err
}

// ParseWarn is Parse, returning a warning ("file:line: ...") for each key
// given twice.
func ParseWarn(file string, data []byte) (*yaml.Node, []string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, syntaxError(file, data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil, api.Errorf(api.Location{File: file, Line: 1}, "empty document").Wrap(ErrSyntax)
	}
	root := doc.Content[0]
	p := &parser{file: file}
	if err := p.expand(root); err != nil {
		return nil, nil, err
	}
	return root, p.warnings, nil
}

// parser is the state of one Parse.
type parser struct {
	file     string
	warnings []string
}

func syntaxError(file string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := firstBadLine(data)
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		msg = m[2]
		if n, _ := strconv.Atoi(m[1]); n != line {
			msg += fmt.Sprintf(" (in the block at line %d)", n)
		}
	}
	return api.Errorf(api.Location{File: file, Line: line}, "syntax error: %s", msg).Wrap(ErrSyntax)
}

func structureError(file string, n *yaml.Node, format string, args ...any) error {
	return api.Errorf(api.Location{File: file, Line: n.Line}, format, args...).Wrap(ErrSyntax)
}

// expand rewrites short tags to long form in place and checks the document.
func (p *parser) expand(n *yaml.Node) error {
	file := p.file
	switch n.Kind {
	case yaml.AliasNode:
		return structureError(file, n, "YAML aliases (*%s) are not allowed in CloudFormation templates", n.Value)
	case yaml.MappingNode:
		if err := p.checkKeys(n); err != nil {
			return err
		}
	}
	if isShortTag(n.Tag) {
		if err := toLongForm(file, n); err != nil {
			return err
		}
	}
	for _, c := range n.Content {
		if err := p.expand(c); err != nil {
			return err
		}
	}
	return nil
}

func isShortTag(tag string) bool {
	return strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") && tag != "!"
}

// checkKeys requires plain string keys; of a key given twice, the last
// value is kept (CloudFormation's behaviour; cfn-lint reports E0000).
func (p *parser) checkKeys(n *yaml.Node) error {
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || isShortTag(k.Tag) {
			return structureError(p.file, k, "mapping keys must be plain strings")
		}
		if first, dup := seen[k.Value]; dup {
			p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: duplicate key %q (first at line %d): CloudFormation keeps the last value, and so does apigw", p.file, k.Line, k.Value, first))
			n.Content = slices.Delete(n.Content, firstIndex(n, k.Value), firstIndex(n, k.Value)+2)
			i -= 2
		}
		seen[k.Value] = k.Line
	}
	return nil
}

// firstIndex is the index of key's first occurrence in mapping n.
func firstIndex(n *yaml.Node, key string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// toLongForm turns `!Fn value` into `{Fn::Name: value}` in place.
func toLongForm(file string, n *yaml.Node) error {
	name, ok := shortTags[n.Tag]
	if !ok {
		return structureError(file, n, "unknown tag %s", n.Tag)
	}
	inner := *n
	inner.Tag = defaultTag(n.Kind)
	inner.Style &^= yaml.TaggedStyle
	if name == fnGetAtt && n.Kind == yaml.ScalarNode {
		res, attr, ok := strings.Cut(n.Value, ".")
		if !ok || res == "" || attr == "" {
			return structureError(file, n, "!GetAtt %q: want Resource.Attribute", n.Value)
		}
		inner = *seqNode(n.Line, strNode(res, n.Line), strNode(attr, n.Line))
	}
	*n = yaml.Node{Kind: yaml.MappingNode, Tag: tagMap, Line: n.Line, Column: n.Column,
		Content: []*yaml.Node{strNode(name, n.Line), &inner}}
	return nil
}

func defaultTag(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return tagMap
	case yaml.SequenceNode:
		return tagSeq
	default:
		return tagStr
	}
}

// firstBadLine finds the line where the document stops being well formed:
// the parser's own line is often where the enclosing block starts. The
// first n-1 lines parse and the first n do not (binary search on prefixes).
func firstBadLine(data []byte) int {
	ends := lineEnds(data)
	lo, hi := 1, len(ends)
	for lo < hi {
		mid := (lo + hi) / 2
		var n yaml.Node
		if yaml.Unmarshal(data[:ends[mid-1]], &n) == nil {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// lineEnds are the offsets just past each line.
func lineEnds(data []byte) []int {
	var ends []int
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	return ends
}
