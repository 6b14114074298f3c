package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// errNoRoute: the template declares no API route; start-api and validate
// refuse it rather than serve nothing (a typo such as `Evnts:` must not
// give a silent empty server).
var errNoRoute = errors.New("declares no API route")

// requireRoutes refuses a template without a single route, with a hint:
// the functions that could have had an Api event, and the keys of the
// template that look like a misspelt or misplaced Events.
func requireRoutes(tpl *api.Template) error {
	for _, a := range tpl.APIs {
		if len(a.Routes) > 0 {
			return nil
		}
	}
	msg := "declares no API route, so there is nothing to serve"
	if ids := functionIDs(tpl); len(ids) > 0 {
		msg += fmt.Sprintf("; functions without an Api event: %s (an event is Events: {Name: {Type: Api, Properties: {Path: /x, Method: get}}})", strings.Join(ids, ", "))
	}
	hints := eventsTypos(tpl.File)
	for _, h := range hints {
		msg += "\n  " + h
	}
	return api.Errorf(api.Location{File: tpl.File}, "%s", msg).Wrap(errNoRoute)
}

func functionIDs(tpl *api.Template) []string {
	ids := make([]string, 0, len(tpl.Functions))
	for id := range tpl.Functions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Keys the hint looks for.
const (
	keyResources  = "Resources"
	keyGlobals    = "Globals"
	keyType       = "Type"
	keyProperties = "Properties"
	keyEvents     = "Events"
	typeFunction  = "AWS::Serverless::Function"
)

// How each hint ends.
const (
	hintMisspelt  = ": did you mean Events?"
	hintMisplaced = ": Events belongs under Properties"
)

// eventsTypos reads the template again (only when it declares no route)
// and names each key of a function that looks like Events but is not it,
// or is Events outside Properties: "template.yaml:9: Fn: Properties.Evnts:
// did you mean Events?". Unreadable files give no hint.
func eventsTypos(path string) []string {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() || st.Size() > maxTemplateBytes {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return eventsTyposIn(path, data)
}

// eventsTyposIn is eventsTypos on the template's text, read from path.
func eventsTyposIn(path string, data []byte) []string {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	var out []string
	eachPair(mapValue(root, keyResources), func(k, res *yaml.Node) {
		id := k.Value
		if t := mapValue(res, keyType); t == nil || t.Value != typeFunction {
			return
		}
		out = append(out, misspeltEvents(path, id, "", res, true)...)
		out = append(out, misspeltEvents(path, id, keyProperties+".", mapValue(res, keyProperties), false)...)
	})
	return append(out, misspeltEvents(path, keyGlobals, "Function.", mapValue(mapValue(root, keyGlobals), "Function"), false)...)
}

// misspeltEvents names the keys of m that look like Events; outside, the
// exact key too (Events belongs under Properties).
func misspeltEvents(path, id, prefix string, m *yaml.Node, outside bool) []string {
	var out []string
	eachPair(m, func(k, _ *yaml.Node) {
		if k.Value == keyEvents && !outside || !looksLike(k.Value, keyEvents) {
			return
		}
		loc := api.Location{File: path, Line: k.Line, LogicalID: id, Field: prefix + k.Value}
		if k.Value == keyEvents {
			out = append(out, loc.String()+hintMisplaced)
			return
		}
		out = append(out, loc.String()+hintMisspelt)
	})
	return out
}

// looksLike reports whether key is want up to case and two edits.
func looksLike(key, want string) bool {
	return editDistance(strings.ToLower(key), strings.ToLower(want)) <= 2
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// mapValue is the value of key in mapping m; nil when m is not a mapping
// or lacks key.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	var v *yaml.Node
	eachPair(m, func(k, val *yaml.Node) {
		if k.Value == key && v == nil {
			v = val
		}
	})
	return v
}

// eachPair calls f with each key and value of mapping m, in order.
func eachPair(m *yaml.Node, f func(k, v *yaml.Node)) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		f(m.Content[i], m.Content[i+1])
	}
}
