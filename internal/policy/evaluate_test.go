package policy

import (
	"slices"
	"strings"
	"testing"
)

func TestEvaluate(t *testing.T) {
	t.Parallel()
	cond := `{"Effect":"%s","Action":"execute-api:Invoke","Resource":"` + base + `/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`
	cases := []struct {
		name    string
		doc     []byte
		arn     string
		want    Effect
		stmt    int
		pattern string
	}{
		{"P-3 deny wins when deny comes first", doc(stmt("Deny", base+"/*"), stmt("Allow", base+"/*")), base + "/prod/GET/pets", ExplicitDeny, 0, base + "/*"},
		{"P-3 deny wins when deny comes last", doc(stmt("Allow", base+"/*"), stmt("Deny", base+"/*")), base + "/prod/GET/pets", ExplicitDeny, 1, base + "/*"},
		{"P-3 allow when the deny does not match", doc(stmt("Deny", base+"/prod/POST/*"), stmt("Allow", base+"/*")), base + "/prod/GET/pets", Allow, 1, base + "/*"},
		{"P-3 first matching allow decides", doc(stmt("Allow", base+"/prod/*"), stmt("Allow", base+"/*")), base + "/prod/GET/pets", Allow, 0, base + "/prod/*"},
		{"P-3 implicit deny when nothing matches", doc(stmt("Allow", base+"/prod/GET/pets")), base + "/prod/GET/users", ImplicitDeny, -1, ""},
		{"P-3 empty statement list is implicit deny", doc(), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"C-8 seed exact ARN does not cover another path", doc(stmt("Allow", base+"/prod/GET/pets")), base + "/prod/GET/users", ImplicitDeny, -1, ""},
		{"C-8 seed exact ARN does not cover another verb", doc(stmt("Allow", base+"/prod/GET/pets")), base + "/prod/POST/pets", ImplicitDeny, -1, ""},
		{"C-8 seed exact ARN covers its own request", doc(stmt("Allow", base+"/prod/GET/pets")), base + "/prod/GET/pets", Allow, 0, base + "/prod/GET/pets"},
		{"C-8 fix wildcard covers every path", doc(stmt("Allow", base+"/*/*")), base + "/prod/GET/users", Allow, 0, base + "/*/*"},
		{"C-8 fix wildcard deny denies every path", doc(stmt("Deny", base+"/*/*")), base + "/prod/GET/users", ExplicitDeny, 0, base + "/*/*"},
		{"P-5 users/* does not match users", doc(stmt("Allow", base+"/prod/GET/users/*")), base + "/prod/GET/users", ImplicitDeny, -1, ""},
		{"P-5 users/* matches users/7", doc(stmt("Allow", base+"/prod/GET/users/*")), base + "/prod/GET/users/7", Allow, 0, base + "/prod/GET/users/*"},
		{"P-5 users/* matches users/ (empty run)", doc(stmt("Allow", base+"/prod/GET/users/*")), base + "/prod/GET/users/", Allow, 0, base + "/prod/GET/users/*"},
		{"P-5 */users matches POST", doc(stmt("Allow", base+"/prod/*/users")), base + "/prod/POST/users", Allow, 0, base + "/prod/*/users"},
		{"P-5 */users matches DELETE", doc(stmt("Allow", base+"/prod/*/users")), base + "/prod/DELETE/users", Allow, 0, base + "/prod/*/users"},
		{"P-5 */users does not match users/7", doc(stmt("Allow", base+"/prod/*/users")), base + "/prod/GET/users/7", ImplicitDeny, -1, ""},
		{"P-5 */GET/ matches the root", doc(stmt("Allow", base+"/*/GET/")), base + "/prod/GET/", Allow, 0, base + "/*/GET/"},
		{"P-5 */GET/ does not match pets", doc(stmt("Allow", base+"/*/GET/")), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"P-5 star spans slashes", doc(stmt("Allow", base+"/*")), base + "/prod/GET/a/b/c", Allow, 0, base + "/*"},
		{"P-5 star spans colons", doc(stmt("Allow", "arn:aws:execute-api:*")), base + "/prod/GET/a:b", Allow, 0, "arn:aws:execute-api:*"},
		{"P-5 star alone matches everything", doc(stmt("Allow", "*")), base + "/prod/GET/", Allow, 0, "*"},
		{"P-5 any region and account", doc(stmt("Allow", "arn:aws:execute-api:*:*:abc123/*")), base + "/prod/GET/pets", Allow, 0, "arn:aws:execute-api:*:*:abc123/*"},
		{"P-5 other API id does not match", doc(stmt("Allow", "arn:aws:execute-api:*:*:xyz789/*")), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"P-5 ? matches one character", doc(stmt("Allow", base+"/prod/GET/pets/?")), base + "/prod/GET/pets/7", Allow, 0, base + "/prod/GET/pets/?"},
		{"P-5 ? does not match two characters", doc(stmt("Allow", base+"/prod/GET/pets/?")), base + "/prod/GET/pets/77", ImplicitDeny, -1, ""},
		{"P-5 ? does not match nothing", doc(stmt("Allow", base+"/prod/GET/pets/?")), base + "/prod/GET/pets/", ImplicitDeny, -1, ""},
		{"P-5 ? matches a slash", doc(stmt("Allow", base+"/prod/GET/a?b")), base + "/prod/GET/a/b", Allow, 0, base + "/prod/GET/a?b"},
		{"P-5 ? matches one multibyte character", doc(stmt("Allow", base+"/prod/GET/caf?")), base + "/prod/GET/café", Allow, 0, base + "/prod/GET/caf?"},
		{"P-5 dot is literal", doc(stmt("Allow", base+"/prod/GET/a.c")), base + "/prod/GET/abc", ImplicitDeny, -1, ""},
		{"P-5 dot matches a dot", doc(stmt("Allow", base+"/prod/GET/a.c")), base + "/prod/GET/a.c", Allow, 0, base + "/prod/GET/a.c"},
		{"P-5 regex group is literal", doc(stmt("Allow", base+"/prod/GET/(a|b)+")), base + "/prod/GET/a", ImplicitDeny, -1, ""},
		{"P-5 regex group matches itself", doc(stmt("Allow", base+"/prod/GET/(a|b)+")), base + "/prod/GET/(a|b)+", Allow, 0, base + "/prod/GET/(a|b)+"},
		{"P-5 class and anchors are literal", doc(stmt("Allow", base+"/prod/GET/^[ab]$\\d")), base + "/prod/GET/a", ImplicitDeny, -1, ""},
		{"P-5 class and anchors match themselves", doc(stmt("Allow", base+"/prod/GET/^[ab]$\\d")), base + "/prod/GET/^[ab]$\\d", Allow, 0, base + "/prod/GET/^[ab]$\\d"},
		{"P-5 path case-sensitive", doc(stmt("Allow", base+"/prod/GET/Pets")), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"P-5 stage case-sensitive", doc(stmt("Allow", base+"/Prod/*")), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"P-5 verb case-sensitive", doc(stmt("Allow", base+"/prod/get/*")), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"P-6 resources OR-ed, second matches", doc(`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":["` + base + `/prod/GET/pets","` + base + `/prod/GET/users"]}`), base + "/prod/GET/users", Allow, 0, base + "/prod/GET/users"},
		{"P-6 resources OR-ed, none matches", doc(`{"Effect":"Allow","Action":["execute-api:Invoke"],"Resource":["` + base + `/prod/GET/pets","` + base + `/prod/GET/users"]}`), base + "/prod/GET/orders", ImplicitDeny, -1, ""},
		{"P-4 execute-api:* applies", doc(stmtAction("Allow", `"execute-api:*"`, base+"/*")), base + "/prod/GET/pets", Allow, 0, base + "/*"},
		{"P-4 * applies", doc(stmtAction("Allow", `"*"`, base+"/*")), base + "/prod/GET/pets", Allow, 0, base + "/*"},
		{"P-4 lowercase action applies", doc(stmtAction("Allow", `"execute-api:invoke"`, base+"/*")), base + "/prod/GET/pets", Allow, 0, base + "/*"},
		{"P-4 uppercase action applies", doc(stmtAction("Allow", `"EXECUTE-API:INVOKE"`, base+"/*")), base + "/prod/GET/pets", Allow, 0, base + "/*"},
		{"P-4 action with ? applies", doc(stmtAction("Allow", `"execute-api:Inv?ke"`, base+"/*")), base + "/prod/GET/pets", Allow, 0, base + "/*"},
		{"P-4 action in an array applies", doc(stmtAction("Allow", `["s3:GetObject","execute-api:Invoke"]`, base+"/*")), base + "/prod/GET/pets", Allow, 0, base + "/*"},
		{"P-4 s3:* does not apply", doc(stmtAction("Allow", `"s3:*"`, base+"/*")), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"P-4 InvalidateCache does not apply", doc(stmtAction("Allow", `"execute-api:InvalidateCache"`, base+"/*")), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"P-4 Invoke prefix only does not apply", doc(stmtAction("Allow", `"execute-api:Invoke2"`, base+"/*")), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"P-4 deny on s3 does not deny", doc(stmtAction("Deny", `"s3:*"`, base+"/*"), stmt("Allow", base+"/*")), base + "/prod/GET/pets", Allow, 1, base + "/*"},
		{"P-4 NotAction s3:* covers Invoke", doc(`{"Effect":"Allow","NotAction":"s3:*","Resource":"` + base + `/*"}`), base + "/prod/GET/pets", Allow, 0, base + "/*"},
		{"P-4 NotAction execute-api:* excludes Invoke", doc(`{"Effect":"Allow","NotAction":"execute-api:*","Resource":"` + base + `/*"}`), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"O-2 NotResource allow covers other paths", doc(`{"Effect":"Allow","Action":"execute-api:Invoke","NotResource":"` + base + `/prod/*/admin/*"}`), base + "/prod/GET/pets", Allow, 0, ""},
		{"O-2 NotResource allow excludes its pattern", doc(`{"Effect":"Allow","Action":"execute-api:Invoke","NotResource":"` + base + `/prod/*/admin/*"}`), base + "/prod/GET/admin/x", ImplicitDeny, -1, ""},
		{"O-2 NotResource deny denies other paths", doc(`{"Effect":"Deny","Action":"execute-api:Invoke","NotResource":["`+base+`/prod/GET/public/*"]}`, stmt("Allow", "*")), base + "/prod/GET/private", ExplicitDeny, 0, ""},
		{"O-2 NotResource deny spares its pattern", doc(`{"Effect":"Deny","Action":"execute-api:Invoke","NotResource":["`+base+`/prod/GET/public/*"]}`, stmt("Allow", "*")), base + "/prod/GET/public/x", Allow, 1, "*"},
		{"O-2 Condition: allow never allows (fail closed)", doc(strings.Replace(cond, "%s", "Allow", 1)), base + "/prod/GET/pets", ImplicitDeny, -1, ""},
		{"O-2 Condition: deny still denies", doc(stmt("Allow", "*"), strings.Replace(cond, "%s", "Deny", 1)), base + "/prod/GET/pets", ExplicitDeny, 1, base + "/*"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(c.doc)
			if err != nil {
				t.Fatalf("Parse(%s): %v", c.doc, err)
			}
			got := p.Evaluate(c.arn)
			want := Decision{Effect: c.want, Statement: c.stmt, Pattern: c.pattern}
			if got.Effect != want.Effect || got.Statement != want.Statement || got.Pattern != want.Pattern {
				t.Errorf("Evaluate(%q) = %+v (%v); want %+v", c.arn, got, got, want)
			}
		})
	}
}

