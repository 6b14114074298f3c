package demo

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/apigw/apigw/internal/event"
	"github.com/aws/aws-lambda-go/events"
)

// Tokens the demo authorizers understand, as in the seed article.
const (
	TokenAllow        = "allow"
	TokenDeny         = "deny"
	TokenUnauthorized = "unauthorized"
)

const invokeAction = "execute-api:Invoke"

// tokenAuthorizerFunc behaves like the seed's TOKEN authorizer, returning
// the policy resource that resource derives from the method ARN.
func tokenAuthorizerFunc(resource func(methodARN string) string) Func {
	return func(_ context.Context, payload []byte) ([]byte, error) {
		var in events.APIGatewayCustomAuthorizerRequest
		if err := json.Unmarshal(payload, &in); err != nil {
			return nil, &event.FunctionError{Type: "SyntaxError", Message: err.Error()}
		}
		switch in.AuthorizationToken {
		case TokenAllow:
			return policy("Allow", resource(in.MethodArn))
		case TokenDeny:
			return policy("Deny", resource(in.MethodArn))
		case TokenUnauthorized:
			return nil, &event.FunctionError{Type: "string", Message: "Unauthorized"}
		default:
			return nil, &event.FunctionError{Type: "string", Message: "Error: Invalid token"}
		}
	}
}

// exactResource is the pitfall: the policy names only this request's ARN.
func exactResource(methodARN string) string { return methodARN }

// wildcardResource is the fix: every stage, verb and path of this API.
func wildcardResource(methodARN string) string {
	apiPart, _, _ := strings.Cut(methodARN, "/")
	return apiPart + "/*/*"
}

func policy(effect, resource string) ([]byte, error) {
	return json.Marshal(events.APIGatewayCustomAuthorizerResponse{
		PrincipalID: "user",
		PolicyDocument: events.APIGatewayCustomAuthorizerPolicy{
			Version:   "2012-10-17",
			Statement: []events.IAMPolicyStatement{{Action: []string{invokeAction}, Effect: effect, Resource: []string{resource}}},
		},
		Context: map[string]any{"stringKey": "stringval", "numberKey": 123, "booleanKey": true},
	})
}
