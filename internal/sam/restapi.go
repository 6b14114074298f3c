package sam

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// AWS::ApiGateway::RestApi, Stage and Deployment property names.
const (
	propBody             = "Body"
	propBodyS3Location   = "BodyS3Location"
	propPolicy           = "Policy"
	propCloneFrom        = "CloneFrom"
	propRestAPIID        = "RestApiId"
	propStageDescription = "StageDescription"
	propParameters       = "Parameters"
	paramBasePath        = "basepath"
)

var readRestAPIProps = []string{propBody, propBodyS3Location, propPolicy, propCloneFrom, propBinaryMediaTypes}

var safeRestAPIProps = []string{"Name", "Description", "Tags", "EndpointConfiguration", "FailOnWarnings", "Mode",
	propParameters, "ApiKeySourceType", "DisableExecuteApiEndpoint", "MinimumCompressionSize"}

// stage is a stage an AWS::ApiGateway::Stage or Deployment gives a RestApi.
type stage struct {
	name      string
	variables map[string]string
	accessLog *api.AccessLog
}

// restAPI loads an AWS::ApiGateway::RestApi defined by its Body, or by
// AWS::ApiGateway::Resource and Method resources.
func (l *loader) restAPI(res *cfn.Resource) {
	f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
	b := l.newAPI(res.LogicalID, f.loc)
	var gap api.Gap
	if f.has(propCloneFrom) {
		gap = f.gap(propCloneFrom, "RestApis cloned from another API (CloneFrom)", "are not supported yet: the routes it copies are unknown here")
	}
	l.readPolicyProperty(f, b)
	if mode := f.sub(propParameters).str(paramBasePath, "ignore"); mode != "ignore" {
		firstGap(&gap, f.sub(propParameters).gap(paramBasePath, "basepath "+mode+" imports (Parameters.basepath)",
			"are not supported yet: apigw serves the document's paths as written (API Gateway's default, ignore)"))
	}
	b.a.BinaryMediaTypes = f.strings(propBinaryMediaTypes)
	if f.has(propBody) || f.has(propBodyS3Location) {
		l.definition(f, b, propBody, propBodyS3Location)
	} else {
		l.restFromParts(b, res.LogicalID)
	}
	firstGap(&b.a.Gap, gap)
	l.pickStage(b, l.stages[res.LogicalID])
	f.unused(readRestAPIProps, safeRestAPIProps)
}

// firstGap sets *have to g unless it already holds one.
func firstGap(have *api.Gap, g api.Gap) {
	if !have.Missing() {
		*have = g
	}
}

// pickStage gives the RestApi the stage its Stage or Deployment resources
// name: --stage, else the first in template order (a warning names the
// others). A RestApi that nothing deploys cannot be called on AWS; it is
// routed, failing closed, until --stage names one.
func (l *loader) pickStage(b *apiBuild, stages []stage) {
	var names []string
	for _, s := range stages {
		if l.opts.Stage == "" && len(names) == 0 || s.name == l.opts.Stage {
			b.a.Stage, b.a.StageVariables, b.a.AccessLog = s.name, s.variables, s.accessLog
		}
		names = append(names, s.name)
	}
	switch {
	case l.opts.Stage != "":
		b.a.Stage = l.opts.Stage
	case len(names) == 0:
		firstGap(&b.a.Gap, l.gapAt(b.loc, "a RestApi that no AWS::ApiGateway::Stage or Deployment with a StageName deploys",
			"cannot be called on AWS either; pass --stage to serve it"))
	case len(names) > 1:
		l.warnAt(b.loc, "deployed to several stages (%s): serving %s; pick another with --stage", strings.Join(names, ", "), b.a.Stage)
	}
}

// stageResource records the stage an AWS::ApiGateway::Stage or Deployment
// gives its RestApi.
func (l *loader) stageResource(res *cfn.Resource) {
	f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
	id, ok := refTarget(f.raw(propRestAPIID))
	if !ok {
		f.fail(propRestAPIID, "want !Ref of an AWS::ApiGateway::RestApi of this template")
		return
	}
	s := stage{name: f.str(propStageName, "")}
	if s.name == "" {
		return // a Deployment without StageName; a Stage resource names it
	}
	if res.Type == typeStage {
		s.variables, s.accessLog = f.strMap(propVariables), l.accessLog(f, propAccessLogSetting)
	} else {
		d := f.sub(propStageDescription)
		s.variables, s.accessLog = d.strMap(propVariables), l.accessLog(d, propAccessLogSetting)
	}
	l.stages[id] = append(l.stages[id], s)
}

// refTarget is the logical id in {Ref: X}, or a plain logical id.
func refTarget(n *yaml.Node) (string, bool) {
	if name, args, ok := cfn.Call(n); ok && name == "Ref" {
		return cfnScalar(args)
	}
	s, ok := cfnScalar(n)
	return s, ok && s != ""
}
