package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/openapi"
	"github.com/apigw/apigw/internal/sam"
	"go.yaml.in/yaml/v3"
)

// errNoTemplate says no TEMPLATE was given and no default template exists;
// start-api then serves the built-in demo.
var errNoTemplate = errors.New("no template given and none of ./template.yaml, ./template.yml, ./template.json exists")

// defaultTemplates are tried in order when TEMPLATE is omitted (DESIGN section 1).
var defaultTemplates = []string{"template.yaml", "template.yml", "template.json"}

// Top-level keys that make a document OpenAPI rather than a template.
const (
	keyOpenAPI = "openapi"
	keySwagger = "swagger"
)

// templateFlags are the flags of every command that loads a template
// (start-api, validate, invoke), registered and read in this one place.
type templateFlags struct {
	region, accountID, stage, overrides, envVars string
	strict                                       bool
}

// register adds the flags to fs; --stage and --strict only when withStage
// (the commands that serve routes: start-api, validate).
func (f *templateFlags) register(fs *flag.FlagSet, withStage bool) {
	fs.StringVar(&f.region, "region", envOr("AWS_REGION", api.DefaultRegion), "region used in every ARN")
	fs.StringVar(&f.accountID, "account-id", api.DefaultAccountID, "account id used in every ARN")
	if withStage {
		fs.StringVar(&f.stage, "stage", "", "stage name (default: the template's)")
		fs.BoolVar(&f.strict, "strict", false, "refuse (exit 2) a template that needs anything apigw cannot serve yet")
	}
	fs.StringVar(&f.envVars, "env-vars", "", "JSON file of function environment variables (SAM's format)")
	fs.StringVar(&f.overrides, "parameter-overrides", "", "CloudFormation parameters: 'Key=Value ...' or 'ParameterKey=Key,ParameterValue=Value ...'")
}

// loadOptions reads --parameter-overrides and the --env-vars file.
func (f templateFlags) loadOptions() (sam.Options, error) {
	overrides, err := parseParameterOverrides(f.overrides)
	if err != nil {
		return sam.Options{}, err
	}
	env, err := readEnvVars(f.envVars)
	if err != nil {
		return sam.Options{}, err
	}
	return sam.Options{Region: f.region, AccountID: f.accountID, Stage: f.stage, ParameterOverrides: overrides, EnvVars: env}, nil
}

// loadTemplate loads path (or the default template in the working folder):
// a bare OpenAPI / Swagger document, or a SAM / CloudFormation template.
func loadTemplate(path string, opts sam.Options) (*api.Template, error) {
	if path == "" {
		var err error
		if path, err = findTemplate("."); err != nil {
			return nil, err
		}
	}
	if !isOpenAPIDocument(path) {
		return sam.Load(path, opts)
	}
	tpl, err := openapi.LoadFile(path)
	if err != nil {
		return nil, err
	}
	if opts.Stage != "" {
		for _, a := range tpl.APIs {
			a.Stage = opts.Stage
		}
	}
	return tpl, nil
}

// findTemplate returns the first default template in dir.
func findTemplate(dir string) (string, error) {
	for _, name := range defaultTemplates {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", errNoTemplate
}

// maxTemplateBytes is the largest template or document read (as sam's
// limit for every file a template pulls in).
const maxTemplateBytes = 16 << 20

// isOpenAPIDocument reports whether the file has a top-level openapi or
// swagger key. Unreadable or malformed files are left to sam.Load, which
// reports them with file and line.
func isOpenAPIDocument(path string) bool {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() || st.Size() > maxTemplateBytes {
		return false // sam.Load reports it
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return false
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i].Value; k == keyOpenAPI || k == keySwagger {
			return true
		}
	}
	return false
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
