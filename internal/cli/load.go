package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/lambda"
	"github.com/apigw/apigw/internal/openapi"
	"github.com/apigw/apigw/internal/sam"
	"go.yaml.in/yaml/v3"
)

// errNoTemplate says no TEMPLATE was given and no template was discovered;
// start-api then serves the built-in demo.
var errNoTemplate = errors.New("no template given (TEMPLATE or -t/--template) and none of " +
	strings.Join(discoveredTemplates, ", ") + " nor a " + cdkOut + " folder exists in the current folder")

// buildTemplate is where `sam build` writes the built template, relative
// to the folder it runs in.
var buildTemplate = filepath.Join(".aws-sam", "build", "template.yaml")

// sourceTemplates are the names SAM CLI looks for in a folder, in order.
var sourceTemplates = []string{"template.yaml", "template.yml", "template.json"}

// discoveredTemplates are tried in order when no template is given, as
// SAM CLI does (DESIGN section 1): the build output, then the source.
var discoveredTemplates = append([]string{buildTemplate}, sourceTemplates...)

// Top-level keys that make a document OpenAPI rather than a template.
const (
	keyOpenAPI = "openapi"
	keySwagger = "swagger"
)

// templateFlags are the flags of every command that loads a template
// (start-api, validate, invoke), registered and read in this one place.
type templateFlags struct {
	region, accountID, stage, overrides, envVars string
	// stack picks one of several stacks of a discovered cdk.out.
	stack string
	// api is --api: the one API to serve (apiflag.go).
	api    string
	strict bool
	// template is -t/--template, SAM CLI's way to give TEMPLATE.
	template string
	// profile, configFile and configEnv are SAM CLI's --profile,
	// --config-file and --config-env.
	profile, configFile, configEnv string
	// creds are the credentials functions get (zero: lambda's default);
	// credsNote says where they come from. Set by finish.
	creds     lambda.Credentials
	credsNote string
	// notes receives the template discovered and build hints: the flag
	// set's output, which every command points at its stderr.
	notes io.Writer
}

// register adds the flags to fs; --stage and --strict only when withStage
// (the commands that provision routes: start-api, validate, lint).
func (f *templateFlags) register(fs *flag.FlagSet, withStage bool) {
	fs.StringVar(&f.region, "region", envOr("AWS_REGION", api.DefaultRegion), "region used in every ARN")
	fs.StringVar(&f.accountID, "account-id", api.DefaultAccountID, "account id used in every ARN")
	if withStage {
		fs.StringVar(&f.stage, "stage", "", "stage name (default: the template's)")
		fs.BoolVar(&f.strict, "strict", false, "refuse (exit 2) a template that needs anything apigw cannot serve yet")
		f.registerAPI(fs)
	}
	for _, name := range []string{"n", "env-vars"} {
		fs.StringVar(&f.envVars, name, "", "JSON file of function environment variables (SAM's format)")
	}
	fs.StringVar(&f.profile, "profile", "", "AWS profile whose credentials and region functions get (~/.aws/credentials and config)")
	fs.StringVar(&f.configFile, "config-file", defaultConfigFile, "SAM CLI configuration file; flags given on the command line win")
	fs.StringVar(&f.configEnv, "config-env", defaultConfigEnv, "environment of the configuration file to read")
	fs.StringVar(&f.overrides, "parameter-overrides", "", "CloudFormation parameters: 'Key=Value ...' or 'ParameterKey=Key,ParameterValue=Value ...'")
	for _, name := range []string{"t", "template"} {
		fs.StringVar(&f.template, name, "", "the template, as the TEMPLATE argument (default: "+strings.Join(discoveredTemplates, ", then ")+")")
	}
	fs.StringVar(&f.stack, "stack", "", "the stack of cdk.out to serve when it has several (no template given)")
	f.notes = fs.Output()
}

// finish completes the flags once parsed: the configuration file's values
// for flags not given (its section: the command's), then the credentials
// and region of --profile (or of the caller's profile). It returns the
// flags given, on the command line or in the file, by long name.
func (f *templateFlags) finish(fs *flag.FlagSet, section string) (map[string]bool, error) {
	given := givenFlags(fs)
	cfg, err := readSamConfig(f.configFile, f.configEnv, section, given["config-file"] || given["config-env"], fs.Lookup)
	if err != nil {
		return nil, err
	}
	if len(cfg.ignored) > 0 {
		fmt.Fprintf(f.notes, "apigw: %s: ignored (no such apigw flag): %s\n", f.configFile, strings.Join(cfg.ignored, ", "))
	}
	if err := cfg.apply(fs, given); err != nil {
		return nil, err
	}
	p, what, err := resolveCredentials(f.profile)
	if err != nil {
		return nil, fmt.Errorf("--profile: %w", err)
	}
	f.creds, f.credsNote = p.creds, what
	if !given["region"] && os.Getenv("AWS_REGION") == "" && p.region != "" {
		f.region = p.region
	}
	return given, nil
}

// lambdaOptions are the function runner's options from the flags; the
// note of where functions' credentials come from goes to stderr.
func (f templateFlags) lambdaOptions(maxConcurrency int, s Streams) lambda.Options {
	fmt.Fprintln(s.Stderr, "apigw: functions get "+f.credsNote)
	return lambda.Options{
		MaxConcurrency: maxConcurrency, Region: f.region, AccountID: f.accountID, Log: s.Stderr,
		Sandbox: sandbox(s.Stderr), Credentials: f.creds,
	}
}

