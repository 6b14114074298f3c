package sam

import (
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/cfn"
)

// Resource types apigw reads besides functions and APIs.
const (
	typeStage      = "AWS::ApiGateway::Stage"
	typeDeployment = "AWS::ApiGateway::Deployment"
	prefixV2       = "AWS::ApiGatewayV2::"
	prefixSAM      = "AWS::Serverless::"
)

// declare is the first pass: functions, stages, and what is ignored.
func (l *loader) declare(res *cfn.Resource) {
	if strings.HasPrefix(res.Type, prefixSAM) && !l.hasSAMTransform() {
		l.failAt(l.resourceLoc(res, "Type"), "%s needs Transform: %s", res.Type, samTransform)
		return
	}
	switch {
	case res.Type == cfn.TypeServerlessFunction:
		l.serverlessFunction(res)
	case res.Type == cfn.TypeLambdaFunction:
		l.lambdaFunction(res)
	case isLayerType(res.Type):
		l.layer(res.LogicalID)
	case res.Type == typeStage || res.Type == typeDeployment:
		l.stageResource(res)
	case l.restPart(res):
	case slices.Contains(apiTypes, res.Type):
	case strings.HasPrefix(res.Type, prefixV2):
		l.v2Declare(res)
	case res.Type == typeStack || res.Type == typeApplication:
		l.stackOrder = append(l.stackOrder, res.LogicalID)
	case slices.Contains(quietTypes, res.Type):
	case recognised[res.Type] != "":
		l.group(recognised[res.Type], res.LogicalID)
	default:
		l.group("ignored resource type "+res.Type, res.LogicalID)
	}
}

// quietTypes are accepted without a word: a Lambda permission only lets
// API Gateway call a function, which a local gateway may always do, and
// CDK's metadata resource only counts CDK's users.
// An Account (CloudWatch role), a Model, an API key (what requires one is
// warned about) and documentation change nothing a request gets.
var quietTypes = []string{"AWS::Lambda::Permission", "AWS::CDK::Metadata", "AWS::ApiGateway::Account", "AWS::ApiGateway::Model", "AWS::ApiGateway::ApiKey",
	"AWS::ApiGateway::DocumentationPart", "AWS::ApiGateway::DocumentationVersion"}

// recognised are the REST API resources that change what AWS serves and
// apigw does not apply, each with the one warning that says what is lost.
// A Model only matters through a RequestValidator, which is warned about.
var recognised = map[string]string{
	"AWS::ApiGateway::RequestValidator":  "request validators are recognised and not applied: requests are not validated",
	"AWS::ApiGateway::UsagePlan":         "usage plans are recognised and not enforced: no throttling or quotas",
	"AWS::ApiGateway::UsagePlanKey":      "usage plans are recognised and not enforced: no throttling or quotas",
	"AWS::ApiGateway::ApiKey":            "API keys are recognised and not checked (x-api-key)",
	"AWS::ApiGateway::DomainName":        "custom domains are recognised and not served: call each API at its own paths",
	"AWS::ApiGateway::BasePathMapping":   "custom domains are recognised and not served: call each API at its own paths",
	"AWS::ApiGateway::DomainNameV2":      "custom domains are recognised and not served: call each API at its own paths",
	"AWS::ApiGateway::BasePathMappingV2": "custom domains are recognised and not served: call each API at its own paths",
}

// apiTypes are the resource types loadAPI loads.
var apiTypes = []string{cfn.TypeServerlessAPI, cfn.TypeRestAPI, cfn.TypeServerlessHTTPAPI, cfn.TypeServerlessWSAPI, cfn.TypeV2API}

// loadAPI is the second pass, once every function is known.
func (l *loader) loadAPI(res *cfn.Resource) {
	switch res.Type {
	case cfn.TypeServerlessAPI:
		l.serverlessAPI(res.LogicalID, merge(l.globals.api, res.Properties), l.resourceLoc(res, "Properties"), false)
	case cfn.TypeRestAPI:
		l.restAPI(res)
	case cfn.TypeServerlessHTTPAPI:
		l.httpAPI(res.LogicalID, res.Properties, l.resourceLoc(res, "Properties"), l.resourceLoc(res, "Type"))
	case cfn.TypeServerlessWSAPI:
		l.wsAPI(res)
	case cfn.TypeV2API:
		l.v2API(res)
	}
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
