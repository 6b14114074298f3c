package openapi

import (
	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
)

// function resolves the Lambda function named by uri (at field) to a
// logical id; what says what needs it ("integration", "authorizer").
func (l *loader) function(uri, field, what string) (string, bool) {
	inv, err := arn.ParseInvocation(uri)
	if err != nil {
		l.fail(api.KindInvalid, l.at(field), "%q: want a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME) or arn:aws:apigateway:REGION:%sFUNCTION_ARN%s", uri, arn.InvokePath, arn.InvokeSuffix)
		return "", false
	}
	if inv.Streaming {
		l.fail(api.KindUnsupported, l.at(field), "response streaming (%s) is not supported yet", uri)
		return "", false
	}
	fn := inv.Function
	if l.opts.FunctionByARN == nil {
		l.add(api.NewError(api.KindUnsupported, l.at(field), "a Lambda %s needs its function, and a document served on its own defines none: reference this document from a SAM template (DefinitionBody or DefinitionUri) that defines %s", what, fn).Wrap(ErrNeedsTemplate))
		return "", false
	}
	id, ok := l.opts.FunctionByARN(fn)
	if !ok && fn.Qualifier != "" {
		id, ok = l.opts.FunctionByARN(fn.Unqualified())
	}
	if !ok {
		l.add(api.NewError(api.KindUnsupported, l.at(field), "%s names no function of the template", fn).Wrap(ErrUnknownFunction))
	}
	return id, ok
}
