package api

import (
	"regexp"
	"testing"
)

// TestSetValidation: T-4's expression is compiled once, at load, as a
// whole-token match; one RE2 cannot run is an error and sets nothing.
func TestSetValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, expr string
		match      map[string]bool
	}{
		{"T-4 the whole token must match", "allow", map[string]bool{"allow": true, "allowed": false, "xallow": false}},
		{"T-4 alternation is anchored as a group", "a|ab", map[string]bool{"ab": true, "a": true, "abc": false}},
		{"T-4 docs example", "^x-[a-z]+", map[string]bool{"x-abc": true, "x-abc1": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var a Authorizer
			if err := a.SetValidation(tt.expr); err != nil || a.ValidationExpression != tt.expr || a.Validation == nil {
				t.Fatalf("SetValidation(%q) = %v, expression %q, compiled %v; want both set", tt.expr, err, a.ValidationExpression, a.Validation)
			}
			for token, want := range tt.match {
				if got := a.Validation.MatchString(token); got != want {
					t.Errorf("%q matches %q: %v; want %v", tt.expr, token, got, want)
				}
			}
		})
	}
	var a Authorizer
	for _, bad := range []string{`(a)\1`, "a)|(b"} { // RE2 cannot run it; it would undo the anchoring
		if err := a.SetValidation(bad); err == nil || a.ValidationExpression != "" || a.Validation != nil {
			t.Fatalf("SetValidation(%q) = %v, %+v; want an error and nothing set", bad, err, a)
		}
	}
	if err := a.SetValidation(""); err != nil || a.Validation != nil {
		t.Fatalf(`SetValidation("") = %v, %v; want no expression`, err, a.Validation)
	}
}

// FuzzSetValidation: an accepted expression is a regular expression on its
// own (so the anchoring cannot be escaped, as "a)|(b" would), and whatever
// the anchored form matches, the expression matches too.
func FuzzSetValidation(f *testing.F) {
	for _, s := range []string{"allow", "a|ab", "^x-[a-z]+", "a)|(b", `(a)\1`, ""} {
		f.Add(s, "ab")
	}
	f.Fuzz(func(t *testing.T, expr, token string) {
		var a Authorizer
		if a.SetValidation(expr) != nil || a.Validation == nil {
			return
		}
		plain, err := regexp.Compile(expr)
		if err != nil {
			t.Fatalf("SetValidation(%q) accepted what does not compile alone: %v", expr, err)
		}
		if a.Validation.MatchString(token) && !plain.MatchString(token) {
			t.Fatalf("%q: anchored form matches %q, the expression does not", expr, token)
		}
	})
}
