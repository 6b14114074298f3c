package cfn

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"go.yaml.in/yaml/v3"
)

// Parameter types that need more than the template to resolve.
const (
	paramList       = "CommaDelimitedList"
	paramListPrefix = "List<"
	paramSSMPrefix  = "AWS::SSM::Parameter::Value<"
)

func (w walk) ref(args *yaml.Node) (*yaml.Node, error) {
	name, ok := scalarText(args)
	if !ok {
		return nil, w.errf(args, "Ref takes a name")
	}
	if name == pseudoNoValue {
		return nil, nil
	}
	if v, ok := w.r.pseudo(name); ok {
		return strNode(v, args.Line), nil
	}
	if id, ok := w.r.properties[name]; ok {
		name = id
	}
	if decl := Lookup(w.r.t.Parameters, name); decl != nil {
		return w.parameter(name, decl, args)
	}
	if typ := w.r.resourceType(name); typ != "" {
		v, err := w.r.refValue(name, typ)
		return strNode(v, args.Line), err
	}
	return nil, w.errf(args, "Ref %q names no parameter, pseudo parameter or resource", name)
}

func (r *Resolver) pseudo(name string) (string, bool) {
	switch name {
	case pseudoRegion:
		return r.opts.Region, true
	case pseudoAccountID:
		return r.opts.AccountID, true
	case pseudoStackName:
		return r.opts.StackName, true
	case pseudoStackID:
		return fmt.Sprintf("arn:%s:cloudformation:%s:%s:stack/%s/00000000-0000-0000-0000-000000000000",
			r.partition(), r.opts.Region, r.opts.AccountID, r.opts.StackName), true
	case pseudoPartition:
		return r.partition(), true
	case pseudoURLSuffix:
		if strings.HasPrefix(r.opts.Region, "cn-") {
			return "amazonaws.com.cn", true
		}
		return "amazonaws.com", true
	case pseudoNotificationARNs:
		return "", true
	}
	return "", false
}

func (r *Resolver) partition() string {
	switch {
	case strings.HasPrefix(r.opts.Region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(r.opts.Region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func (w walk) parameter(name string, decl *yaml.Node, at *yaml.Node) (*yaml.Node, error) {
	typ, _ := scalarText(Lookup(decl, "Type"))
	v, ok := w.r.opts.ParameterOverrides[name]
	if !ok && !w.r.opts.UnknownParameters[name] && !strings.HasPrefix(typ, paramSSMPrefix) {
		v, ok = scalarText(Lookup(decl, "Default"))
	}
	if !ok {
		// Only a deployment knows it (no Default, or read from SSM):
		// a stand-in, as sam local does; the caller warns.
		v = w.placeholder(PlaceholderParameter, name, parameterStandIn(name, typ, decl), at).Value
	}
	if allowed := Lookup(decl, "AllowedValues"); allowed != nil && !allowedValue(allowed, v) {
		return nil, w.errf(decl, "parameter %s: %q is not one of its AllowedValues", name, v)
	}
	if typ != paramList && !strings.HasPrefix(typ, paramListPrefix) {
		return strNode(v, at.Line), nil
	}
	out := seqNode(at.Line)
	for _, p := range strings.Split(v, ",") {
		out.Content = append(out.Content, strNode(strings.TrimSpace(p), at.Line))
	}
	return out, nil
}

func allowedValue(allowed *yaml.Node, v string) bool {
	return slices.ContainsFunc(allowed.Content, func(n *yaml.Node) bool { return n.Value == v })
}

func (r *Resolver) resourceType(id string) string {
	if res := r.t.byID[id]; res != nil {
		return res.Type
	}
	return r.generated[id].Type
}

// refValue is what Ref of a resource gives: a function's name, an API's
// id, and the logical id for anything else (a stand-in for its physical id).
func (r *Resolver) refValue(id, typ string) (string, error) {
	if g := r.generated[id]; g.Ref != "" {
		return g.Ref, nil
	}
	switch typ {
	case TypeServerlessFunction, TypeLambdaFunction:
		return r.FunctionName(id)
	case TypeServerlessAPI, TypeRestAPI, TypeServerlessHTTPAPI, TypeServerlessWSAPI, TypeV2API:
		return api.IDFor(id), nil
	}
	return id, nil
}

// FunctionName is the name of the function with logical id id: its
// FunctionName property, else the logical id (as sam local does) after
// Options.NamePrefix.
func (r *Resolver) FunctionName(id string) (string, error) {
	res := r.t.byID[id]
	if res == nil {
		return r.opts.NamePrefix + id, nil
	}
	n := Lookup(res.Properties, "FunctionName")
	if n == nil {
		return r.opts.NamePrefix + id, nil
	}
	if r.pending[id] {
		return "", r.walk(api.Location{LogicalID: id, Field: "Properties.FunctionName"}).errf(n, "FunctionName refers to itself")
	}
	r.pending[id] = true
	defer delete(r.pending, id)
	name, ok, err := r.String(n, api.Location{LogicalID: id, Field: "Properties.FunctionName"})
	if err != nil || !ok || name == "" {
		return r.opts.NamePrefix + id, err
	}
	return name, nil
}

// FunctionARN is the ARN of the function with logical id id.
func (r *Resolver) FunctionARN(id string) (string, error) {
	name, err := r.FunctionName(id)
	return arn.Function{Partition: r.partition(), Region: r.opts.Region, Account: r.opts.AccountID, Name: name}.String(), err
}
