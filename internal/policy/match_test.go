package policy

import (
	"encoding/json"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestPatternMatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, pattern, s string
		want             bool
	}{
		{"P-5 exact", "abc", "abc", true},
		{"P-5 exact differs", "abc", "abd", false},
		{"P-5 star empty run", "a*c", "ac", true},
		{"P-5 star long run", "a*c", "a/b:c/c", true},
		{"P-5 star must leave the suffix", "a*ca", "aca", true},
		{"P-5 prefix and suffix overlap", "ab*ba", "aba", false},
		{"P-5 double star", "a**", "a", true},
		{"P-5 backtracking", "*a*b*c", "xxaxxbxxbxc", true},
		{"P-5 backtracking fails", "*a*b*c", "xxaxxcxxb", false},
		{"P-5 question then star", "?*", "", false},
		{"P-5 star then question", "*?", "é", true},
		{"P-5 question counts characters", "*??", "€", false},
		{"P-5 question on invalid byte", "?", "\xff", true},
		{"P-5 empty pattern", "", "", true},
		{"P-5 empty pattern non-empty subject", "", "a", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := compilePattern(c.pattern)
			if got := p.match(c.s, 0); got != c.want {
				t.Errorf("match(%q, %q) = %v; want %v", c.pattern, c.s, got, c.want)
			}
			if got := refGlob(c.pattern, c.s); got != c.want {
				t.Errorf("refGlob(%q, %q) = %v; want %v", c.pattern, c.s, got, c.want)
			}
		})
	}
}

var (
	patternAlphabet = []string{"a", "b", "/", ":", "*", "?", "é", "*", "a"}
	subjectAlphabet = []string{"a", "b", "/", ":", "é", "\xff", "\xe2\x82", "a", "b"}
)

