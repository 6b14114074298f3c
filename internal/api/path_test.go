package api

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		path    string
		want    string // parts rendered by render, or "" when wantErr
		wantErr error
	}{
		{"root has no parts", "/", "", nil},
		{"literal and param", "/pets/{id}", "pets {id}", nil},
		{"PIPE-4 greedy last", "/a/{proxy+}", "a {proxy+}", nil},
		{"PIPE-4 greedy not last", "/{proxy+}/x", "", ErrGreedyNotLast},
		{"no leading slash", "pets", "", ErrPathTemplate},
		{"empty part", "/a//b", "", ErrPathTemplate},
		{"trailing slash", "/a/", "", ErrPathTemplate},
		{"mixed part", "/a{b}", "", ErrPathTemplate},
		{"empty name", "/{}", "", ErrPathTemplate},
		{"repeated name", "/{id}/x/{id}", "", ErrPathTemplate},
		{"space in a literal, which the router could never match", "/a b", "", ErrPathTemplate},
		{"percent in a literal", "/a%2Fb", "", ErrPathTemplate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			parts, err := ParsePath(tt.path)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("ParsePath(%q) error = %v; want %v", tt.path, err, tt.wantErr)
				}
				return
			}
			if err != nil || render(parts) != tt.want {
				t.Fatalf("ParsePath(%q) = %q, %v; want %q", tt.path, render(parts), err, tt.want)
			}
		})
	}
}

// render writes parts back in template syntax, space-separated.
func render(parts []PathPart) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		switch p.Kind {
		case PartParam:
			out[i] = "{" + p.Text + "}"
		case PartGreedy:
			out[i] = "{" + p.Text + "+}"
		default:
			out[i] = p.Text
		}
	}
	return strings.Join(out, " ")
}

func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"/", "/pets/{id}", "/a/{proxy+}", "/{p+}/x", "/a//b", "/{}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		parts, err := ParsePath(path)
		if err != nil {
			if !errors.Is(err, ErrPathTemplate) && !errors.Is(err, ErrGreedyNotLast) {
				t.Fatalf("ParsePath(%q) error %v is neither kind", path, err)
			}
			return
		}
		if back := "/" + strings.ReplaceAll(render(parts), " ", "/"); back != path {
			t.Fatalf("ParsePath(%q) parts rebuild %q", path, back)
		}
	})
}
