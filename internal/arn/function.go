package arn

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFunction reports a string that is neither a Lambda function ARN nor
// an API Gateway invocation URI holding one.
var ErrNotFunction = errors.New("arn: not a Lambda function ARN or invocation URI")

// Pieces of Lambda function ARNs and of the URIs API Gateway invokes them by.
const (
	serviceLambda     = "lambda"
	serviceAPIGateway = "apigateway"
	resourceFunction  = "function"
	// InvokePath and InvokeSuffix surround the function ARN in an
	// integration uri: arn:PARTITION:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations.
	InvokePath   = "lambda:path/2015-03-31/functions/"
	InvokeSuffix = "/invocations"
	// streamPath and streamSuffix are the response-streaming form (REST
	// APIs with responseTransferMode STREAM).
	streamPath   = "lambda:path/2021-11-15/functions/"
	streamSuffix = "/response-streaming-invocations"
)

// Function is a Lambda function ARN,
// arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].
type Function struct {
	Partition, Region, Account, Name string
	Qualifier                        string // version or alias; "" when unqualified
}

// ParseFunction reads a Lambda function ARN. Partition, name and a
// qualifier that is present must not be empty; region and account may be
// (templates rarely leave them out, and matching is by name).
func ParseFunction(s string) (Function, error) {
	p := strings.Split(s, ":")
	if len(p) != 7 && len(p) != 8 || p[0] != "arn" || p[2] != serviceLambda || p[5] != resourceFunction {
		return Function{}, fmt.Errorf("%w: %q: want arn:aws:lambda:REGION:ACCOUNT:function:NAME", ErrNotFunction, s)
	}
	f := Function{Partition: p[1], Region: p[3], Account: p[4], Name: p[6]}
	if len(p) == 8 {
		if f.Qualifier = p[7]; f.Qualifier == "" {
			return Function{}, fmt.Errorf("%w: %q: empty qualifier after the name", ErrNotFunction, s)
		}
	}
	if f.Partition == "" || f.Name == "" || strings.Contains(s, "/") {
		return Function{}, fmt.Errorf("%w: %q: empty partition or name, or a '/'", ErrNotFunction, s)
	}
	return f, nil
}

// String returns the ARN.
func (f Function) String() string {
	s := "arn:" + f.Partition + ":" + serviceLambda + ":" + f.Region + ":" + f.Account + ":" + resourceFunction + ":" + f.Name
	if f.Qualifier != "" {
		s += ":" + f.Qualifier
	}
	return s
}

// Unqualified is f without its version or alias.
func (f Function) Unqualified() Function {
	f.Qualifier = ""
	return f
}

// Invocation is what an integration uri or a Lambda authorizer's
// authorizerUri names.
type Invocation struct {
	Function Function
	// Streaming is the response-streaming invocation URI.
	Streaming bool
}

// ParseInvocation reads an integration uri or authorizerUri: the API
// Gateway invocation URI
// arn:PARTITION:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations,
// its response-streaming form
// (path/2021-11-15/functions/FUNCTION_ARN/response-streaming-invocations),
// or the function ARN itself. It is the one parser of these strings.
func ParseInvocation(s string) (Invocation, error) {
	p := strings.SplitN(s, ":", 5)
	if len(p) != 5 || p[0] != "arn" || p[2] != serviceAPIGateway {
		f, err := ParseFunction(s)
		return Invocation{Function: f}, err
	}
	for _, form := range []struct {
		path, suffix string
		streaming    bool
	}{{InvokePath, InvokeSuffix, false}, {streamPath, streamSuffix, true}} {
		inner, ok := strings.CutPrefix(p[4], form.path)
		inner, ok2 := strings.CutSuffix(inner, form.suffix)
		if ok && ok2 {
			f, err := ParseFunction(inner)
			return Invocation{Function: f, Streaming: form.streaming}, err
		}
	}
	return Invocation{}, fmt.Errorf("%w: %q: want arn:aws:apigateway:REGION:%sFUNCTION_ARN%s", ErrNotFunction, s, InvokePath, InvokeSuffix)
}
