package sam

import (
	"strings"

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
}

// restAPI loads an AWS::ApiGateway::RestApi defined by its Body.
func (l *loader) restAPI(res *cfn.Resource) {
	f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
	b := l.newAPI(res.LogicalID, f.loc)
	if f.has(propCloneFrom) {
		f.unsupported(propCloneFrom, "%s is not supported yet", propCloneFrom)
	}
	l.readPolicyProperty(f, b)
	if mode := f.sub(propParameters).str(paramBasePath, "ignore"); mode != "ignore" {
		f.sub(propParameters).unsupported(paramBasePath, "basepath %q is not supported yet: apigw serves the document's paths as written (API Gateway's default, ignore)", mode)
	}
	b.a.BinaryMediaTypes = f.strings(propBinaryMediaTypes)
	if !f.has(propBody) && !f.has(propBodyS3Location) {
		f.unsupported(propBody, "a RestApi needs a Body or BodyS3Location (APIs built from AWS::ApiGateway::Method resources are not supported yet)")
	}
	l.definition(f, b, propBody, propBodyS3Location)
	l.pickStage(b, l.stages[res.LogicalID])
	f.unused(readRestAPIProps, safeRestAPIProps)
}

func (l *loader) pickStage(b *apiBuild, stages []stage) {
	var names []string
	for _, s := range stages {
		if l.opts.Stage == "" || s.name == l.opts.Stage {
			b.a.Stage, b.a.StageVariables = s.name, s.variables
			names = append(names, s.name)
		}
	}
	switch {
	case l.opts.Stage != "":
		b.a.Stage = l.opts.Stage
	case len(names) == 0:
		l.unsupportedAt(b.loc, "no AWS::ApiGateway::Stage or Deployment with a StageName deploys this RestApi; pass --stage")
	case len(names) > 1:
		l.unsupportedAt(b.loc, "deployed to several stages (%s); pick one with --stage", strings.Join(names, ", "))
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
		s.variables = f.strMap(propVariables)
	} else {
		s.variables = f.sub(propStageDescription).strMap(propVariables)
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
