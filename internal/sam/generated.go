package sam

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"

	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// Logical ids and types of what SAM's transform adds, as its translator
// names them (samtranslator: sam_resources.py, api/*_generator.py,
// logical_id_generator.py).
const (
	implicitHTTPAPI   = "ServerlessHttpApi"
	httpDefaultStage  = "$default"
	wsDefaultStage    = "default"
	typeV2Stage       = "AWS::ApiGatewayV2::Stage"
	typeAlias         = "AWS::Lambda::Alias"
	typeVersion       = "AWS::Lambda::Version"
	propAutoAlias     = "AutoPublishAlias"
	propRole          = "Role"
	propFunctionURL   = "FunctionUrlConfig"
	usagePlanPerAPI   = "PER_API"
	usagePlanShared   = "SHARED"
	sharedUsagePlanID = "Serverless"
)

// declareGenerated tells the resolver what SAM's transform adds that a
// template may refer to: the implicit APIs and their stages, each
// function's role, alias, version and URL, each API's stage, deployment,
// usage plan and API key, and SAM's referenceable properties (Fn.Alias,
// Fn.Version, Api.Stage, ...) naming them.
func (l *loader) declareGenerated() {
	l.generateStage(ImplicitAPI, cfn.TypeServerlessAPI, typeStage, ImplicitStage, ImplicitStage)
	l.generateStage(implicitHTTPAPI, cfn.TypeServerlessHTTPAPI, typeV2Stage, httpDefaultStage, httpDefaultStage)
	for _, res := range l.tpl.Resources {
		switch res.Type {
		case cfn.TypeServerlessFunction:
			l.generateForFunction(res, merge(l.globals.function, res.Properties))
		case cfn.TypeServerlessAPI:
			props := merge(l.globals.api, res.Properties)
			l.generateStage(res.LogicalID, res.Type, typeStage, l.literal(props, propStageName), l.stageRef(res, props, ""))
			l.generateAPIExtras(res.LogicalID, props)
		case cfn.TypeServerlessHTTPAPI:
			l.generateStage(res.LogicalID, res.Type, typeV2Stage, l.literalOr(res.Properties, propStageName, httpDefaultStage), l.stageRef(res, res.Properties, httpDefaultStage))
		case cfn.TypeServerlessWSAPI:
			l.generateStage(res.LogicalID, res.Type, typeV2Stage, l.literalOr(res.Properties, propStageName, wsDefaultStage), l.stageRef(res, res.Properties, wsDefaultStage))
		}
	}
}

// generateStage declares an API's stage resource. literal is the
// StageName as written when it is a plain string ("" for an intrinsic),
// which is what SAM names the stage after; ref is the stage's name.
func (l *loader) generateStage(api, apiType, stageType, literal, ref string) {
	l.r.Generate(api, cfn.Generated{Type: apiType})
	id := stageLogicalID(api, apiType, literal)
	l.r.Generate(id, cfn.Generated{Type: stageType, Ref: ref})
	l.r.Refer(api+".Stage", id)
}

// stageLogicalID is SAM's logical id of an API's stage.
func stageLogicalID(api, apiType, stage string) string {
	switch {
	case apiType == cfn.TypeServerlessHTTPAPI && stage == httpDefaultStage:
		return api + "ApiGatewayDefaultStage"
	case apiType == cfn.TypeServerlessWSAPI && stage == wsDefaultStage:
		return api + "DefaultStage"
	case isAlnum(stage):
		return api + stage + "Stage"
	}
	return hashedID(api+"Stage", stage)
}

// hashedID is SAM's LogicalIdGenerator: prefix and the first 10 hex digits
// of the SHA-1 of data (nothing for empty data).
func hashedID(prefix, data string) string {
	if data == "" {
		return prefix
	}
	sum := sha1.Sum([]byte(data))
	return prefix + hex.EncodeToString(sum[:])[:10]
}

func isAlnum(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// literal is the plain string value of key in props ("" for an intrinsic
// or nothing).
func (l *loader) literal(props *yaml.Node, key string) string {
	s, _ := cfnScalar(cfn.Lookup(props, key))
	return s
}

func (l *loader) literalOr(props *yaml.Node, key, def string) string {
	if cfn.Lookup(props, key) == nil {
		return def
	}
	return l.literal(props, key)
}

// stageRef is the stage's name as Ref of the stage gives it: --stage,
// else StageName resolved (errors are reported where it is read), else def.
func (l *loader) stageRef(res *cfn.Resource, props *yaml.Node, def string) string {
	if l.opts.Stage != "" {
		return l.opts.Stage
	}
	n := cfn.Lookup(props, propStageName)
	if n == nil {
		return def
	}
	s, ok, err := l.r.String(n, l.resourceLoc(res, "Properties."+propStageName))
	if err != nil || !ok {
		return def
	}
	return s
}

// generateForFunction declares a function's role, URL, alias and version.
func (l *loader) generateForFunction(res *cfn.Resource, props *yaml.Node) {
	id := res.LogicalID
	if cfn.Lookup(props, propRole) == nil {
		l.r.Generate(id+"Role", cfn.Generated{Type: "AWS::IAM::Role"})
	}
	if cfn.Lookup(props, propFunctionURL) != nil {
		l.r.Generate(id+"Url", cfn.Generated{Type: "AWS::Lambda::Url"})
	}
	n := cfn.Lookup(props, propAutoAlias)
	if n == nil {
		return
	}
	alias, ok, err := l.r.String(n, l.resourceLoc(res, "Properties."+propAutoAlias))
	if err != nil || !ok || alias == "" {
		return
	}
	fnARN, err := l.r.FunctionARN(id)
	if err != nil {
		return
	}
	aliasID := id + "Alias" + strings.NewReplacer("-", "D", "_", "U").Replace(alias)
	l.r.Generate(aliasID, cfn.Generated{Type: typeAlias, Ref: fnARN + ":" + alias})
	l.r.Refer(id+".Alias", aliasID)
	// The version's logical id ends in a hash of the code; only Fn.Version
	// can name it. Its number is a deployment's: 1 stands in.
	l.r.Generate(id+"Version", cfn.Generated{Type: typeVersion, Ref: fnARN + ":1"})
	l.r.Refer(id+".Version", id+"Version")
}

// generateAPIExtras declares an AWS::Serverless::Api's deployment, usage
// plan, API key and usage plan key.
func (l *loader) generateAPIExtras(api string, props *yaml.Node) {
	l.r.Generate(api+"Deployment", cfn.Generated{Type: typeDeployment})
	l.r.Refer(api+".Deployment", api+"Deployment")
	prefix := api
	switch l.literal(cfn.Lookup(cfn.Lookup(props, propAuth), authUsagePlan), "CreateUsagePlan") {
	case usagePlanPerAPI:
	case usagePlanShared:
		prefix = sharedUsagePlanID
	default:
		return
	}
	for id, typ := range map[string]string{"UsagePlan": "AWS::ApiGateway::UsagePlan", "ApiKey": "AWS::ApiGateway::ApiKey",
		"UsagePlanKey": "AWS::ApiGateway::UsagePlanKey"} {
		l.r.Generate(prefix+id, cfn.Generated{Type: typ})
		l.r.Refer(api+"."+id, prefix+id)
	}
}