func TestEvaluateNilPolicyDenies(t *testing.T) {
	t.Parallel()
	var p *Policy
	if got, want := p.Evaluate(base+"/prod/GET/"), (Decision{Effect: ImplicitDeny, Statement: -1}); got != want {
		t.Errorf("nil Evaluate = %+v; want %+v", got, want)
	}
	if got := p.NumStatements(); got != 0 {
		t.Errorf("nil NumStatements = %d; want 0", got)
	}
	if got := p.AllowedResources(); got != nil {
		t.Errorf("nil AllowedResources = %q; want nil", got)
	}
	if got := (Decision{}).Effect; got != ImplicitDeny {
		t.Errorf("zero Decision effect = %v; want implicit deny", got)
	}
}

func TestAccessors(t *testing.T) {
	t.Parallel()
	p, err := Parse(doc(
		`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":["A","B"]}`,
		stmt("Deny", "C"),
		`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"D","Condition":{"Bool":{"x":"true"}}}`,
		stmtAction("Allow", `"s3:*"`, "E"),
		`{"Effect":"Allow","Action":"*","NotResource":"F"}`,
	))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.NumStatements(), 5; got != want {
		t.Errorf("NumStatements = %d; want %d", got, want)
	}
	if got, want := p.AllowedResources(), []string{"A", "B"}; !slices.Equal(got, want) {
		t.Errorf("AllowedResources = %q; want %q", got, want)
	}
	infos := []StatementInfo{
		{Invoke: true, Resources: []string{"A", "B"}},
		{Deny: true, Invoke: true, Resources: []string{"C"}},
		{Conditional: true, Invoke: true, Resources: []string{"D"}},
		{Resources: []string{"E"}},
		{NotResource: true, Invoke: true, Resources: []string{"F"}},
	}
	for i, want := range infos {
		got := p.Statement(i)
		if got.Deny != want.Deny || got.NotResource != want.NotResource || got.Conditional != want.Conditional ||
			got.Invoke != want.Invoke || !slices.Equal(got.Resources, want.Resources) {
			t.Errorf("Statement(%d) = %+v; want %+v", i, got, want)
		}
	}
}

