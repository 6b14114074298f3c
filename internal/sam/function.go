package sam

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
)

// Function property names.
const (
	propRuntime       = "Runtime"
	propHandler       = "Handler"
	propCodeURI       = "CodeUri"
	propCode          = "Code"
	propTimeout       = "Timeout"
	propMemorySize    = "MemorySize"
	propEnvironment   = "Environment"
	propArchitectures = "Architectures"
	propFunctionName  = "FunctionName"
	propPackageType   = "PackageType"
	propEvents        = "Events"
	propInlineCode    = "InlineCode"
	propLayers        = "Layers"
	propImageURI      = "ImageUri"
	propImageConfig   = "ImageConfig"
)

// Architectures.
const (
	archX86 = "x86_64"
	archARM = "arm64"
)

var (
	nodeRuntime   = regexp.MustCompile(`^nodejs(\d+(\.\d+)*(\.x)?)?$`)
	pythonRuntime = regexp.MustCompile(`^python3\.\d+$`)
)

// providedRuntimes run CodeUri/bootstrap and need no Handler.
var providedRuntimes = []string{"provided", "provided.al2", "provided.al2023"}

const goRuntime = "go1.x"

// safeFunctionProps are function properties that change nothing locally.
var safeFunctionProps = []string{"Description", "Role", "Policies", "Tracing", "Tags", "AutoPublishAlias",
	"AutoPublishAliasAllProperties", "AutoPublishCodeSha256", "DeploymentPreference", "VpcConfig",
	"ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig", "KmsKeyArn", "DeadLetterQueue",
	"DeadLetterConfig", "EventInvokeConfig", "PermissionsBoundary", "AssumeRolePolicyDocument",
	"CodeSigningConfigArn", "EphemeralStorage", "FileSystemConfigs", "FunctionUrlConfig", "LoggingConfig",
	"RecursiveLoop", "RolePath", "RuntimeManagementConfig", "SnapStart", "VersionDescription", "Connectors",
	"TracingConfig", "PropagateTags", "FunctionScalingConfig", "VersionDeletionPolicy", "Metadata"}

var readFunctionProps = []string{propRuntime, propHandler, propCodeURI, propCode, propTimeout, propMemorySize,
	propEnvironment, propArchitectures, propFunctionName, propPackageType, propEvents, propInlineCode, propLayers,
	propImageURI, propImageConfig}

// function reads what AWS::Serverless::Function and AWS::Lambda::Function share.
func (l *loader) function(res *cfn.Resource, f fields, codeKey string) {
	fn := &api.Function{LogicalID: res.LogicalID, FunctionName: res.LogicalID, Source: l.resourceLoc(res, "")}
	if isImage(f) {
		l.functionGap(fn, f.at(propPackageType), imageGap, localCodeHint)
		l.addFunction(fn, f)
		return
	}
	fn.Runtime = l.runtime(f)
	fn.Handler = f.str(propHandler, "")
	if fn.Handler == "" && fn.Runtime != "" && !isProvided(fn.Runtime) {
		f.fail(propHandler, "runtime %s needs a Handler", fn.Runtime)
	}
	if !l.assetCode(fn, res, f, codeKey) {
		l.code(fn, f, codeKey)
	}
	fn.Timeout = f.integer(propTimeout, api.DefaultTimeoutSeconds)
	fn.MemoryMB = f.integer(propMemorySize, api.DefaultMemoryMB)
	fn.Architecture = l.architecture(f)
	fn.Environment = l.environment(f, res.LogicalID)
	fn.BuildMethod = l.buildMethod(res)
	name, err := l.r.FunctionName(res.LogicalID)
	l.fail(err)
	fn.FunctionName = name
	l.functionLayers(fn, f)
	l.addFunction(fn, f)
}

func (l *loader) addFunction(fn *api.Function, f fields) {
	if other, dup := l.names[fn.FunctionName]; dup {
		f.fail(propFunctionName, "function name %q is also used by %s", fn.FunctionName, other)
		return
	}
	l.names[fn.FunctionName] = fn.LogicalID
	l.out.Functions[fn.LogicalID] = fn
}

func isProvided(rt string) bool { return slices.Contains(providedRuntimes, rt) }

func (l *loader) runtime(f fields) string {
	rt := f.str(propRuntime, "")
	switch {
	case rt == "":
		f.fail(propRuntime, "missing Runtime")
	case nodeRuntime.MatchString(rt), pythonRuntime.MatchString(rt), isProvided(rt), rt == goRuntime:
		return rt
	default:
		f.gap(propRuntime, fmt.Sprintf("the %s runtime", rt), "is not supported yet (apigw runs nodejs*, python3.*, provided, provided.al2, provided.al2023 and go1.x)")
	}
	return ""
}

func (l *loader) architecture(f fields) string {
	archs := f.strings(propArchitectures)
	switch {
	case len(archs) == 0:
		return archX86
	case len(archs) == 1 && (archs[0] == archX86 || archs[0] == archARM):
		return archs[0]
	}
	f.fail(propArchitectures, "want one of [x86_64] or [arm64], got %v", archs)
	return archX86
}

func (l *loader) buildMethod(res *cfn.Resource) string {
	n := cfn.Lookup(res.Metadata, "BuildMethod")
	if n == nil {
		return ""
	}
	s, _, err := l.r.String(n, l.resourceLoc(res, "Metadata.BuildMethod"))
	l.fail(err)
	return s
}

// environment reads Environment.Variables; --env-vars values replace
// declared variables (only those, as sam local does) without resolving them.
func (l *loader) environment(f fields, id string) map[string]string {
	vars := f.sub(propEnvironment).sub("Variables")
	if vars.node == nil {
		return nil
	}
	out := map[string]string{}
	for _, k := range vars.keys() {
		if v, ok := l.envOverride(id, k); ok {
			out[k] = v
			continue
		}
		if s, ok := vars.scalar(k, vars.value(k)); ok {
			out[k] = s
		}
	}
	return out
}

// envVarsAll is the --env-vars key whose variables apply to every function.
const envVarsAll = "Parameters"

func (l *loader) envOverride(id, name string) (string, bool) {
	if v, ok := l.opts.EnvVars[id][name]; ok {
		return v, true
	}
	v, ok := l.opts.EnvVars[envVarsAll][name]
	return v, ok
}

// serverlessFunction loads an AWS::Serverless::Function with Globals.Function.
func (l *loader) serverlessFunction(res *cfn.Resource) {
	f := l.fields(l.resourceLoc(res, "Properties"), merge(l.globals.function, res.Properties))
	l.function(res, f, propCodeURI)
	if l.out.Functions[res.LogicalID] != nil {
		l.functionEvents(res, f.sub(propEvents))
	}
	f.unused(readFunctionProps, safeFunctionProps)
}

// lambdaFunction loads an AWS::Lambda::Function.
func (l *loader) lambdaFunction(res *cfn.Resource) {
	f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
	l.function(res, f, propCode)
	f.unused(readFunctionProps, safeFunctionProps)
}
