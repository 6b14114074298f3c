package demo

import (
	"context"
	"encoding/json"

	"github.com/apigw/apigw/internal/event"
	"github.com/aws/aws-lambda-go/events"
)

// echoBody is what the echo backend answers: what it was called with.
type echoBody struct {
	Message        string            `json:"message"`
	Method         string            `json:"httpMethod"`
	Path           string            `json:"path"`
	Resource       string            `json:"resource"`
	PathParameters map[string]string `json:"pathParameters"`
	StageVariables map[string]string `json:"stageVariables"`
	Authorizer     map[string]any    `json:"authorizer"`
}

// echo is a Lambda-proxy backend that returns its event's essentials.
func echo(_ context.Context, payload []byte) ([]byte, error) {
	var in events.APIGatewayProxyRequest
	if err := json.Unmarshal(payload, &in); err != nil {
		return nil, &event.FunctionError{Type: "SyntaxError", Message: err.Error()}
	}
	body, err := json.Marshal(echoBody{
		Message: "hello from the echo backend", Method: in.HTTPMethod, Path: in.Path, Resource: in.Resource,
		PathParameters: in.PathParameters, StageVariables: in.StageVariables, Authorizer: in.RequestContext.Authorizer,
	})
	if err != nil {
		return nil, &event.FunctionError{Type: "Error", Message: err.Error()}
	}
	return json.Marshal(events.APIGatewayProxyResponse{
		StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: string(body),
	})
}
