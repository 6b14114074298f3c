package sam

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
)

// Values only a deployment knows (issue 9 item 3): parameters without a
// value, SSM parameter types, Fn::ImportValue and attributes of deployed
// resources resolve to stand-ins (cfn.Placeholder), as sam local does,
// with one warning naming each. Where such a value decides routing or
// authorization (a path, an authorizer's function, an integration's
// function or URI, a resource policy), the part that used it gets a Gap
// naming it: it fails closed rather than route or authorize by a guess.

// mark is a point in the resolver's placeholder list.
func (l *loader) mark() int { return len(l.r.Placeholders()) }

// since lists the placeholders used after mark.
func (l *loader) since(mark int) []cfn.Placeholder { return l.r.Placeholders()[mark:] }

// deploymentGap notes that what (a route's path, an authorizer's
// function) depends on values only a deployment knows and returns the Gap.
func (l *loader) deploymentGap(loc api.Location, what string, used []cfn.Placeholder) api.Gap {
	names := placeholderNames(used)
	hint := "; give them with --parameter-overrides"
	if !slices.ContainsFunc(used, func(p cfn.Placeholder) bool { return p.Kind == cfn.PlaceholderParameter }) {
		hint = ""
	}
	return l.gapAt(loc, what+" that only a deployment knows ("+strings.Join(names, ", ")+")", "cannot be served locally%s", hint)
}

// placeholderNames names each placeholder once, in order.
func placeholderNames(used []cfn.Placeholder) []string {
	var names []string
	for _, p := range used {
		if s := p.String(); !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	return names
}

// placeholderWarnings says, once each, which values got a stand-in: the
// parameters (with the value used, and how to set them), then the rest.
func (l *loader) placeholderWarnings() []string {
	var params, others []string
	seen := map[string]bool{}
	for _, p := range l.r.Placeholders() {
		s := p.String()
		if seen[s] {
			continue
		}
		seen[s] = true
		if p.Kind == cfn.PlaceholderParameter {
			params = append(params, fmt.Sprintf("%s=%q", p.Name, p.Value))
			continue
		}
		others = append(others, fmt.Sprintf("%s=%q", s, p.Value))
	}
	var out []string
	if len(params) > 0 {
		out = append(out, fmt.Sprintf("%s: parameters without a value (no Default, or read from SSM) get a placeholder; pass --parameter-overrides to set them (%s)",
			l.file, strings.Join(params, ", ")))
	}
	if len(others) > 0 {
		out = append(out, fmt.Sprintf("%s: values only a deployment knows get a placeholder (%s)", l.file, strings.Join(others, ", ")))
	}
	return out
}

// under names the placeholders used, after mark from, at loc or inside
// it (same file and logical id, a field at or below loc.Field), and where
// the first was used; no names when none.
func (l *loader) under(from int, loc api.Location) ([]string, api.Location) {
	used := l.placeholdersUnder(from, loc)
	if len(used) == 0 {
		return nil, loc
	}
	return placeholderNames(used), used[0].Loc
}

// placeholdersUnder lists the placeholders used, after mark from, at loc
// or inside it.
func (l *loader) placeholdersUnder(from int, loc api.Location) []cfn.Placeholder {
	var used []cfn.Placeholder
	for _, p := range l.since(from) {
		f := p.Loc.Field
		if p.Loc.File == loc.File && p.Loc.LogicalID == loc.LogicalID && (f == loc.Field || strings.HasPrefix(f, loc.Field+".")) {
			used = append(used, p)
		}
	}
	return used
}

// policyGap is the Gap of an API whose resource policy holds a value only
// a deployment knows where it changes what apigw decides. The policy is
// searched for each stand-in the API's properties (or, in used, its
// events' Auth.ResourcePolicy) were given, wherever it ended up (a JSON
// string, a statement SAM generates): one in a principal, or in a
// condition on a key apigw does not evaluate (aws:SourceVpce, ...), is
// never compared locally, so it changes nothing (a Deny under such a
// condition always denies here). The stage name is left out: the API is
// served on that same stand-in. Zero when none matters.
func (l *loader) policyGap(a *api.API, used []cfn.Placeholder) api.Gap {
	if a.ResourcePolicy == nil {
		return api.Gap{}
	}
	var doc any
	if json.Unmarshal(a.ResourcePolicy.Document, &doc) != nil {
		return api.Gap{}
	}
	var matter []cfn.Placeholder
	for _, p := range l.r.Placeholders() {
		ours := p.Loc.LogicalID == a.LogicalID && p.Loc.Field != "Properties."+propStageName
		if (ours || slices.Contains(used, p)) && p.Value != "" && valueMatters(doc, "", p.Value) {
			matter = append(matter, p)
		}
	}
	if len(matter) == 0 {
		return api.Gap{}
	}
	return l.deploymentGap(matter[0].Loc, "a resource policy", matter)
}

// valueMatters reports whether a string of the policy document at or
// below path holds s where apigw compares it.
func valueMatters(v any, path, s string) bool {
	switch x := v.(type) {
	case string:
		return strings.Contains(x, s) && policyValueMatters(path)
	case []any:
		return slices.ContainsFunc(x, func(e any) bool { return valueMatters(e, path, s) })
	case map[string]any:
		for k, e := range x {
			if valueMatters(e, path+"."+k, s) {
				return true
			}
		}
	}
	return false
}

// policyValueMatters reports whether apigw compares what is at path in a
// policy document: not a principal, not a condition on another key than
// aws:SourceIp.
func policyValueMatters(path string) bool {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		switch {
		case p == "Principal" || p == "NotPrincipal":
			return false
		case p == "Condition" && i+2 < len(parts):
			return strings.EqualFold(parts[i+2], "aws:SourceIp")
		}
	}
	return true
}
