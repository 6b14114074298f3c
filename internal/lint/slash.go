package lint

import (
	"fmt"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/policy"
)

// resourcePolicySlash reports the Deny statements of a's resource policy
// that the same path with a trailing slash escapes (P-1).
func resourcePolicySlash(a *api.API, sc Scope) []Finding {
	rp := a.ResourcePolicy
	if rp == nil {
		return nil
	}
	base := Finding{Location: locationOf(rp.Source), API: a.LogicalID}
	pol, _, err := policy.ParseResource(rp.Document, policy.Scope{Region: sc.Region, Account: sc.AccountID, APIID: a.ID})
	if err != nil {
		return nil // the gateway refuses it at load; validate says why
	}
	var out []Finding
	for _, e := range slashEscapes(pol) {
		out = append(out, base.with(RuleDenySlash, "", "resource policy "+e, slashFix))
	}
	return out
}

const slashFix = "deny the path and everything under it too: add a Resource ending in \"/*\" (or end the pattern with \"*\")"

// slashEscapes describes each Deny pattern of pol that a trailing slash
// escapes: "statement 1 denies arn:.../GET/admin, but .../GET/admin/ is
// implicit deny; without its trailing slash, ...". It asks
// authorizer.SlashNote, which explains the same thing for a request.
func slashEscapes(pol *policy.Policy) []string {
	var out []string
	for i := range pol.NumStatements() {
		st := pol.Statement(i)
		if !st.Deny || !st.Invoke || st.Inert || st.NotResource {
			continue
		}
		for _, pat := range st.Resources {
			if strings.HasSuffix(pat, "*") || strings.HasSuffix(pat, "/") {
				continue
			}
			withSlash := pat + "/"
			d := pol.Evaluate(withSlash)
			if note := authorizer.SlashNote(withSlash, d, pol.Evaluate); note != "" {
				out = append(out, fmt.Sprintf("statement %d denies %s, but %s/ (a trailing slash) is %s%s", i, pat, pat, d.Effect, note))
			}
		}
	}
	return out
}
