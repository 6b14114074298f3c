package cfn

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

func strNode(s string, line int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tagStr, Value: s, Line: line}
}

func seqNode(line int, items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: tagSeq, Line: line, Content: items}
}

// Lookup returns the value of key in mapping n, or nil.
func Lookup(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// Keys returns the keys of mapping n in document order.
func Keys(n *yaml.Node) []string {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	keys := make([]string, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return keys
}

// Call reports whether n is an intrinsic function call ({Fn::X: args}) and
// returns its name and arguments.
func Call(n *yaml.Node) (name string, args *yaml.Node, ok bool) {
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return "", nil, false
	}
	name = n.Content[0].Value
	if !isIntrinsic(name) {
		return "", nil, false
	}
	return name, n.Content[1], true
}

func isIntrinsic(name string) bool {
	if name == fnRef {
		return true
	}
	return len(name) > 4 && name[:4] == "Fn::" && !strings.HasPrefix(name, forEachPrefix)
}

// scalarText returns the text of a scalar node.
func scalarText(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

func intText(n *yaml.Node) (int, bool) {
	s, ok := scalarText(n)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil
}
