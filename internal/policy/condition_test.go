package policy

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

// condOutcome evaluates cond in x as an Allow and as a Deny (next to an
// Allow of everything) and reads the three-valued result: "true" (the
// Allow allows, the Deny denies), "false" (neither applies) or "fail
// closed" (the Allow does not apply, the Deny does).
func condOutcome(t *testing.T, cond string, x *Context) string {
	t.Helper()
	const arn = base + "/prod/GET/pets"
	allow, err := Parse(doc(`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*","Condition":` + cond + `}`))
	if err != nil {
		t.Fatalf("Parse(%s): %v", cond, err)
	}
	deny, err := Parse(doc(stmt("Allow", "*"), `{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"*","Condition":`+cond+`}`))
	if err != nil {
		t.Fatal(err)
	}
	a, d := allow.EvaluateIn(arn, x).Effect == Allow, deny.EvaluateIn(arn, x).Effect == ExplicitDeny
	switch {
	case a && d:
		return "true"
	case !a && !d:
		return "false"
	case !a && d:
		return "fail closed"
	}
	return "inconsistent: the Allow applies and the Deny does not"
}

// request is the context of a plain request to a local gateway: from
// 10.1.2.3 over HTTP, with a User-Agent and no Referer.
func request() *Context {
	return &Context{SourceIP: netip.MustParseAddr("10.1.2.3"), Now: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC),
		Region: "us-east-1", UserAgent: "curl/8.5.0", HasUserAgent: true}
}