func TestDecisionString(t *testing.T) {
	t.Parallel()
	cases := []struct {
		d    Decision
		want string
	}{
		{Decision{Effect: Allow, Pattern: "arn:x/*"}, "allow by statement 0 (arn:x/*)"},
		{Decision{Effect: ExplicitDeny, Statement: 2}, "explicit deny by statement 2 (NotResource)"},
		{Decision{Effect: ImplicitDeny, Statement: -1}, "implicit deny (no statement matched)"},
		{Decision{Effect: Effect(9), Statement: -1}, "Effect(9) (no statement matched)"},
		{Decision{Effect: ExplicitDeny, Statement: 1, Pattern: "*", FailClosed: "Foo on k: apigw does not know this operator"},
			"explicit deny by statement 1 (*); its Condition is not evaluated (Foo on k: apigw does not know this operator): the Deny applies (fail closed)"},
		{Decision{Effect: ImplicitDeny, Statement: -1, Guarded: 3, FailClosed: "Foo on k: apigw does not know this operator"},
			"implicit deny (no statement matched); statement 3's Condition is not evaluated (Foo on k: apigw does not know this operator): its Allow does not apply (fail closed)"},
	}
	for _, c := range cases {
		if got := c.d.String(); got != c.want {
			t.Errorf("%+v.String() = %q; want %q", c.d, got, c.want)
		}
	}
}
