package cli

import (
	"bytes"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestPrintCors: the route table names an HTTP API's CORS origins, and
// says nothing for an API without CORS.
func TestPrintCors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cors *api.Cors
		want string
	}{
		{"none", nil, ""},
		{"origins", &api.Cors{AllowOrigins: []string{"https://a.example", "http://*"}}, "CORS: origins https://a.example, http://*; preflights no route takes are answered by the gateway\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			printCors(&b, &api.API{Cors: tt.cors})
			if b.String() != tt.want {
				t.Fatalf("got %q; want %q", b.String(), tt.want)
			}
		})
	}
}
