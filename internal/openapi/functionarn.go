package openapi

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// Pieces of the URI API Gateway uses to invoke a Lambda function:
// arn:PARTITION:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations.
const (
	serviceAPIGateway  = "apigateway"
	serviceLambda      = "lambda"
	lambdaInvokePrefix = "lambda:path/2015-03-31/functions/"
	lambdaInvokeSuffix = "/invocations"
	resourceFunction   = "function"
)

// functionARN extracts the Lambda function ARN from an integration uri or
// authorizerUri, which is either the API Gateway invocation URI or the
// function ARN itself.
func functionARN(uri string) (string, bool) {
	parts := strings.SplitN(uri, ":", 5)
	if len(parts) != 5 || parts[0] != "arn" {
		return "", false
	}
	switch parts[2] {
	case serviceLambda:
		return uri, isFunctionARN(uri)
	case serviceAPIGateway:
		fn, ok := strings.CutPrefix(parts[4], lambdaInvokePrefix)
		fn, ok2 := strings.CutSuffix(fn, lambdaInvokeSuffix)
		return fn, ok && ok2 && isFunctionARN(fn)
	}
	return "", false
}

// isFunctionARN checks arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].
func isFunctionARN(s string) bool {
	p := strings.Split(s, ":")
	if len(p) != 7 && len(p) != 8 {
		return false
	}
	if p[0] != "arn" || p[1] == "" || p[2] != serviceLambda || p[5] != resourceFunction || p[6] == "" {
		return false
	}
	return len(p) == 7 || p[7] != ""
}

// unqualified drops a version or alias qualifier from a function ARN.
func unqualified(arn string) string {
	p := strings.Split(arn, ":")
	if len(p) == 8 {
		return strings.Join(p[:7], ":")
	}
	return arn
}

// function resolves the Lambda function named by uri (at field) to a
// logical id; what says what needs it ("integration", "authorizer").
func (l *loader) function(uri, field, what string) (string, bool) {
	arn, ok := functionARN(uri)
	if !ok {
		l.fail(api.KindInvalid, l.at(field), "%q: want a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME) or arn:aws:apigateway:REGION:%sFUNCTION_ARN%s", uri, lambdaInvokePrefix, lambdaInvokeSuffix)
		return "", false
	}
	if l.opts.FunctionByARN == nil {
		l.add(api.NewError(api.KindUnsupported, l.at(field), "a Lambda %s needs its function, and a document served on its own defines none: reference this document from a SAM template (DefinitionBody or DefinitionUri) that defines %s", what, arn).Wrap(ErrNeedsTemplate))
		return "", false
	}
	id, ok := l.opts.FunctionByARN(arn)
	if !ok && unqualified(arn) != arn {
		id, ok = l.opts.FunctionByARN(unqualified(arn))
	}
	if !ok {
		l.add(api.NewError(api.KindUnsupported, l.at(field), "%s names no function of the template", arn).Wrap(ErrUnknownFunction))
	}
	return id, ok
}
