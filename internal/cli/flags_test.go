package cli

import (
	"flag"
	"io"
	"reflect"
	"testing"
)

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantPos  []string
		wantAddr string
	}{
		{"flags after positional", []string{"template.yaml", "--addr", "127.0.0.1:8080"}, []string{"template.yaml"}, "127.0.0.1:8080"},
		{"flags before positional", []string{"--addr", "127.0.0.1:8080", "template.yaml"}, []string{"template.yaml"}, "127.0.0.1:8080"},
		{"dash is positional", []string{"Fn", "-", "--addr=x"}, []string{"Fn", "-"}, "x"},
		{"no args", nil, nil, "def"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			addr := fs.String("addr", "def", "")
			pos, err := parseInterspersed(fs, tt.args)
			if err != nil || !reflect.DeepEqual(pos, tt.wantPos) || *addr != tt.wantAddr {
				t.Fatalf("got %v, %q, %v; want %v, %q", pos, *addr, err, tt.wantPos, tt.wantAddr)
			}
		})
	}
}
