package cli

import (
	"flag"
	"io"
	"reflect"
	"testing"

	"github.com/apigw/apigw/internal/api"
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

// TestTemplateFlags: start-api, validate and invoke read the template flags
// the same way, with the defaults of DESIGN section 1 from api.
func TestTemplateFlags(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	for _, cmd := range []struct {
		name     string
		register func(fs *flag.FlagSet) *templateFlags
	}{
		{"start-api", func(fs *flag.FlagSet) *templateFlags { var f serveFlags; f.register(fs); return &f.templateFlags }},
		{"validate", func(fs *flag.FlagSet) *templateFlags { var f templateFlags; f.register(fs, true); return &f }},
		{"invoke", func(fs *flag.FlagSet) *templateFlags { var f invokeFlags; f.register(fs); return &f.templateFlags }},
	} {
		fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
		f := cmd.register(fs)
		opts, err := f.loadOptions()
		if err != nil || opts.Region != api.DefaultRegion || opts.AccountID != api.DefaultAccountID {
			t.Errorf("%s defaults: got %+v, %v; want region %s, account %s", cmd.name, opts, err, api.DefaultRegion, api.DefaultAccountID)
		}
		if err := fs.Parse([]string{"--region", "eu-west-1", "--account-id", "1", "--parameter-overrides", "A=b"}); err != nil {
			t.Fatalf("%s: %v", cmd.name, err)
		}
		opts, err = f.loadOptions()
		if err != nil || opts.Region != "eu-west-1" || opts.AccountID != "1" || opts.ParameterOverrides["A"] != "b" {
			t.Errorf("%s: got %+v, %v; want the flags' values", cmd.name, opts, err)
		}
	}
	t.Setenv("AWS_REGION", "ap-south-1")
	var f templateFlags
	f.register(flag.NewFlagSet("x", flag.ContinueOnError), false)
	if f.region != "ap-south-1" {
		t.Errorf("--region default with AWS_REGION set: got %q; want ap-south-1", f.region)
	}
}
