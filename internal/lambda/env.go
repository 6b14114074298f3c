package lambda

import (
	"os"
	"sort"
	"strconv"
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

// hostVars pass from apigw's environment to functions: what tools and SDKs
// need to run on this machine (Lambda has its own PATH, HOME and
// credentials; here they are the developer's).
var hostVars = []string{
	"PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "USER",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
}

// baseEnv is a function's environment without the per-process variables:
// host variables, then the function's own, then Lambda's reserved ones,
// which win (later duplicates win in os/exec).
func baseEnv(fn *api.Function, name string, extra map[string]string, o Options, execEnv string) []string {
	var env []string
	for _, k := range hostVars {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
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
	)
	if execEnv != "" {
		env = append(env, envExecutionEnv+"="+execEnv)
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
