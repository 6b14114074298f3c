package sam

import (
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/cfn"
)

// Resource types apigw reads besides functions and APIs.
const (
	typeHTTPAPI    = "AWS::Serverless::HttpApi"
	typeStage      = "AWS::ApiGateway::Stage"
	typeDeployment = "AWS::ApiGateway::Deployment"
	prefixV2       = "AWS::ApiGatewayV2::"
	prefixSAM      = "AWS::Serverless::"
)

// unsupported are resource types apigw recognises but would serve wrongly.
var unsupported = map[string]string{
	typeHTTPAPI:                        "HTTP APIs (AWS::Serverless::HttpApi) are not supported yet",
	"AWS::ApiGateway::Resource":        "APIs assembled from AWS::ApiGateway::Resource and Method resources are not supported yet; describe the API in the RestApi's Body",
	"AWS::ApiGateway::Method":          "APIs assembled from AWS::ApiGateway::Resource and Method resources are not supported yet; describe the API in the RestApi's Body",
	"AWS::ApiGateway::Authorizer":      "AWS::ApiGateway::Authorizer resources are not supported yet; declare the authorizer in the RestApi's Body",
	"AWS::ApiGateway::GatewayResponse": "AWS::ApiGateway::GatewayResponse resources are not supported yet; use x-amazon-apigateway-gateway-responses in the Body",
}

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
	case res.Type == typeStage || res.Type == typeDeployment:
		l.stageResource(res)
	case res.Type == cfn.TypeServerlessAPI || res.Type == cfn.TypeRestAPI:
	case unsupported[res.Type] != "":
		l.unsupportedAt(l.resourceLoc(res, "Type"), "%s", unsupported[res.Type])
	case strings.HasPrefix(res.Type, prefixV2):
		l.unsupportedAt(l.resourceLoc(res, "Type"), "HTTP and WebSocket APIs (%s) are not supported yet", res.Type)
	default:
		l.group("ignored resource type "+res.Type, res.LogicalID)
	}
}

// loadAPI is the second pass, once every function is known.
func (l *loader) loadAPI(res *cfn.Resource) {
	switch res.Type {
	case cfn.TypeServerlessAPI:
		l.serverlessAPI(res.LogicalID, merge(l.globals.api, res.Properties), l.resourceLoc(res, "Properties"), false)
	case cfn.TypeRestAPI:
		l.restAPI(res)
	}
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
