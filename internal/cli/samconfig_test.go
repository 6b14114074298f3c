package cli

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// isolateAWS points the AWS shared files at files under a fresh folder
// (written when content is given) and clears the caller's credentials and
// region, so a test sees only what it sets.
func isolateAWS(t *testing.T, credentials, config string) {
	t.Helper()
	dir := t.TempDir()
	for env, content := range map[string]string{"AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": config} {
		p := filepath.Join(dir, env)
		t.Setenv(env, p)
		if content != "" {
			if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_PROFILE"} {
		t.Setenv(k, "")
		if err := os.Unsetenv(k); err != nil {
			t.Fatal(err)
		}
	}
}

// parseStartAPI parses start-api's arguments as runStartAPI does and
// returns its flags once finished.
func parseStartAPI(t *testing.T, args ...string) (serveFlags, string, error) {
	t.Helper()
	var errs bytes.Buffer
	fs := flag.NewFlagSet("start-api", flag.ContinueOnError)
	fs.SetOutput(&errs)
	var f serveFlags
	f.register(fs)
	if _, status, ok := parseArgs(fs, args, startAPIUsage, Streams{Stdout: &errs, Stderr: &errs}); !ok {
		t.Fatalf("parseArgs(%q): status %d\n%s", args, status, errs.String())
	}
	err := f.finish(fs, Streams{Stdout: &errs, Stderr: &errs})
	return f, errs.String(), err
}

const samconfigDoc = `version = 0.1
[default.global.parameters]
stack_name = "ignored-by-apigw"
region = "eu-west-1"
port = 4000
[default.local_start_api.parameters]
port = 3001
host = "0.0.0.0"
template_file = "sub/template.yaml"
env_vars = "env.json"
parameter_overrides = ["Stage=dev", "Table=pets"]
warm_containers = "EAGER"
debug_port = 5858
config_env = "prod"
[prod.local_start_api.parameters]
parameter_overrides = "Stage=prod"
`

// TestSamConfig: [ENV.global.parameters] < [ENV.local_start_api.parameters]
// < flags on the command line; paths are relative to the file's folder.
func TestSamConfig(t *testing.T) {
	isolateAWS(t, "", "")
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "samconfig.toml")
	if err := os.WriteFile(cfgPath, []byte(samconfigDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                     string
		args                     []string
		addr, region, overrides  string
		template, envVars, notes string
	}{
		{"file only", nil, "0.0.0.0:3001", "eu-west-1", "Stage=dev Table=pets",
			filepath.Join(dir, "sub/template.yaml"), filepath.Join(dir, "env.json"), "ignored (no such apigw flag): config_env\n"},
		{"command line wins", []string{"-p", "9000", "--region", "us-west-2", "-t", "mine.yaml", "-n", "mine.json"}, "0.0.0.0:9000", "us-west-2", "Stage=dev Table=pets",
			"mine.yaml", "mine.json", "--warm-containers: accepted"},
		{"--addr on the command line: the file's host and port do not apply, --host does", []string{"--addr", "127.0.0.2:80", "--host", "127.0.0.3"}, "127.0.0.3:80", "eu-west-1", "Stage=dev Table=pets",
			filepath.Join(dir, "sub/template.yaml"), filepath.Join(dir, "env.json"), ""},
		{"--config-env", []string{"--config-env", "prod"}, "127.0.0.1:3000", "us-east-1", "Stage=prod", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, notes, err := parseStartAPI(t, append(tt.args, "--config-file", cfgPath)...)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{f.addr, f.region, f.overrides, f.template, f.envVars}
			want := []string{tt.addr, tt.region, tt.overrides, tt.template, tt.envVars}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("addr, region, overrides, template, env-vars = %q; want %q", got, want)
			}
			if !strings.Contains(notes, tt.notes) {
				t.Errorf("notes %q; want them to contain %q", notes, tt.notes)
			}
		})
	}
}

// TestSamConfigErrors: a file or environment named on the command line
// must exist; a missing default file is no configuration; bad values are
// errors, not panics.
func TestSamConfigErrors(t *testing.T) {
	isolateAWS(t, "", "")
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.toml", samconfigDoc)
	tests := []struct {
		name string
		args []string
		want string // "" for no error
	}{
		{"missing default file", []string{"--config-file", filepath.Join(dir, "samconfig.toml")}, "no such file"},
		{"missing env", []string{"--config-file", good, "--config-env", "staging"}, "no [staging.local_start_api.parameters]"},
		{"not TOML", []string{"--config-file", write("bad.toml", "[default\nport=")}, "bad.toml"},
		{"a table as a value", []string{"--config-file", write("table.toml", "[default.local_start_api.parameters]\nport = {a = 1}\n")}, "port: want a string"},
		{"a value the flag refuses", []string{"--config-file", write("port.toml", "[default.local_start_api.parameters]\nport = \"x\"\n")}, "samconfig port"},
		{"a bad --warm-containers", []string{"--config-file", good, "--warm-containers", "SOMETIMES"}, "want EAGER or LAZY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseStartAPI(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want one containing %q", err, tt.want)
			}
		})
	}
	t.Run("no file in the working folder", func(t *testing.T) {
		t.Chdir(t.TempDir())
		if _, err := readSamConfig(defaultConfigFile, defaultConfigEnv, sectionStartAPI, false, flag.CommandLine.Lookup); err != nil {
			t.Fatalf("readSamConfig with no file: %v; want no configuration", err)
		}
	})
	if _, err := configValue([]any{[]any{"x"}}); !errors.Is(err, errConfigValue) {
		t.Errorf("nested list: %v; want errConfigValue", err)
	}
}

// FuzzParseSamConfig: any document either fails with an error or yields
// values that every flag name in it exists.
func FuzzParseSamConfig(f *testing.F) {
	f.Add([]byte(samconfigDoc), "default")
	f.Add([]byte("[x.local_start_api.parameters]\nport=[1,[2]]\n"), "x")
	f.Add([]byte("a = 1\n[default]\nglobal = 3"), "default")
	f.Fuzz(func(t *testing.T, data []byte, env string) {
		fs := flag.NewFlagSet("fuzz", flag.ContinueOnError)
		var f serveFlags
		f.register(fs)
		cfg, _, err := parseSamConfig(data, env, sectionStartAPI, fs.Lookup)
		if err != nil {
			return
		}
		for name := range cfg.values {
			if fs.Lookup(name) == nil {
				t.Fatalf("value for %q, which is no flag", name)
			}
		}
	})
}
