package cli

import (
	"bytes"
	"flag"
	"io"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelp: apigw --help and apigw COMMAND --help print usage on stdout
// and exit 0 (DESIGN section 1); no command and a bad flag exit 2 with
// usage on stderr.
func TestHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring; "" for empty
		stderr string // substring; "" for empty
	}{
		{"--help", []string{"--help"}, ExitOK, "usage: apigw COMMAND", ""},
		{"-h", []string{"-h"}, ExitOK, "  start-api\n", ""},
		{"help", []string{"help"}, ExitOK, "  version\n", ""},
		{"help COMMAND", []string{"help", "invoke"}, ExitOK, "-event string", ""},
		{"start-api --help", []string{"start-api", "--help"}, ExitOK, "-warm-containers string", ""},
		{"start-api -h after a template", []string{"start-api", "t.yaml", "-h"}, ExitOK, "-config-env string", ""},
		{"validate --help", []string{"validate", "--help"}, ExitOK, "usage: apigw validate", ""},
		{"lint --help", []string{"lint", "--help"}, ExitOK, "-probe", ""},
		{"invoke --help", []string{"invoke", "--help"}, ExitOK, "-profile string", ""},
		{"version --help", []string{"version", "--help"}, ExitOK, "apigw ", ""},
		{"no command", nil, ExitUsage, "", "usage: apigw COMMAND"},
		{"unknown command", []string{"serve"}, ExitUsage, "", `unknown command "serve"`},
		{"bad flag", []string{"start-api", "--nope"}, ExitUsage, "", "apigw start-api --help lists the flags"},
		{"version with arguments", []string{"version", "x"}, ExitUsage, "", "usage: apigw version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errs bytes.Buffer
			code := Main(tt.args, strings.NewReader(""), &out, &errs)
			if code != tt.code || !containsOrEmpty(out.String(), tt.stdout) || !containsOrEmpty(errs.String(), tt.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, out.String(), errs.String(), tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

func containsOrEmpty(s, sub string) bool {
	if sub == "" {
		return s == ""
	}
	return strings.Contains(s, sub)
}

// TestVersionLine: the module version, the commit when recorded, the Go
// version.
func TestVersionLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"go install @tag", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, true, "apigw v1.2.3 go"},
		{"checkout with VCS", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, true, "apigw (devel) (commit 0123456789ab, modified) go"},
		{"no build info", nil, false, "apigw unknown go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := versionLine(tt.info, tt.ok); !strings.HasPrefix(got, tt.want) {
				t.Fatalf("versionLine = %q; want prefix %q", got, tt.want)
			}
		})
	}
}

// TestAliases: SAM CLI's short names set the same values as apigw's long
// ones, in every command that has them.
func TestAliases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		short, long []string
	}{
		{"-t", []string{"-t", "a.yaml"}, []string{"--template", "a.yaml"}},
		{"-n", []string{"-n", "env.json"}, []string{"--env-vars", "env.json"}},
		{"-p", []string{"-p", "8080"}, []string{"--port", "8080"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, givenA := parsedServeFlags(t, tt.short)
			b, givenB := parsedServeFlags(t, tt.long)
			if a.template != b.template || a.envVars != b.envVars || a.port != b.port || !equalKeys(givenA, givenB) {
				t.Fatalf("%v gives %+v %v; %v gives %+v %v", tt.short, a, givenA, tt.long, b, givenB)
			}
		})
	}
}

func parsedServeFlags(t *testing.T, args []string) (serveFlags, map[string]bool) {
	t.Helper()
	fs := flag.NewFlagSet("start-api", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var f serveFlags
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return f, givenFlags(fs)
}

func equalKeys(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// TestListenAddr: --host and --port replace the parts of --addr they
// name.
func TestListenAddr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, addr, host string
		port             int
		given            map[string]bool
		want             string
	}{
		{"default", defaultAddr, defaultHost, defaultPort, nil, "127.0.0.1:3000"},
		{"--port", defaultAddr, defaultHost, 8080, map[string]bool{"port": true}, "127.0.0.1:8080"},
		{"--host", defaultAddr, "0.0.0.0", defaultPort, map[string]bool{"host": true}, "0.0.0.0:3000"},
		{"--addr and --port", "10.0.0.1:1", defaultHost, 2, map[string]bool{"addr": true, "port": true}, "10.0.0.1:2"},
		{"IPv6 host", defaultAddr, "::1", 0, map[string]bool{"host": true, "port": true}, "[::1]:0"},
		{"port out of range", defaultAddr, defaultHost, 70000, map[string]bool{"port": true}, ""},
		{"bad --addr", "nocolon", defaultHost, defaultPort, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := listenAddr(tt.addr, tt.host, tt.port, tt.given)
			if got != tt.want || (err != nil) != (tt.want == "") {
				t.Fatalf("listenAddr = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
