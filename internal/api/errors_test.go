package api

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestErrorKinds(t *testing.T) {
	t.Parallel()
	loc := Location{File: "t.yaml", LogicalID: "Api", Field: "Properties.X", Line: 3}
	unsupported := NewError(KindUnsupported, loc, "X is not supported yet")
	io := NewError(KindIO, loc, "reading: %v", fs.ErrNotExist).Wrap(fs.ErrNotExist)
	joined := fmt.Errorf("loading: %w", errors.Join(Errorf(loc, "bad"), errors.Join(unsupported)))
	tests := []struct {
		name string
		err  error
		kind Kind
		want bool
	}{
		{"unsupported matches its kind", unsupported, KindUnsupported, true},
		{"unsupported is not invalid", unsupported, KindInvalid, false},
		{"IO matches its kind", io, KindIO, true},
		{"a kind is found inside nested joins and wrapping", joined, KindUnsupported, true},
		{"an unlocated error has no kind", fs.ErrNotExist, KindInvalid, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := errors.Is(tt.err, tt.kind); got != tt.want {
				t.Fatalf("errors.Is(%v, %v) = %v; want %v", tt.err, tt.kind, got, tt.want)
			}
		})
	}
	if !errors.Is(io, fs.ErrNotExist) {
		t.Errorf("errors.Is(io, fs.ErrNotExist) = false; want the cause to unwrap")
	}
	if got, want := unsupported.Error(), "t.yaml:3: Api: Properties.X: X is not supported yet"; got != want {
		t.Errorf("Error() = %q; want %q (the kind is not part of the text)", got, want)
	}
}

func TestLeaves(t *testing.T) {
	t.Parallel()
	a, b := Errorf(Location{File: "a"}, "one"), NewError(KindUnsupported, Location{File: "b"}, "two")
	plain := errors.New("plain")
	twoCauses := fmt.Errorf("context %w and %w", a, b) // one leaf: its text says more than its parts
	err := errors.Join(a, errors.Join(plain, b), twoCauses)
	var leaves []error
	Leaves(err, func(e error) { leaves = append(leaves, e) })
	if len(leaves) != 4 || leaves[0] != a || leaves[1] != plain || leaves[2] != b || leaves[3] != twoCauses {
		t.Fatalf("Leaves = %v; want a, plain, b, and the two-cause error whole", leaves)
	}
	if got := Errors(err); len(got) != 2 || got[0] != a || got[1] != b {
		t.Fatalf("Errors = %v; want a and b", got)
	}
}
