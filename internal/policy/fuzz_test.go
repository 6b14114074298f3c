package policy

import (
	"errors"
	"net/netip"
	"slices"
	"testing"
	"time"
)

// FuzzParseEvaluate: Parse never panics and fails only with ErrMalformed;
// an accepted policy evaluates like refEvaluate on a few ARNs, never allows
// when a Deny covers the ARN, and names a real statement and pattern.
func FuzzParseEvaluate(f *testing.F) {
	for _, d := range [][]byte{
		doc(stmt("Allow", base+"/prod/GET/pets")),
		doc(stmt("Allow", base+"/*/*"), stmt("Deny", base+"/prod/POST/*")),
		doc(`{"Effect":"Deny","NotAction":"s3:*","NotResource":["` + base + `/*/GET/"]}`),
		doc(`{"Sid":"x","Effect":"Allow","Action":["execute-api:*"],"Resource":["*"],"Condition":{"a":{}}}`),
		[]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":null}]}`),
		[]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`),
		[]byte(`{"Version":"2012-10-17","Id":"i","Statement":[]}`),
	} {
		f.Add(d, "pets")
	}
	f.Fuzz(func(t *testing.T, d []byte, path string) {
		p, err := Parse(d)
		if err != nil {
			if !errors.Is(err, ErrMalformed) || p != nil {
				t.Fatalf("Parse = %v, %v; want nil and ErrMalformed", p, err)
			}
			return
		}
		ref := refStatements(d)
		for _, arn := range []string{base + "/prod/GET/pets", base + "/prod/GET/", base + "/prod/POST/" + path, path} {
			checkDecision(t, d, p, ref, arn)
		}
	})
}

func checkDecision(t *testing.T, d []byte, p *Policy, ref []map[string]any, arn string) {
	t.Helper()
	got := p.Evaluate(arn)
	want, denied := refEvaluate(ref, arn, nil)
	if denied && got.Effect == Allow {
		t.Fatalf("Evaluate(%q) on %s allows although a Deny covers it", arn, d)
	}
	if got.Effect != want {
		t.Fatalf("Evaluate(%q) on %s = %v; want %v", arn, d, got, want)
	}
	if got.Statement < 0 {
		return
	}
	if got.Statement >= p.NumStatements() {
		t.Fatalf("Decision %+v names statement %d of %d", got, got.Statement, p.NumStatements())
	}
	if res := p.Statement(got.Statement).Resources; got.Pattern != "" && !slices.Contains(res, got.Pattern) {
		t.Fatalf("Decision pattern %q is not one of statement %d's %q", got.Pattern, got.Statement, res)
	}
}

// FuzzParseResource: ParseResource never panics and fails only with
// ErrMalformed; an accepted policy's decision names a real statement, and
// what it allows a request of unknown context it allows in any context (an
// unknown context only ever removes Allows and adds Denies).
func FuzzParseResource(f *testing.F) {
	for _, d := range [][]byte{
		rdoc(rstmt("Allow", `"*"`, "execute-api:/*", ""), rstmt("Deny", `"*"`, "execute-api:/*/*/admin", "")),
		rdoc(rstmt("Allow", `{"AWS":["*"]}`, "*", `{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","::1"]}}`)),
		rdoc(rstmt("Deny", `"*"`, "*", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`), rstmt("Allow", "", "*", "")),
		rdoc(`{"Effect":"Deny","NotPrincipal":{"AWS":"1"},"NotAction":"s3:*","NotResource":"execute-api:/*/GET/"}`),
		rdoc(rstmt("Allow", `"*"`, "*", `{"StringEquals":{"aws:SourceVpce":["vpce-1",1,true]}}`)),
		rdoc(rstmt("Deny", `"*"`, "*", `{"ForAnyValue:StringLikeIfExists":{"aws:UserAgent":["*bot*","x?"]},"NumericLessThan":{"aws:EpochTime":1e12}}`)),
		rdoc(rstmt("Allow", `"*"`, "*", `{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},"Null":{"aws:Referer":"true"},"Bool":{"aws:SecureTransport":"false"}}`)),
		[]byte(`{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`),
	} {
		f.Add(d, "pets", "10.1.2.3")
	}
	f.Fuzz(func(t *testing.T, d []byte, path, source string) {
		p, notes, err := ParseResource(d, scope)
		if err != nil {
			if !errors.Is(err, ErrMalformed) || p != nil || notes != nil {
				t.Fatalf("ParseResource = %v, %v, %v; want nil, nil and ErrMalformed", p, notes, err)
			}
			return
		}
		addr, _ := netip.ParseAddr(source)
		x := &Context{SourceIP: addr, Now: time.Unix(1_700_000_000, 0), Region: "us-east-1", UserAgent: path, HasUserAgent: path != ""}
		for _, arn := range []string{base + "/prod/GET/pets", base + "/prod/GET/", base + "/prod/POST/" + path} {
			unknown, known := p.Evaluate(arn), p.EvaluateIn(arn, x)
			if unknown.Effect == Allow && known.Effect != Allow {
				t.Fatalf("%s: %q allows an unknown caller (%v) but not %s (%v)", d, arn, unknown, source, known)
			}
			if known.Statement >= p.NumStatements() || (known.Statement < 0) != (known.Effect == ImplicitDeny) {
				t.Fatalf("%s: decision %+v names no statement of %d", d, known, p.NumStatements())
			}
		}
	})
}

// FuzzCondition: any Condition value is parsed without a panic, failing
// only with ErrMalformed; an accepted one decides like the reference
// (refCondition) in a request context built from the inputs, and a
// non-empty one never lets an Allow apply in an unknown context.
func FuzzCondition(f *testing.F) {
	for _, c := range []string{
		`{"StringLike":{"aws:UserAgent":["curl/*","?x"]}}`,
		`{"ForAllValues:StringNotEqualsIgnoreCase":{"aws:Referer":"A"},"Null":{"aws:SourceVpc":true}}`,
		`{"NumericGreaterThanEquals":{"aws:EpochTime":[1.5e9,"x"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00Z"}}`,
		`{"NotIpAddressIfExists":{"AWS:SOURCEIP":["10.0.0.0/8","::1/128"]},"Bool":{"aws:SecureTransport":"False"}}`,
		`{"ForAnyValue:IpAddress":{"aws:SourceIp":"1.2.3.4"},"Unknown":{"k":"v"},"StringEquals":{}}`,
	} {
		f.Add(c, "10.1.2.3", "curl/8", int64(1_700_000_000))
	}
	f.Fuzz(func(t *testing.T, cond, source, ua string, secs int64) {
		d := doc(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":`+cond+`}`, `{"Effect":"Deny","Action":"*","Resource":"*/admin","Condition":`+cond+`}`)
		p, err := Parse(d)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Parse(%s) = %v; want ErrMalformed", d, err)
			}
			return
		}
		addr, _ := netip.ParseAddr(source)
		x := &Context{SourceIP: addr, Now: time.Unix(secs%(1<<40), 0).UTC(), Region: "us-east-1", UserAgent: ua, HasUserAgent: ua != "", Referer: ua, HasReferer: len(ua)%2 == 0}
		ref := refStatements(d)
		for _, arn := range []string{base + "/prod/GET/pets", base + "/prod/GET/admin"} {
			if got, want := p.EvaluateIn(arn, x).Effect, mustRef(ref, arn, refContextOf(x)); got != want {
				t.Fatalf("EvaluateIn(%q, %+v) on %s = %v; want %v", arn, x, d, got, want)
			}
			if p.Statement(0).Conditional && p.Evaluate(arn).Effect == Allow {
				t.Fatalf("Evaluate(%q) on %s allows in an unknown context", arn, d)
			}
		}
	})
}

func mustRef(ref []map[string]any, arn string, ctx map[string]string) Effect {
	e, _ := refEvaluate(ref, arn, ctx)
	return e
}
