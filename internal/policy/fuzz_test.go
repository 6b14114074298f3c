package policy

import (
	"errors"
	"slices"
	"testing"
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
	want, denied := refEvaluate(ref, arn)
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