// loadConfig is what loading a template takes: sam's options, the
// -t/--template flag and where to write notes (nil: nowhere).
type loadConfig struct {
	sam.Options
	template, stack string
	notes           io.Writer
	// api keeps only that API (--api); "" keeps all.
	api string
}

// loadOptions reads --parameter-overrides and the --env-vars file.
func (f templateFlags) loadOptions() (loadConfig, error) {
	overrides, err := parseParameterOverrides(f.overrides)
	if err != nil {
		return loadConfig{}, err
	}
	env, err := readEnvVars(f.envVars)
	if err != nil {
		return loadConfig{}, err
	}
	return loadConfig{
		Options:  sam.Options{Region: f.region, AccountID: f.accountID, Stage: f.stage, ParameterOverrides: overrides, EnvVars: env},
		template: f.template, stack: f.stack, notes: f.notes, api: f.api,
	}, nil
}

// loadTemplate loads the template given as arg or -t/--template, else the
// one discovered in the working folder (named first in the notes): a bare
// OpenAPI / Swagger document, or a SAM / CloudFormation template.
func loadTemplate(arg string, cfg loadConfig) (*api.Template, error) {
	if cfg.notes == nil {
		cfg.notes = io.Discard
	}
	path, err := cfg.templatePath(arg)
	if err != nil {
		return nil, err
	}
	root := openAPIDocument(path)
	if root == nil {
		tpl, err := sam.Load(path, cfg.Options)
		if err == nil {
			buildHint(cfg.notes, path, tpl)
			applyShellEnv(tpl, cfg.EnvVars, os.LookupEnv)
			err = selectAPI(tpl, cfg.api)
		}
		return tpl, err
	}
	if openapi.IsHTTPAPIExport(root) {
		fmt.Fprintf(cfg.notes, "apigw: %s is an HTTP API's export (x-amazon-apigateway-importexport-version): served as an HTTP API\n", path)
		return sam.LoadHTTPAPIDocument(path, cfg.Options)
	}
	tpl, err := openapi.LoadFile(path)
	if err != nil {
		return nil, err
	}
	if cfg.Stage != "" {
		for _, a := range tpl.APIs {
			a.Stage = cfg.Stage
		}
	}
	return tpl, nil
}

// envVarsAll is the --env-vars key whose variables apply to every function.
const envVarsAll = "Parameters"

// applyShellEnv gives each variable a function declares the caller's
// shell value of the same name, unless --env-vars sets it: SAM CLI's
// precedence (declared value < shell < --env-vars); undeclared shell
// variables do not reach functions.
func applyShellEnv(tpl *api.Template, envVars map[string]map[string]string, lookup func(string) (string, bool)) {
	for id, fn := range tpl.Functions {
		for k := range fn.Environment {
			_, forFn := envVars[id][k]
			_, forAll := envVars[envVarsAll][k]
			if v, ok := lookup(k); ok && !forFn && !forAll {
				fn.Environment[k] = v
			}
		}
	}
}

// templatePath is the template given (once: as TEMPLATE or with
// -t/--template), else the one discovered in the working folder.
func (cfg loadConfig) templatePath(arg string) (string, error) {
	switch {
	case arg != "" && cfg.template != "" && arg != cfg.template:
		return "", fmt.Errorf("two templates given, %s and -t %s: give one", arg, cfg.template)
	case arg != "":
		return cfg.givenTemplate(arg)
	case cfg.template != "":
		return cfg.givenTemplate(cfg.template)
	}
	path, err := findTemplate(".")
	if errors.Is(err, errNoTemplate) {
		return cdkTemplate(cdkOut, cfg.stack, cfg.notes)
	}
	if err == nil {
		fmt.Fprintln(cfg.notes, "apigw: using template", path)
	}
	return path, err
}

// findTemplate returns the first discovered template in dir.
func findTemplate(dir string) (string, error) {
	for _, name := range discoveredTemplates {
		if p := filepath.Join(dir, name); isRegular(p) {
			return p, nil
		}
	}
	return "", errNoTemplate
}

func isRegular(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// maxTemplateBytes is the largest template or document read (as sam's
// limit for every file a template pulls in).
const maxTemplateBytes = 16 << 20

// openAPIDocument is the file's top-level mapping when it has a top-level
// openapi or swagger key, else nil. Unreadable or malformed files are
// left to sam.Load, which reports them with file and line.
func openAPIDocument(path string) *yaml.Node {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() || st.Size() > maxTemplateBytes {
		return nil // sam.Load reports it
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i].Value; k == keyOpenAPI || k == keySwagger {
			return root
		}
	}
	return nil
}

// readEnvVars reads an --env-vars file: {"FunctionId": {"VAR": "value"},
// "Parameters": {...}}; numbers and booleans become their JSON text.
func readEnvVars(path string) (map[string]map[string]string, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--env-vars: %w", err)
	}
	return parseEnvVars(path, data)
}

// parseEnvVars decodes an --env-vars document read from path.
func parseEnvVars(path string, data []byte) (map[string]map[string]string, error) {
	var raw map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("--env-vars %s: want {\"FunctionId\": {\"VAR\": \"value\"}}: %w", path, err)
	}
	out := make(map[string]map[string]string, len(raw))
	for fn, vars := range raw {
		out[fn] = make(map[string]string, len(vars))
		for k, v := range vars {
			var s string
			if json.Unmarshal(v, &s) != nil {
				s = string(v)
			}
			out[fn][k] = s
		}
	}
	return out, nil
}
