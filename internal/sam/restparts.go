package sam

import (
	"github.com/apigw/apigw/internal/cfn"
)

// restParts are the AWS::ApiGateway:: resources that assemble a RestApi
// without a Body.
type restParts struct {
	resources, methods, authorizers, responses []*cfn.Resource
}

// restPart records one of the resources that assemble a RestApi and
// reports whether res is one.
func (l *loader) restPart(res *cfn.Resource) bool {
	switch res.Type {
	case "AWS::ApiGateway::Resource":
		l.rest.resources = append(l.rest.resources, res)
	case "AWS::ApiGateway::Method":
		l.rest.methods = append(l.rest.methods, res)
	case "AWS::ApiGateway::Authorizer":
		l.rest.authorizers = append(l.rest.authorizers, res)
	case "AWS::ApiGateway::GatewayResponse":
		l.rest.responses = append(l.rest.responses, res)
	default:
		return false
	}
	return true
}

// restFromParts builds a RestApi from its Resource and Method resources.
func (l *loader) restFromParts(b *apiBuild, id string) {
	for _, m := range l.rest.methods {
		f := l.fields(l.resourceLoc(m, "Properties"), m.Properties)
		if target, ok := refTarget(f.raw(propRestAPIID)); ok && target == id {
			b.a.Gap = l.gapAt(b.loc, "REST APIs built from AWS::ApiGateway::Resource and Method resources", "are not supported yet")
			return
		}
	}
}
