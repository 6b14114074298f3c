package openapi

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
)

// lambdaFunction is what a Lambda integration or authorizer uri names.
type lambdaFunction struct {
	id        string  // the function's logical id; "" when apigw has none to run
	gap       api.Gap // why the part that calls it cannot, when it cannot
	streaming bool    // a response-streaming invocation URI
}

// function resolves the Lambda function named by uri (at field) to a
// logical id; what says what needs it ("integration", "authorizer"). A
// function apigw cannot run (one only a deployment knows, one chosen by a
// stage variable, one outside the template) gives a Gap, not an error.
func (l *loader) function(uri, field, what string) lambdaFunction {
	if g := l.deploymentGap(field, "a Lambda "+what+" function"); g.Missing() {
		return lambdaFunction{gap: g}
	}
	if strings.Contains(uri, stageVariableRef) {
		return lambdaFunction{gap: l.gap(l.at(field), "Lambda "+what+"s whose function a stage variable names", areNotYet)}
	}
	inv, err := arn.ParseInvocation(uri)
	if err != nil && strings.Contains(uri, "${") {
		l.fail(api.KindInvalid, l.at(field), "%q: nothing substitutes ${...} here (CloudFormation runs only intrinsic functions, and an AWS::Include'd file is not a Fn::Sub): write uri: {Fn::Sub: ...}", uri)
		return lambdaFunction{}
	}
	if err != nil {
		l.fail(api.KindInvalid, l.at(field), "%q: want a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME) or arn:aws:apigateway:REGION:%sFUNCTION_ARN%s", uri, arn.InvokePath, arn.InvokeSuffix)
		return lambdaFunction{}
	}
	fn := inv.Function
	if l.opts.FunctionByARN == nil {
		e, gap := NeedsTemplate(l.at(field), what, fn)
		l.add(e)
		return lambdaFunction{streaming: inv.Streaming, gap: gap}
	}
	id, ok := l.opts.FunctionByARN(fn)
	if !ok && fn.Qualifier != "" {
		id, ok = l.opts.FunctionByARN(fn.Unqualified())
	}
	if !ok {
		e := api.NewError(api.KindUnsupported, l.at(field), "a Lambda function outside this template (%s) is not supported yet", fn).Wrap(ErrUnknownFunction)
		l.add(e)
		return lambdaFunction{streaming: inv.Streaming, gap: api.Gap{What: "a Lambda function outside this template", Source: e.Location}}
	}
	return lambdaFunction{id: id, streaming: inv.Streaming}
}

// NeedsTemplate is the finding (wrapping ErrNeedsTemplate) and the Gap of
// a Lambda what ("integration", "authorizer") at loc in a document served
// on its own, which defines no functions; fn is the function it names.
func NeedsTemplate(loc api.Location, what string, fn arn.Function) (*api.Error, api.Gap) {
	e := api.NewError(api.KindUnsupported, loc, "a Lambda %s needs its function, and a document served on its own defines none: reference this document from a SAM template (DefinitionBody or DefinitionUri) that defines %s", what, fn).Wrap(ErrNeedsTemplate)
	return e, api.Gap{What: "Lambda " + what + "s in an OpenAPI document served on its own", Source: loc}
}
