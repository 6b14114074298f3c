package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// printCors ends an HTTP API's routes in the route table with its CORS
// configuration, when it has one.
func printCors(w io.Writer, a *api.API) {
	if a.Cors == nil {
		return
	}
	origins := strings.Join(a.Cors.AllowOrigins, ", ")
	if origins == "" {
		origins = "none"
	}
	fmt.Fprintf(w, "CORS: origins %s; preflights no route takes are answered by the gateway\n", origins)
}