func randomString(r *rand.Rand, alphabet []string, maxLen int) string {
	var b strings.Builder
	for range r.IntN(maxLen + 1) {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

// TestMatchDifferential: the compiled matcher agrees with refGlob on random
// patterns and subjects over a small alphabet with wildcards, separators,
// a multibyte character and invalid UTF-8 in subjects (P-5).
func TestMatchDifferential(t *testing.T) {
	t.Parallel()
	seed := uint64(time.Now().UnixNano())
	r := rand.New(rand.NewPCG(seed, 2))
	for range 100_000 {
		pat, s := randomString(r, patternAlphabet, 8), randomString(r, subjectAlphabet, 10)
		p := compilePattern(pat)
		if got, want := p.match(s, 0), refGlob(pat, s); got != want {
			t.Fatalf("seed %d: match(%q, %q) = %v; want %v", seed, pat, s, got, want)
		}
	}
}

// TestEvaluateDifferential: random policies of up to 5 statements (Allow or
// Deny, Resource or NotResource, some with a Condition or a foreign action)
// decide like refEvaluate on random ARNs in random request contexts (P-3,
// P-4, P-6, O-2).
func TestEvaluateDifferential(t *testing.T) {
	t.Parallel()
	seed := uint64(time.Now().UnixNano())
	r := rand.New(rand.NewPCG(seed, 3))
	for range 2_000 {
		d := randomPolicy(r)
		p, err := Parse(d)
		if err != nil {
			t.Fatalf("seed %d: Parse(%s): %v", seed, d, err)
		}
		ref := refStatements(d)
		for range 20 {
			arn := randomHead(r) + randomString(r, subjectAlphabet, 10)
			x := randomContext(r)
			got := p.EvaluateIn(arn, x)
			if want, _ := refEvaluate(ref, arn, refContextOf(x)); got.Effect != want {
				t.Fatalf("seed %d: EvaluateIn(%q, %+v) on %s = %v; want %v", seed, arn, x, d, got, want)
			}
		}
	}
}

// randomHead gives patterns and ARNs a shared literal head most of the time,
// as real policies have, so that Evaluate's head comparison is exercised.
func randomHead(r *rand.Rand) string {
	return []string{"", "ab:", "ab:a/", "ab:a/", "ab:a/b"}[r.IntN(5)]
}

func randomPolicy(r *rand.Rand) []byte {
	var stmts []string
	for range r.IntN(6) {
		s := map[string]any{"Effect": []string{"Allow", "Deny"}[r.IntN(2)]}
		s[[]string{"Action", "NotAction"}[r.IntN(2)]] = []string{"execute-api:Invoke", "s3:*", "*", "execute-api:i*"}[r.IntN(4)]
		var res []string
		for range 1 + r.IntN(3) {
			res = append(res, randomHead(r)+randomString(r, patternAlphabet[:7], 6)+"x")
		}
		s[[]string{"Resource", "NotResource"}[r.IntN(2)]] = res
		if r.IntN(3) == 0 {
			s["Condition"] = randomCondition(r)
		}
		b, _ := json.Marshal(s)
		stmts = append(stmts, string(b))
	}
	return doc(stmts...)
}

// FuzzMatch: the compiled matcher agrees with refGlob. Patterns are valid
// UTF-8 because Parse only ever compiles decoded JSON strings.
func FuzzMatch(f *testing.F) {
	f.Add(base+"/*/GET/", base+"/prod/GET/")
	f.Add(base+"/prod/GET/users/*", base+"/prod/GET/users")
	f.Add("*a*b?c", "xaxbéc")
	f.Add("*??", "€")
	f.Add("a?", "a\xff")
	f.Fuzz(func(t *testing.T, pat, s string) {
		if !utf8.ValidString(pat) || len(pat) > 64 || len(s) > 256 {
			return
		}
		p := compilePattern(pat)
		if got, want := p.match(s, 0), refGlob(pat, s); got != want {
			t.Fatalf("match(%q, %q) = %v; want %v", pat, s, got, want)
		}
	})
}

// Operators, keys and values random Conditions are made of: every family,
// qualifier and suffix, known and unknown keys, readable and unreadable
// values.
var (
	randomOps = []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotLikeIfExists",
		"StringLike", "ForAnyValue:StringLike", "ForAllValues:StringNotEquals", "NumericLessThan", "NumericEqualsIfExists",
		"DateGreaterThan", "DateLessThanEquals", "Bool", "BoolIfExists", "IpAddress", "NotIpAddress", "Null",
		"NullIfExists", "ArnLike", "stringequals"}
	randomKeys = []string{"aws:SourceIp", "aws:sourceip", "aws:CurrentTime", "aws:EpochTime", "aws:SecureTransport",
		"aws:RequestedRegion", "aws:UserAgent", "aws:Referer", "aws:PrincipalAccount", "aws:SourceVpce", "aws:PrincipalOrgID"}
	randomValues = []any{"10.0.0.0/8", "::1", "a*", "A?", "ab", "", "true", "FALSE", "us-east-1", "1700000000", 1.7e9,
		"2023-11-14T22:13:20Z", "2023-11-14", "${aws:username}", true, "x/99"}
)

func randomCondition(r *rand.Rand) map[string]any {
	cond := map[string]any{}
	for range r.IntN(3) {
		keys := map[string]any{}
		for range r.IntN(3) {
			vals := []any{}
			for range r.IntN(3) {
				vals = append(vals, randomValues[r.IntN(len(randomValues))])
			}
			keys[randomKeys[r.IntN(len(randomKeys))]] = vals
		}
		cond[randomOps[r.IntN(len(randomOps))]] = keys
	}
	return cond
}

// randomContext is nil (unknown) or a request context with each key
// present or not.
func randomContext(r *rand.Rand) *Context {
	if r.IntN(5) == 0 {
		return nil
	}
	x := &Context{SecureTransport: r.IntN(2) == 0, Region: []string{"", "us-east-1"}[r.IntN(2)]}
	x.SourceIP = []netip.Addr{{}, netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("::1"), netip.MustParseAddr("192.0.2.1")}[r.IntN(4)]
	x.Now = []time.Time{{}, time.Unix(1_700_000_000, 0), time.Unix(1_600_000_000, 5e8)}[r.IntN(3)]
	x.UserAgent, x.HasUserAgent = []string{"", "ab", "Ab", "a/x"}[r.IntN(4)], r.IntN(2) == 0
	x.Referer, x.HasReferer = "ab", r.IntN(2) == 0
	return x
}
