package arn

import (
	"errors"
	"strings"
	"testing"
)

// FuzzBuildParse: Build never panics, fails only with ErrTooLong or
// ErrMalformed, never exceeds the limit, and Parse gives the parts back.
func FuzzBuildParse(f *testing.F) {
	f.Add(region, account, apiID, "prod", "GET", "/pets/7")
	f.Add(region, account, apiID, "prod", "get", "/")
	f.Add(region, account, apiID, "$default", "ANY", "/a:b//c:")
	f.Add("", ":", "/", "", "", "")
	f.Add(region, account, apiID, "prod", "GET", "/"+strings.Repeat("x", 1600))
	f.Fuzz(func(t *testing.T, region, account, apiID, stage, method, path string) {
		sameFromStageBase(t, region, account, apiID, stage, method, path)
		s, err := Build(region, account, apiID, stage, method, path)
		if err != nil {
			if !errors.Is(err, ErrTooLong) && !errors.Is(err, ErrMalformed) {
				t.Fatalf("Build error %v is neither ErrTooLong nor ErrMalformed", err)
			}
			return
		}
		if len(s) > MaxMethodARNBytes {
			t.Fatalf("Build gave %d bytes; limit %d", len(s), MaxMethodARNBytes)
		}
		m, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(Build(...) = %q): %v", s, err)
		}
		want := MethodARN{region, account, apiID, stage, string(appendUpper(nil, method)), strings.TrimPrefix(path, "/")}
		if m != want {
			t.Fatalf("Parse(%q) = %+v; want %+v", s, m, want)
		}
		if m.String() != s {
			t.Fatalf("String() = %q; want %q", m.String(), s)
		}
	})
}

// FuzzParse: Parse never panics and whatever it accepts prints back as the
// same string.
func FuzzParse(f *testing.F) {
	f.Add("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets")
	f.Add("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/")
	f.Add("arn:aws:execute-api:::/")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Parse(s)
		if err != nil {
			return
		}
		if m.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, m.String())
		}
	})
}
