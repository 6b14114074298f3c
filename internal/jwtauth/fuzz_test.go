package jwtauth_test

import (
	"testing"

	"github.com/apigw/apigw/internal/jwtauth"
)

// FuzzStrings: any claims decode to strings without a panic.
func FuzzStrings(f *testing.F) {
	f.Add(`{"a":[1,"x",{"b":null}],"n":1.5e3,"t":true}`)
	f.Fuzz(func(t *testing.T, raw string) {
		c, ok := decode(raw)
		if !ok {
			return
		}
		if got := jwtauth.Strings(c, true); len(got) != len(c) {
			t.Fatalf("%d claims from %d", len(got), len(c))
		}
	})
}
