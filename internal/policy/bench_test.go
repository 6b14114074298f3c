package policy

import (
	"runtime"
	"strings"
	"testing"
)

// benchPolicy is a realistic 5-statement policy: exact ARNs, prefix and
// infix wildcards, a "?" and two Denies that every request must clear.
var benchPolicy = doc(
	stmt("Allow", base+"/v/GET/pets"),
	stmt("Deny", base+"/v/*/admin/*"),
	`{"Effect":"Allow","Action":["execute-api:Invoke"],"Resource":["`+base+`/v/POST/pets/*","`+base+`/v/PUT/pets/*"]}`,
	stmt("Deny", base+"/*/DELETE/*"),
	stmt("Allow", base+"/v/GET/u?/*"),
)

// seedPolicy is the seed's one-statement policy: Resource = methodArn.
var seedPolicy = doc(stmt("Allow", base+"/prod/GET/pets"))

// typicalPolicy is a 5-statement policy as authorizers usually write them:
// exact method ARNs, a stage-wide wildcard and one Deny.
var typicalPolicy = doc(
	stmt("Allow", base+"/v/GET/pets"),
	stmt("Allow", base+"/v/POST/pets"),
	stmt("Allow", base+"/v/GET/users"),
	stmt("Allow", base+"/v/GET/public/*"),
	stmt("Deny", base+"/v/*/admin/*"),
)

// BenchmarkEvaluate: 5-statement policies and 60-byte ARNs (issue 2 budget:
// 150 ns/op, 0 allocs/op), plus the seed's one-statement policy.
func BenchmarkEvaluate(b *testing.B) {
	for _, c := range []struct {
		name string
		doc  []byte
		arn  string
		want Effect
	}{
		{"mixed5/allow-last", benchPolicy, base + "/v/GET/u1/x", Allow},
		{"mixed5/allow-first", benchPolicy, base + "/v/GET/pets", Allow},
		{"mixed5/explicit-deny", benchPolicy, base + "/v/DELETE/p", ExplicitDeny},
		{"mixed5/implicit-deny", benchPolicy, base + "/v/GET/orde", ImplicitDeny},
		{"typical5/allow", typicalPolicy, base + "/v/GET/users", Allow},
		{"typical5/implicit-deny", typicalPolicy, base + "/v/GET/orde", ImplicitDeny},
		{"seed1/allow", seedPolicy, base + "/prod/GET/pets", Allow},
		{"seed1/implicit-deny", seedPolicy, base + "/prod/GET/users", ImplicitDeny},
	} {
		b.Run(c.name, func(b *testing.B) {
			p, err := Parse(c.doc)
			if err != nil {
				b.Fatal(err)
			}
			if strings.HasPrefix(c.name, "mixed5/") && len(c.arn) != 60 {
				b.Fatalf("ARN %q is %d bytes; want 60", c.arn, len(c.arn))
			}
			var d Decision
			for b.Loop() {
				d = p.Evaluate(c.arn)
			}
			if d.Effect != c.want {
				b.Fatalf("Evaluate(%q) = %v; want %v", c.arn, d, c.want)
			}
		})
	}
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	p, err := Parse(benchPolicy)
	if err != nil {
		t.Fatal(err)
	}
	if got := testing.AllocsPerRun(100, func() { p.Evaluate(base + "/v/GET/u1/x") }); got != 0 {
		t.Errorf("Evaluate allocs/op = %v; want 0", got)
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Parse(benchPolicy); err != nil {
			b.Fatal(err)
		}
	}
}

// bytesPerPolicy parses d n times, keeps every result and returns the live
// heap they take, per policy.
func bytesPerPolicy(d []byte, n int) float64 {
	keep := make([]*Policy, n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range keep {
		keep[i], _ = Parse(d)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keep)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

// BenchmarkPolicyMemory reports the heap bytes of one compiled
// one-statement policy (the seed's) as B/policy.
func BenchmarkPolicyMemory(b *testing.B) {
	var per float64
	for b.Loop() {
		per = bytesPerPolicy(seedPolicy, 100_000)
	}
	b.ReportMetric(per, "B/policy")
}

// TestPolicyMemory keeps a compiled one-statement policy under 250 bytes, so
// that a cache entry (policy, principal, context, cache overhead) fits the
// 600-byte budget of issue 2. Not parallel: it reads the whole heap.
func TestPolicyMemory(t *testing.T) {
	if got := bytesPerPolicy(seedPolicy, 20_000); got >= 250 {
		t.Errorf("compiled one-statement policy = %.0f bytes; want < 250", got)
	}
}

// BenchmarkEvaluateIn: a policy whose statements carry Conditions (an
// IpAddress Allow, a Deny on User-Agent and time), in a request context.
func BenchmarkEvaluateIn(b *testing.B) {
	p, err := Parse(doc(
		`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"`+base+`/v/*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.0/24"]}}}`,
		`{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"`+base+`/v/*/admin/*","Condition":{"StringLike":{"aws:UserAgent":"*bot*"},"DateLessThan":{"aws:CurrentTime":"2030-01-01"}}}`,
	))
	if err != nil {
		b.Fatal(err)
	}
	x := request()
	var d Decision
	for b.Loop() {
		d = p.EvaluateIn(base+"/v/GET/admin/x", x)
	}
	if d.Effect != Allow {
		b.Fatalf("EvaluateIn = %v; want allow", d)
	}
}
