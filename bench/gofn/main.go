// Command gofn is the Go Lambda-proxy backend the load harness measures:
// it answers every request with a small JSON body.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(_ context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return events.APIGatewayProxyResponse{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       `{"path":"` + req.Path + `"}`,
	}, nil
}

func main() { lambda.Start(handle) }
