package cfn

import (
	"fmt"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// Attribute names the resolver computes.
const (
	attrArn            = "Arn"
	attrRootResourceID = "RootResourceId"
)

// standIns give the attributes of resources apigw does not run a likely
// shape (ARNs, names, from the logical id): partition, region, account
// and logical id fill %[1]s..%[4]s. Only a deployment knows the real
// value (a generated name), so each is a placeholder all the same.
var standIns = map[string]map[string]string{
	"AWS::IAM::Role":                   {attrArn: "arn:%[1]s:iam::%[3]s:role/%[4]s", "RoleId": "%[4]s"},
	"AWS::DynamoDB::Table":             {attrArn: "arn:%[1]s:dynamodb:%[2]s:%[3]s:table/%[4]s"},
	"AWS::Serverless::SimpleTable":     {attrArn: "arn:%[1]s:dynamodb:%[2]s:%[3]s:table/%[4]s"},
	"AWS::SQS::Queue":                  {attrArn: "arn:%[1]s:sqs:%[2]s:%[3]s:%[4]s", "QueueName": "%[4]s", "QueueUrl": "https://sqs.%[2]s.amazonaws.com/%[3]s/%[4]s"},
	"AWS::SNS::Topic":                  {attrArn: "arn:%[1]s:sns:%[2]s:%[3]s:%[4]s", "TopicArn": "arn:%[1]s:sns:%[2]s:%[3]s:%[4]s", "TopicName": "%[4]s"},
	"AWS::S3::Bucket":                  {attrArn: "arn:%[1]s:s3:::%[4]s"},
	"AWS::Logs::LogGroup":              {attrArn: "arn:%[1]s:logs:%[2]s:%[3]s:log-group:%[4]s:*"},
	"AWS::Serverless::StateMachine":    {attrArn: "arn:%[1]s:states:%[2]s:%[3]s:stateMachine:%[4]s", "Name": "%[4]s"},
	"AWS::StepFunctions::StateMachine": {attrArn: "arn:%[1]s:states:%[2]s:%[3]s:stateMachine:%[4]s", "Name": "%[4]s"},
	"AWS::Serverless::LayerVersion":    {attrArn: "arn:%[1]s:lambda:%[2]s:%[3]s:layer:%[4]s:1"},
	"AWS::Lambda::LayerVersion":        {attrArn: "arn:%[1]s:lambda:%[2]s:%[3]s:layer:%[4]s:1"},
	"AWS::Events::EventBus":            {attrArn: "arn:%[1]s:events:%[2]s:%[3]s:event-bus/%[4]s", "Name": "%[4]s"},
	"AWS::Kinesis::Stream":             {attrArn: "arn:%[1]s:kinesis:%[2]s:%[3]s:stream/%[4]s"},
	// A user pool's id stands in as its logical id (what Ref gives), so
	// its token issuer is https://cognito-idp.REGION.amazonaws.com/ID
	// however the template names it (--jwks maps that issuer to keys).
	"AWS::Cognito::UserPool": {attrArn: "arn:%[1]s:cognito-idp:%[2]s:%[3]s:userpool/%[4]s", "UserPoolId": "%[4]s",
		"ProviderName": "cognito-idp.%[2]s.amazonaws.com/%[4]s", "ProviderURL": "https://cognito-idp.%[2]s.amazonaws.com/%[4]s"},
}

func (w walk) getAtt(args *yaml.Node) (*yaml.Node, error) {
	res, attr, err := w.getAttArgs(args)
	if err != nil {
		return nil, err
	}
	return w.attribute(res, attr, args)
}

func (w walk) getAttArgs(args *yaml.Node) (res, attr string, err error) {
	if s, ok := scalarText(args); ok {
		res, attr, ok = strings.Cut(s, ".")
		if !ok {
			return "", "", w.errf(args, "Fn::GetAtt %q: want Resource.Attribute", s)
		}
		return res, attr, nil
	}
	a, err := w.args(fnGetAtt, args, 2, 2)
	if err != nil {
		return "", "", err
	}
	res, ok := scalarText(a[0])
	if !ok {
		return "", "", w.errf(a[0], "Fn::GetAtt takes a logical id first")
	}
	attr, err = w.str(a[1])
	return res, attr, err
}

// attribute is Fn::GetAtt res.attr: computed where apigw knows it, else a
// placeholder (only the deployed resource has it).
func (w walk) attribute(res, attr string, at *yaml.Node) (*yaml.Node, error) {
	typ := w.r.resourceType(res)
	if typ == "" {
		return nil, w.errf(at, "Fn::GetAtt %s.%s names no resource", res, attr)
	}
	if v, ok, err := w.r.attributeValue(res, typ, attr); ok || err != nil {
		return strNode(v, at.Line), err
	}
	name, value := res+"."+attr, res+"."+attr
	if f := standIns[typ][attr]; f != "" {
		value = fmt.Sprintf(f, w.r.partition(), w.r.opts.Region, w.r.opts.AccountID, res)
	}
	return w.placeholder(PlaceholderAttribute, name, value, at), nil
}

func (r *Resolver) attributeValue(id, typ, attr string) (string, bool, error) {
	if r.opts.Attribute != nil {
		if v, ok, err := r.opts.Attribute(id, typ, attr); ok || err != nil {
			return v, ok, err
		}
	}
	switch {
	case attr == attrArn && (typ == TypeServerlessFunction || typ == TypeLambdaFunction):
		v, err := r.FunctionARN(id)
		return v, true, err
	case attr == attrRootResourceID && (typ == TypeServerlessAPI || typ == TypeRestAPI):
		return api.IDFor(id + "/"), true, nil
	}
	return "", false, nil
}

func (w walk) sub(args *yaml.Node) (*yaml.Node, error) {
	tmpl, vars := args, (*yaml.Node)(nil)
	if args.Kind == yaml.SequenceNode {
		a, err := w.args(fnSub, args, 2, 2)
		if err != nil {
			return nil, err
		}
		tmpl, vars = a[0], a[1]
	}
	s, ok := scalarText(tmpl)
	if !ok {
		return nil, w.errf(tmpl, "Fn::Sub takes a string, or a list of a string and a mapping")
	}
	out, err := substitute(s, func(name string) (string, error) { return w.subValue(name, vars, tmpl) })
	if err != nil {
		return nil, err
	}
	return strNode(out, args.Line), nil
}

func (w walk) subValue(name string, vars, at *yaml.Node) (string, error) {
	if v := Lookup(vars, name); v != nil {
		return w.str(v)
	}
	if _, referable := w.r.properties[name]; !referable {
		if res, attr, ok := strings.Cut(name, "."); ok {
			v, err := w.attribute(res, attr, at)
			if err != nil {
				return "", err
			}
			return v.Value, nil
		}
	}
	v, err := w.ref(strNode(name, at.Line))
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", w.errf(at, "Fn::Sub: ${%s} has no value", name)
	}
	return w.scalar(v)
}

// substitute replaces ${Name} with lookup(Name) and ${!Text} with ${Text}.
func substitute(s string, lookup func(string) (string, error)) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			b.WriteString("${" + s)
			return b.String(), nil
		}
		name := s[:j]
		s = s[j+1:]
		if lit, ok := strings.CutPrefix(name, "!"); ok {
			b.WriteString("${" + lit + "}")
			continue
		}
		v, err := lookup(strings.TrimSpace(name))
		if err != nil {
			return "", err
		}
		b.WriteString(v)
	}
}