// TestConditionOperators pins each operator, qualifier and suffix with the
// IAM condition documentation's rules: several keys under one operator and
// several operators are AND-ed, several values of one key OR-ed; a negated
// operator holds when the value matches none; a key absent from the
// request makes an operator false and a negated one true, ...IfExists
// true; Null tests presence; key names ignore case, values do not (except
// the IgnoreCase operators and Bool). What apigw cannot evaluate fails
// closed (P-3: an Allow under it does not apply, a Deny does; O-2).
func TestConditionOperators(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, cond, want string }{
		{"StringEquals matches", `{"StringEquals":{"aws:UserAgent":"curl/8.5.0"}}`, "true"},
		{"StringEquals is case-sensitive", `{"StringEquals":{"aws:UserAgent":"CURL/8.5.0"}}`, "false"},
		{"StringEquals values are OR-ed", `{"StringEquals":{"aws:UserAgent":["x","curl/8.5.0"]}}`, "true"},
		{"StringEquals on an absent key is false", `{"StringEquals":{"aws:Referer":"x"}}`, "false"},
		{"StringNotEquals matches none", `{"StringNotEquals":{"aws:UserAgent":["x","y"]}}`, "true"},
		{"StringNotEquals matches one", `{"StringNotEquals":{"aws:UserAgent":["x","curl/8.5.0"]}}`, "false"},
		{"StringNotEquals on an absent key is true", `{"StringNotEquals":{"aws:Referer":"x"}}`, "true"},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"aws:UserAgent":"CURL/8.5.0"}}`, "true"},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase":{"aws:UserAgent":"CURL/8.5.0"}}`, "false"},
		{"StringLike with *", `{"StringLike":{"aws:UserAgent":"curl/*"}}`, "true"},
		{"StringLike with ?", `{"StringLike":{"aws:UserAgent":"curl/?.5.0"}}`, "true"},
		{"StringLike is anchored", `{"StringLike":{"aws:UserAgent":"curl"}}`, "false"},
		{"StringNotLike", `{"StringNotLike":{"aws:UserAgent":"*bot*"}}`, "true"},
		{"StringNotLike on an absent key is true", `{"StringNotLike":{"aws:Referer":"*"}}`, "true"},
		{"StringEqualsIfExists on an absent key is true", `{"StringEqualsIfExists":{"aws:Referer":"x"}}`, "true"},
		{"StringEqualsIfExists on a present key compares", `{"StringEqualsIfExists":{"aws:UserAgent":"x"}}`, "false"},
		{"aws:RequestedRegion is the API's region", `{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}`, "true"},
		{"aws:PrincipalAccount is absent for an anonymous caller", `{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}`, "false"},
		{"aws:PrincipalType is absent for an anonymous caller", `{"StringNotEquals":{"aws:PrincipalType":"Anonymous"}}`, "true"},
		{"aws:SourceVpc is absent: a request from the internet", `{"StringEquals":{"aws:SourceVpc":"vpc-1"}}`, "false"},
		{"aws:SourceVpce is absent: a request from the internet", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`, "true"},
		{"condition key names ignore case", `{"StringEquals":{"AWS:USERAGENT":"curl/8.5.0"}}`, "true"},
		{"NumericEquals on aws:EpochTime", `{"NumericEquals":{"aws:EpochTime":"1796472000"}}`, "true"},
		{"NumericNotEquals", `{"NumericNotEquals":{"aws:EpochTime":1796472000}}`, "false"},
		{"NumericLessThan", `{"NumericLessThan":{"aws:EpochTime":"1796472001"}}`, "true"},
		{"NumericLessThanEquals", `{"NumericLessThanEquals":{"aws:EpochTime":"1796472000"}}`, "true"},
		{"NumericGreaterThan", `{"NumericGreaterThan":{"aws:EpochTime":"1796472000"}}`, "false"},
		{"NumericGreaterThanEquals", `{"NumericGreaterThanEquals":{"aws:EpochTime":"1.7e9"}}`, "true"},
		{"DateEquals on aws:CurrentTime", `{"DateEquals":{"aws:CurrentTime":"2026-12-05T12:00:00Z"}}`, "true"},
		{"DateNotEquals", `{"DateNotEquals":{"aws:CurrentTime":"2026-12-05T12:00:00Z"}}`, "false"},
		{"DateLessThan an ISO 8601 date", `{"DateLessThan":{"aws:CurrentTime":"2027-01-01"}}`, "true"},
		{"DateLessThanEquals with an offset", `{"DateLessThanEquals":{"aws:CurrentTime":"2026-12-05T13:00:00+01:00"}}`, "true"},
		{"DateGreaterThan epoch seconds", `{"DateGreaterThan":{"aws:CurrentTime":"1796471999"}}`, "true"},
		{"DateGreaterThanEquals on aws:EpochTime", `{"DateGreaterThanEquals":{"aws:EpochTime":"2026-12-06T00:00:00Z"}}`, "false"},
		{"Bool aws:SecureTransport is false without TLS", `{"Bool":{"aws:SecureTransport":"false"}}`, "true"},
		{"Bool compares ignoring case", `{"Bool":{"aws:SecureTransport":"TRUE"}}`, "false"},
		{"Bool takes a JSON boolean", `{"Bool":{"aws:SecureTransport":false}}`, "true"},
		{"IpAddress in a CIDR", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, "true"},
		{"IpAddress values are OR-ed", `{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","10.1.2.3"]}}`, "true"},
		{"IpAddress outside", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, "false"},
		{"NotIpAddress outside", `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, "true"},
		{"NotIpAddress inside", `{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","10.0.0.0/8"]}}`, "false"},
		{"Null true: the key is absent", `{"Null":{"aws:Referer":"true"}}`, "true"},
		{"Null false: the key is present", `{"Null":{"aws:UserAgent":"false"}}`, "true"},
		{"Null true on a present key", `{"Null":{"aws:SourceIp":"true"}}`, "false"},
		{"ForAnyValue on an absent key is false", `{"ForAnyValue:StringEquals":{"aws:Referer":"x"}}`, "false"},
		{"ForAnyValue on a present key compares", `{"ForAnyValue:StringLike":{"aws:UserAgent":"curl*"}}`, "true"},
		{"ForAllValues on an absent key is true", `{"ForAllValues:StringEquals":{"aws:Referer":"x"}}`, "true"},
		{"ForAllValues on a present key compares", `{"ForAllValues:StringEquals":{"aws:UserAgent":"x"}}`, "false"},
		{"ForAnyValue with a negated operator on an absent key is false", `{"ForAnyValue:StringNotEquals":{"aws:Referer":"x"}}`, "false"},
		{"keys under one operator are AND-ed", `{"StringEquals":{"aws:UserAgent":"curl/8.5.0","aws:RequestedRegion":"eu-west-1"}}`, "false"},
		{"operators are AND-ed", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"StringLike":{"aws:UserAgent":"curl/*"}}`, "true"},
		{"fail closed: an unknown operator", `{"ArnLike":{"aws:UserAgent":"x"}}`, "fail closed"},
		{"fail closed: operator names are case-sensitive", `{"stringequals":{"aws:UserAgent":"curl/8.5.0"}}`, "fail closed"},
		{"fail closed: an unknown key", `{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}`, "fail closed"},
		{"fail closed: an execute-api key", `{"StringEquals":{"execute-api:viaDomainArn":"x"}}`, "fail closed"},
		{"fail closed: a policy variable", `{"StringEquals":{"aws:UserAgent":"${aws:username}"}}`, "fail closed"},
		{"fail closed: a Numeric operator on a string key", `{"NumericEquals":{"aws:UserAgent":"1"}}`, "fail closed"},
		{"fail closed: a value that is not a number", `{"NumericLessThan":{"aws:EpochTime":"soon"}}`, "fail closed"},
		{"fail closed: a value that is not a date", `{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}`, "fail closed"},
		{"fail closed: a value that is not a CIDR", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/99"}}`, "fail closed"},
		{"fail closed: Bool not true or false", `{"Bool":{"aws:SecureTransport":"yes"}}`, "fail closed"},
		{"fail closed: NullIfExists", `{"NullIfExists":{"aws:Referer":"true"}}`, "fail closed"},
		{"fail closed: no values", `{"StringEquals":{"aws:UserAgent":[]}}`, "fail closed"},
		{"fail closed: an operator with no keys", `{"StringEquals":{}}`, "fail closed"},
		{"a false clause decides even next to an unknown one", `{"StringEquals":{"aws:PrincipalOrgID":"o-1"},"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, "false"},
		{"an empty Condition is none", `{}`, "true"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := condOutcome(t, c.cond, request()); got != c.want {
				t.Errorf("%s in a request from 10.1.2.3 = %s; want %s", c.cond, got, c.want)
			}
		})
	}
}

// TestConditionUnknownContext: Evaluate, and EvaluateIn with a context
// that does not know a value, fail closed on every Condition but a false
// one.
func TestConditionUnknownContext(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, cond string
		x          *Context
	}{
		{"no context: StringEquals", `{"StringEquals":{"aws:UserAgent":"x"}}`, nil},
		{"no context: Null", `{"Null":{"aws:Referer":"true"}}`, nil},
		{"no context: an IfExists", `{"StringEqualsIfExists":{"aws:Referer":"x"}}`, nil},
		{"unknown address: NotIpAddress", `{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, &Context{}},
		{"unknown time: DateLessThan", `{"DateLessThan":{"aws:CurrentTime":"2999-01-01"}}`, &Context{}},
	}
	for _, c := range cases {
		if got := condOutcome(t, c.cond, c.x); got != "fail closed" {
			t.Errorf("%s: %s = %s; want fail closed", c.name, c.cond, got)
		}
	}
}

// TestFailClosedExplained: a decision a Condition failed closed says which
// Condition and why, for the deciding Deny and for the Allow that did not
// apply.
func TestFailClosedExplained(t *testing.T) {
	t.Parallel()
	p, err := Parse(doc(`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}`,
		`{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"*/admin","Condition":{"Foo":{"aws:UserAgent":"x"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	for arn, want := range map[string]string{
		base + "/prod/GET/pets":  "implicit deny (no statement matched); statement 0's Condition is not evaluated (StringEquals on aws:PrincipalOrgID: apigw does not know this key): its Allow does not apply (fail closed)",
		base + "/prod/GET/admin": "explicit deny by statement 1 (*/admin); its Condition is not evaluated (Foo on aws:UserAgent: apigw does not know this operator): the Deny applies (fail closed)",
	} {
		if got := p.EvaluateIn(arn, request()).String(); got != want {
			t.Errorf("EvaluateIn(%q) = %q; want %q", arn, got, want)
		}
	}
	if info := p.Statement(0); !info.Conditional || !strings.Contains(info.Unevaluated, "aws:PrincipalOrgID") {
		t.Errorf("Statement(0) = %+v; want Conditional and Unevaluated naming the key", info)
	}
}
