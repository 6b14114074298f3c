package lambda

import (
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/apigw/apigw/internal/api"
)

// Environment variable names a Lambda process gets.
const (
	envRuntimeAPI     = "AWS_LAMBDA_RUNTIME_API"
	envFunctionName   = "AWS_LAMBDA_FUNCTION_NAME"
	envVersion        = "AWS_LAMBDA_FUNCTION_VERSION"
	envMemory         = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"
	envRegion         = "AWS_REGION"
	envDefaultRegion  = "AWS_DEFAULT_REGION"
	envLogGroup       = "AWS_LAMBDA_LOG_GROUP_NAME"
	envLogStream      = "AWS_LAMBDA_LOG_STREAM_NAME"
	envTaskRoot       = "LAMBDA_TASK_ROOT"
	envHandler        = "_HANDLER"
	envTZ             = "TZ"
	envExecutionEnv   = "AWS_EXECUTION_ENV"
	envInitialization = "AWS_LAMBDA_INITIALIZATION_TYPE"
	versionLatest     = "$LATEST"
)

// envSAMLocal tells a function it runs locally, as SAM CLI sets it.
const envSAMLocal = "AWS_SAM_LOCAL"

// Credential variables: the caller's, Options.Credentials or placeholders.
const (
	envAccessKeyID     = "AWS_ACCESS_KEY_ID"
	envSecretAccessKey = "AWS_SECRET_ACCESS_KEY"
	envSessionToken    = "AWS_SESSION_TOKEN"
	envProfile         = "AWS_PROFILE"
)

// hostVars pass from apigw's environment to functions: what tools and SDKs
// need to run on this machine and to reach real AWS or a local emulator
// through the developer's proxies and CA bundles (Lambda has its own PATH,
// HOME and network; here they are the developer's).
var hostVars = []string{
	"PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "USER",
	"AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
	"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
	"AWS_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
}

// hostPrefixes pass every variable named so: AWS_ENDPOINT_URL and the
// per-service AWS_ENDPOINT_URL_<SERVICE>.
var hostPrefixes = []string{"AWS_ENDPOINT_URL"}

// Credentials are the AWS credentials a function gets.
type Credentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
	// Profile, with no keys, names a profile the function's SDK resolves
	// itself (SSO, assume-role, credential_process): the function gets
	// AWS_PROFILE and no key variables.
	Profile string
}

// PlaceholderCredentials are what functions get when apigw's caller has
// none, as SAM CLI gives: SDKs start, and calls to real AWS fail.
var PlaceholderCredentials = Credentials{AccessKeyID: "defaultkey", SecretAccessKey: "defaultsecret"}

// HostCredentials are the caller's credentials from its environment, or
// the zero value when AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is unset.
func HostCredentials() Credentials {
	c := Credentials{AccessKeyID: os.Getenv(envAccessKeyID), SecretAccessKey: os.Getenv(envSecretAccessKey), SessionToken: os.Getenv(envSessionToken)}
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return Credentials{}
	}
	return c
}

// credentials are o.Credentials, else the caller's, else placeholders.
func (o Options) credentials() Credentials {
	if o.Credentials != (Credentials{}) {
		return o.Credentials
	}
	if c := HostCredentials(); c.AccessKeyID != "" {
		return c
	}
	return PlaceholderCredentials
}

func (c Credentials) env() []string {
	if c.AccessKeyID == "" {
		return []string{envProfile + "=" + c.Profile}
	}
	env := []string{envAccessKeyID + "=" + c.AccessKeyID, envSecretAccessKey + "=" + c.SecretAccessKey}
	if c.SessionToken != "" {
		env = append(env, envSessionToken+"="+c.SessionToken)
	}
	return env
}

// baseEnv is a function's environment without the per-process variables,
// lowest precedence first (later duplicates win in os/exec): host
// variables, the function's own (the template's, with the caller's shell
// and --env-vars already applied by the loader), extra, then Lambda's
// reserved ones, credentials and AWS_SAM_LOCAL, which a function cannot
// declare on Lambda, then the paths to its layers.
func baseEnv(fn *api.Function, name string, extra map[string]string, o Options, execEnv string) []string {
	env := hostEnv()
	env = appendSorted(env, fn.Environment)
	env = appendSorted(env, extra)
	env = append(env,
		envFunctionName+"="+name,
		envVersion+"="+versionLatest,
		envMemory+"="+strconv.Itoa(memoryMB(fn)),
		envRegion+"="+o.Region,
		envDefaultRegion+"="+o.Region,
		envLogGroup+"=/aws/lambda/"+name,
		envTaskRoot+"="+fn.CodeDir,
		envHandler+"="+fn.Handler,
		envTZ+"=:UTC",
		envInitialization+"=on-demand",
		envSAMLocal+"=true",
	)
	env = append(env, o.credentials().env()...)
	env = append(env, layerEnv(fn)...)
	if execEnv != "" {
		env = append(env, envExecutionEnv+"="+execEnv)
	}
	return env
}

// hostEnv is the caller's variables that pass to functions.
func hostEnv() []string {
	var env []string
	for _, k := range hostVars {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	for _, kv := range os.Environ() {
		for _, p := range hostPrefixes {
			if strings.HasPrefix(kv, p) {
				env = append(env, kv)
			}
		}
	}
	return env
}

// processEnv adds what differs per process.
func processEnv(base []string, runtimeAPI string, now time.Time) []string {
	env := make([]string, len(base), len(base)+2)
	copy(env, base)
	return append(env, envLogStream+"="+logStreamName(now), envRuntimeAPI+"="+runtimeAPI)
}

func appendSorted(env []string, m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, k+"="+m[k])
	}
	return env
}

func memoryMB(fn *api.Function) int {
	if fn.MemoryMB > 0 {
		return fn.MemoryMB
	}
	return api.DefaultMemoryMB
}

func timeout(fn *api.Function) time.Duration {
	if fn.Timeout > 0 {
		return time.Duration(fn.Timeout) * time.Second
	}
	return api.DefaultTimeoutSeconds * time.Second
}

func functionName(fn *api.Function) string {
	if fn.FunctionName != "" {
		return fn.FunctionName
	}
	return fn.LogicalID
}
