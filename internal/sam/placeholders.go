package sam

import (
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

// policyGap is the Gap of a resource policy some of whose values only a
// deployment knows, when one of them changes what apigw decides: one in a
// principal, or in a condition on a key apigw does not evaluate
// (aws:SourceVpce, SAM's VPC and account lists), is never compared
// locally, so its stand-in changes nothing (a Deny under such a condition
// always denies here). Zero when none matters.
func (l *loader) policyGap(used []cfn.Placeholder) api.Gap {
	var matter []cfn.Placeholder
	for _, p := range used {
		if policyValueMatters(p.Loc.Field) {
			matter = append(matter, p)
		}
	}
	if len(matter) == 0 {
		return api.Gap{}
	}
	return l.deploymentGap(matter[0].Loc, "a resource policy", matter)
}

// samIgnoredLists are Auth.ResourcePolicy lists apigw does not compare.
var samIgnoredLists = []string{rpAccountAllow, rpAccountDeny, rpVpcAllow, rpVpcDeny, rpVpcIntrAllow, rpVpcIntrDeny, rpVpceIntrAllow, rpVpceIntrDeny}

func policyValueMatters(field string) bool {
	parts := strings.Split(field, ".")
	for i, p := range parts {
		switch {
		case p == "Principal" || p == "NotPrincipal" || slices.Contains(samIgnoredLists, p):
			return false
		case p == "Condition" && i+2 < len(parts):
			return strings.EqualFold(parts[i+2], "aws:SourceIp")
		}
	}
	return true
}
