package gateway

import (
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

func testRequest() *request.Request {
	return &request.Request{
		Method: "GET", Path: "/pets/7", Stage: "prod", Resource: "/pets/{id}", RequestID: "req-1",
		Headers:        []request.Field{{Name: "Origin", Value: "https://a.example"}},
		PathParams:     []request.Field{{Name: "id", Value: "7"}},
		StageVariables: map[string]string{"env": "test"},
	}
}

func BenchmarkRender(b *testing.B) {
	plain, err := newResponses(nil)
	if err != nil {
		b.Fatal(err)
	}
	cors, err := newResponses(map[api.ResponseType]*api.GatewayResponse{api.ResponseDefault4XX: {
		Headers: map[string]string{"Access-Control-Allow-Origin": "method.request.header.Origin"},
	}})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		rs   *responses
		typ  api.ResponseType
		v    *renderVars
	}{
		{"missing-token-default", plain, api.ResponseMissingAuthenticationToken, &renderVars{Req: testRequest()}},
		{"access-denied-explicit", plain, api.ResponseAccessDenied, &renderVars{Req: testRequest(), Message: text(api.MessageExplicitDeny)}},
		{"missing-token-cors-from-origin", cors, api.ResponseMissingAuthenticationToken, &renderVars{Req: testRequest()}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.rs.render(c.typ, c.v)
			}
		})
	}
}
