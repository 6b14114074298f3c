package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Defaults of --config-file and --config-env, SAM CLI's.
const (
	defaultConfigFile = "samconfig.toml"
	defaultConfigEnv  = "default"
	// configGlobal is the section every command reads; a command's own
	// section wins over it.
	configGlobal = "global"
)

// Command sections of samconfig.toml, SAM CLI's names.
const (
	sectionStartAPI = "local_start_api"
	sectionInvoke   = "local_invoke"
	sectionValidate = "validate"
	// sectionLint is apigw's own: SAM CLI has no lint command.
	sectionLint = "lint"
)

// errConfigValue: a samconfig value apigw cannot turn into a flag value.
var errConfigValue = errors.New("want a string, number, boolean or list of them")

// configKeyFlags are samconfig keys whose flag is not the key with '-'
// for '_'; "" for keys a file cannot set (which file to read).
var configKeyFlags = map[string]string{"template_file": "template", "config_file": "", "config_env": ""}

// configPathFlags take paths, relative to the config file's folder.
var configPathFlags = map[string]bool{"template": true, "env-vars": true}

// samConfig is one environment's parameters for one command: the global
// section's, overridden by the command's, as flag values by flag name.
type samConfig struct {
	values  map[string]string
	ignored []string // the command section's keys with no apigw flag
}

// readSamConfig reads path's [env.global.parameters] and
// [env.section.parameters]. A missing file is no configuration unless
// explicit; a missing env is an error only when explicit.
func readSamConfig(path, env, section string, explicit bool, lookup func(string) *flag.Flag) (samConfig, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return samConfig{}, nil
	}
	if err != nil {
		return samConfig{}, fmt.Errorf("--config-file: %w", err)
	}
	cfg, found, err := parseSamConfig(data, env, section, lookup)
	if err != nil {
		return samConfig{}, fmt.Errorf("%s: %w", path, err)
	}
	if !found && explicit {
		return samConfig{}, fmt.Errorf("%s: no [%s.%s.parameters] or [%s.%s.parameters] (--config-env %s)", path, env, section, env, configGlobal, env)
	}
	cfg.resolvePaths(filepath.Dir(path))
	return cfg, nil
}

// parseSamConfig decodes a samconfig.toml document; found says whether env
// has either section.
func parseSamConfig(data []byte, env, section string, lookup func(string) *flag.Flag) (samConfig, bool, error) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return samConfig{}, false, err
	}
	cfg := samConfig{values: map[string]string{}}
	found := false
	for _, name := range []string{configGlobal, section} {
		params, ok := dig(doc, env, name, "parameters")
		found = found || ok
		if err := cfg.add(params, lookup, name == section); err != nil {
			return samConfig{}, false, fmt.Errorf("[%s.%s.parameters] %w", env, name, err)
		}
	}
	sort.Strings(cfg.ignored)
	return cfg, found, nil
}

// dig walks nested tables.
func dig(doc map[string]any, keys ...string) (map[string]any, bool) {
	for _, k := range keys {
		next, ok := doc[k].(map[string]any)
		if !ok {
			return nil, false
		}
		doc = next
	}
	return doc, true
}

func (c *samConfig) add(params map[string]any, lookup func(string) *flag.Flag, own bool) error {
	for key, v := range params {
		name, ok := configKeyFlags[key]
		if !ok {
			name = strings.ReplaceAll(key, "_", "-")
		}
		if name == "" || lookup(name) == nil {
			if own {
				c.ignored = append(c.ignored, key)
			}
			continue
		}
		s, err := configValue(v)
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		c.values[name] = s
	}
	return nil
}

// configValue is a TOML value as a flag value; a list (SAM's form of
// parameter_overrides) joins with spaces.
func configValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := configValue(e)
			if _, nested := e.([]any); err != nil || nested {
				return "", errConfigValue
			}
			parts[i] = s
		}
		return strings.Join(parts, " "), nil
	}
	return "", errConfigValue
}

func (c samConfig) resolvePaths(dir string) {
	for name, v := range c.values {
		if configPathFlags[name] && v != "" && !filepath.IsAbs(v) {
			c.values[name] = filepath.Join(dir, v)
		}
	}
}

// apply sets every configured flag not in given (flags given on the
// command line win) and adds it to given.
func (c samConfig) apply(fs *flag.FlagSet, given map[string]bool) error {
	for name, v := range c.values {
		if given[name] {
			continue
		}
		if err := fs.Set(name, v); err != nil {
			return fmt.Errorf("samconfig %s: %w", name, err)
		}
		given[name] = true
	}
	return nil
}
