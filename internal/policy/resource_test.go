package policy

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"
)

var scope = Scope{Region: "us-east-1", Account: "123456789012", APIID: "abc123"}

// rdoc is a resource policy of statements.
func rdoc(stmts ...string) []byte {
	return []byte(`{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`)
}

// rstmt is a resource policy statement; principal and cond are raw JSON
// ("" leaves them out).
func rstmt(effect, principal, resource, cond string) string {
	s := fmt.Sprintf(`{"Effect":%q,"Action":"execute-api:Invoke","Resource":%q`, effect, resource)
	if principal != "" {
		s += `,"Principal":` + principal
	}
	if cond != "" {
		s += `,"Condition":` + cond
	}
	return s + "}"
}

func ip(s string) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	return netip.MustParseAddr(s)
}

// TestEvaluateResource: resource policies as API Gateway reads them for an
// anonymous caller (PIPE-1 step 2, P-3, P-5; DG-FLOW), with apigw's
// fail-closed choices where AWS's answer is unknown.
func TestEvaluateResource(t *testing.T) {
	t.Parallel()
	const all, get = `"*"`, base + "/prod/GET/pets"
	inside, outside := `{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]}}`, `{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`
	vpce, orgID := `{"StringEquals":{"aws:SourceVpce":"vpce-1"}}`, `{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}`
	cases := []struct {
		name   string
		doc    []byte
		arn    string
		source string
		want   Effect
	}{
		{"shorthand execute-api:/* is this API", rdoc(rstmt("Allow", all, "execute-api:/*", "")), get, "", Allow},
		{"shorthand with stage, verb and path", rdoc(rstmt("Allow", all, "execute-api:/prod/GET/pets", "")), get, "", Allow},
		{"shorthand of another stage", rdoc(rstmt("Allow", all, "execute-api:/dev/*", "")), get, "", ImplicitDeny},
		{"shorthand of another API's request", rdoc(rstmt("Allow", all, "execute-api:/*", "")), "arn:aws:execute-api:us-east-1:123456789012:other/prod/GET/pets", "", ImplicitDeny},
		{"P-5 full ARN with wildcards", rdoc(rstmt("Allow", all, "arn:aws:execute-api:*:*:*", "")), get, "", Allow},
		{"P-5 */*/admin shorthand covers every verb", rdoc(rstmt("Allow", all, "execute-api:/*", ""), rstmt("Deny", all, "execute-api:/*/*/pets", "")), get, "", ExplicitDeny},
		{"Principal AWS * applies", rdoc(rstmt("Allow", `{"AWS":"*"}`, "execute-api:/*", "")), get, "", Allow},
		{"Principal AWS list holding * applies", rdoc(rstmt("Allow", `{"AWS":["arn:aws:iam::1:root","*"]}`, "execute-api:/*", "")), get, "", Allow},
		{"Principal AWS account does not apply to anonymous", rdoc(rstmt("Allow", `{"AWS":"arn:aws:iam::111122223333:root"}`, "execute-api:/*", "")), get, "", ImplicitDeny},
		{"Principal AWS account as a number", rdoc(rstmt("Allow", `{"AWS":[111122223333]}`, "execute-api:/*", "")), get, "", ImplicitDeny},
		{"Principal Service does not apply", rdoc(rstmt("Allow", `{"Service":"apigateway.amazonaws.com"}`, "execute-api:/*", "")), get, "", ImplicitDeny},
		{"a Deny naming a principal does not deny anonymous", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", `{"AWS":"111122223333"}`, "*", "")), get, "", Allow},
		{"IpAddress from inside", rdoc(rstmt("Allow", all, "*", inside)), get, "10.1.2.3", Allow},
		{"IpAddress from outside", rdoc(rstmt("Allow", all, "*", inside)), get, "192.0.2.1", ImplicitDeny},
		{"IpAddress IPv6", rdoc(rstmt("Allow", all, "*", inside)), get, "2001:db8::5", Allow},
		{"IpAddress an IPv4-mapped caller", rdoc(rstmt("Allow", all, "*", inside)), get, "::ffff:10.0.0.1", Allow},
		{"IpAddress a single address without mask", rdoc(rstmt("Allow", all, "*", `{"IpAddress":{"aws:SourceIp":"192.0.2.7"}}`)), get, "192.0.2.7", Allow},
		{"IpAddress a non-canonical CIDR", rdoc(rstmt("Allow", all, "*", `{"IpAddress":{"aws:SourceIp":"10.9.9.9/8"}}`)), get, "10.1.1.1", Allow},
		{"condition key ignores case", rdoc(rstmt("Allow", all, "*", `{"IpAddress":{"AWS:SOURCEIP":"10.0.0.0/8"}}`)), get, "10.0.0.1", Allow},
		{"NotIpAddress Deny from outside", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", all, "*", outside)), get, "192.0.2.1", ExplicitDeny},
		{"NotIpAddress Deny from inside", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", all, "*", outside)), get, "10.0.0.1", Allow},
		{"clauses all hold", rdoc(rstmt("Allow", all, "*", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"NotIpAddress":{"aws:SourceIp":"10.1.0.0/16"}}`)), get, "10.2.0.1", Allow},
		{"one clause fails", rdoc(rstmt("Allow", all, "*", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"NotIpAddress":{"aws:SourceIp":"10.1.0.0/16"}}`)), get, "10.1.0.1", ImplicitDeny},
		{"unknown caller: a conditioned Allow never allows", rdoc(rstmt("Allow", all, "*", `{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`)), get, "", ImplicitDeny},
		{"unknown caller: a conditioned Deny denies", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", all, "*", inside)), get, "", ExplicitDeny},
		{"other condition: an Allow never allows", rdoc(rstmt("Allow", all, "*", vpce)), get, "10.0.0.1", ImplicitDeny},
		{"aws:SourceVpce is absent locally: a Deny on it does not apply", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", all, "*", vpce)), get, "10.0.0.1", Allow},
		{"unknown key: a Deny denies", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", all, "*", orgID)), get, "10.0.0.1", ExplicitDeny},
		{"unknown key: an Allow never allows", rdoc(rstmt("Allow", all, "*", orgID)), get, "10.0.0.1", ImplicitDeny},
		{"unknown key AND a false clause: the Deny does not apply", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", all, "*", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"StringEquals":{"aws:PrincipalOrgID":"o-1"}}`)), get, "192.0.2.1", Allow},
		{"unknown key AND a true clause: the Deny denies", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", all, "*", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"StringEquals":{"aws:PrincipalOrgID":"o-1"}}`)), get, "10.0.0.1", ExplicitDeny},
		{"a mix: IpAddress and Bool aws:SecureTransport false both hold", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", all, "*", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"Bool":{"aws:SecureTransport":false}}`)), get, "10.0.0.1", ExplicitDeny},
		{"a bad address: an Allow never allows", rdoc(rstmt("Allow", all, "*", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/99"}}`)), get, "10.0.0.1", ImplicitDeny},
		{"an empty Condition is no condition", rdoc(rstmt("Allow", all, "*", `{}`)), get, "", Allow},
		{"no Principal: an Allow never allows", rdoc(rstmt("Allow", "", "*", "")), get, "", ImplicitDeny},
		{"no Principal: a Deny denies", rdoc(rstmt("Allow", all, "*", ""), rstmt("Deny", "", "*", "")), get, "", ExplicitDeny},
		{"NotPrincipal: a Deny denies anonymous", rdoc(rstmt("Allow", all, "*", ""), `{"Effect":"Deny","NotPrincipal":{"AWS":"1"},"Action":"*","Resource":"*"}`), get, "", ExplicitDeny},
		{"NotPrincipal *: a Deny leaves no one", rdoc(rstmt("Allow", all, "*", ""), `{"Effect":"Deny","NotPrincipal":"*","Action":"*","Resource":"*"}`), get, "", Allow},
		{"NotPrincipal: an Allow never allows", rdoc(`{"Effect":"Allow","NotPrincipal":{"AWS":"1"},"Action":"*","Resource":"*"}`), get, "", ImplicitDeny},
		{"Statement as one object, no Version", []byte(`{"Statement":` + rstmt("Allow", all, "execute-api:/*", "") + `}`), get, "", Allow},
		{"P-4 a statement on another action does not apply", rdoc(`{"Effect":"Allow","Principal":"*","Action":"execute-api:InvalidateCache","Resource":"*"}`), get, "", ImplicitDeny},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, _, err := ParseResource(c.doc, scope)
			if err != nil {
				t.Fatalf("ParseResource(%s): %v", c.doc, err)
			}
			if got := p.EvaluateIn(c.arn, &Context{SourceIP: ip(c.source)}); got.Effect != c.want {
				t.Errorf("EvaluateIn(%q, %q) = %v; want %v", c.arn, c.source, got, c.want)
			}
		})
	}
}

// TestResourceNotes: what apigw decides differently from what AWS might is
// said, once per statement.
func TestResourceNotes(t *testing.T) {
	t.Parallel()
	_, notes, err := ParseResource(rdoc(
		rstmt("Allow", `"*"`, "execute-api:/*", `{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}`),
		rstmt("Deny", "", "*", ""),
		`{"Effect":"Allow","NotPrincipal":{"AWS":"1"},"Action":"*","Resource":"*"}`,
		rstmt("Deny", `"*"`, "arn:aws:execute-api:eu-west-1:123456789012:abc123/*", ""),
		rstmt("Deny", `"*"`, "arn:aws:execute-api:*:123456789012:xyz/*", ""),
		rstmt("Allow", `"*"`, "arn:aws:execute-api:*:*:abc123/*", ""),
	), scope)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Statement[0]: its Condition is not evaluated locally (StringEquals on aws:PrincipalOrgID: apigw does not know this key): this Allow never allows (fail closed)",
		"Statement[1]: has no Principal: this Deny applies to every request it names (fail closed)",
		"Statement[2]: uses NotPrincipal: this Allow never allows (fail closed)",
		`Statement[3].Resource[0]: "arn:aws:execute-api:eu-west-1:123456789012:abc123/*" names region "eu-west-1", not this API's "us-east-1": it matches no request here`,
		`Statement[4].Resource[0]: "arn:aws:execute-api:*:123456789012:xyz/*" names API id "xyz", not this API's "abc123": it matches no request here`,
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Fatalf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseResourceMalformed(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, doc, where string }{
		{"Principal a number", string(rdoc(rstmt("Allow", `1`, "*", ""))), "Principal"},
		{"Principal an array", string(rdoc(rstmt("Allow", `["*"]`, "*", ""))), "Principal"},
		{"unknown principal type", string(rdoc(rstmt("Allow", `{"Group":"x"}`, "*", ""))), "principal type"},
		{"principal value an object", string(rdoc(rstmt("Allow", `{"AWS":{"a":1}}`, "*", ""))), "AWS"},
		{"both Principal and NotPrincipal", `{"Statement":[{"Effect":"Allow","Principal":"*","NotPrincipal":"*","Action":"*","Resource":"*"}]}`, "NotPrincipal"},
		{"O-2 Condition null", string(rdoc(rstmt("Allow", `"*"`, "*", `null`))), "Condition"},
		{"Condition operator a string", string(rdoc(rstmt("Allow", `"*"`, "*", `{"IpAddress":"x"}`))), "IpAddress"},
		{"Condition value an object", string(rdoc(rstmt("Allow", `"*"`, "*", `{"IpAddress":{"aws:SourceIp":{"a":1}}}`))), "aws:SourceIp"},
		{"Condition value null", string(rdoc(rstmt("Allow", `"*"`, "*", `{"IpAddress":{"aws:SourceIp":null}}`))), "aws:SourceIp"},
		{"Statement a string", `{"Statement":"x"}`, "Statement"},
		{"lowercase Effect", string(rdoc(rstmt("allow", `"*"`, "*", ""))), "Effect"},
	}
	for _, c := range cases {
		p, _, err := ParseResource([]byte(c.doc), scope)
		if p != nil || !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), c.where) {
			t.Errorf("%s: ParseResource = %v, %v; want ErrMalformed naming %q", c.name, p, err, c.where)
		}
	}
}

// TestEvaluateInDoesNotAllocate: the per-request evaluation of a
// resource policy with conditions does not allocate.
func TestEvaluateInDoesNotAllocate(t *testing.T) {
	p, _, err := ParseResource(rdoc(rstmt("Allow", `"*"`, "execute-api:/*", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`),
		rstmt("Deny", `"*"`, "execute-api:/*/*/admin/*", `{"NotIpAddress":{"aws:SourceIp":"10.1.0.0/16"},"StringLike":{"aws:UserAgent":"curl/*"},"DateGreaterThan":{"aws:CurrentTime":"2020-01-01"},"Null":{"aws:SourceVpc":"true"},"ForAnyValue:StringEqualsIgnoreCase":{"aws:RequestedRegion":"US-EAST-1"}}`)), scope)
	if err != nil {
		t.Fatal(err)
	}
	x := &Context{SourceIP: netip.MustParseAddr("10.2.3.4"), Now: time.Now(), Region: "us-east-1", UserAgent: "curl/8", HasUserAgent: true}
	if got := p.EvaluateIn(base+"/prod/GET/admin/x", x); got.Effect != ExplicitDeny {
		t.Fatalf("EvaluateIn = %v; want explicit deny", got)
	}
	if n := testing.AllocsPerRun(100, func() { p.EvaluateIn(base+"/prod/GET/admin/x", x) }); n != 0 {
		t.Fatalf("EvaluateIn allocates %v times; want 0", n)
	}
}
