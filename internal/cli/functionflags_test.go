package cli

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/lambda"
)

// The function flags reach lambda.Options; samconfig.toml's debug_port
// (SAM CLI's key) is --debug-port.
func TestFunctionFlags(t *testing.T) {
	isolateAWS(t, "", "")
	cfg := filepath.Join(t.TempDir(), "samconfig.toml")
	if err := os.WriteFile(cfg, []byte("version = 0.1\n[default.local_start_api.parameters]\ndebug_port = 5858\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want lambda.Options // InitTimeout and Debug
		err  string
	}{
		{"defaults", nil, lambda.Options{InitTimeout: lambda.DefaultInitTimeout}, ""},
		{"given", []string{"--init-timeout", "30s", "--debug-port", "9229", "--debug-function", "Fn"},
			lambda.Options{InitTimeout: 30 * time.Second, Debug: lambda.Debug{Port: 9229, Function: "Fn"}}, ""},
		{"from samconfig.toml", []string{"--config-file", cfg}, lambda.Options{InitTimeout: lambda.DefaultInitTimeout, Debug: lambda.Debug{Port: 5858}}, ""},
		{"no init time", []string{"--init-timeout", "0s"}, lambda.Options{}, "--init-timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, err := parseStartAPI(t, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			o, err := f.functionFlags.apply(lambda.Options{})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v; want an error naming %s", err, tt.err)
				}
				return
			}
			if err != nil || o.InitTimeout != tt.want.InitTimeout || o.Debug != tt.want.Debug {
				t.Fatalf("got %v, %+v, %v; want %v, %+v", err, o.InitTimeout, o.Debug, tt.want.InitTimeout, tt.want.Debug)
			}
		})
	}
}

// invoke takes the function flags too (sam local invoke -d).
func TestInvokeTakesFunctionFlags(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("invoke", flag.ContinueOnError)
	var f invokeFlags
	f.register(fs)
	if err := fs.Parse([]string{"--debug-port", "5858", "--init-timeout", "2s"}); err != nil {
		t.Fatal(err)
	}
	o, err := f.functionFlags.apply(lambda.Options{})
	if err != nil || o.Debug.Port != 5858 || o.InitTimeout != 2*time.Second {
		t.Fatalf("got %+v, %v, %v; want port 5858 and 2s", o.Debug, o.InitTimeout, err)
	}
}
