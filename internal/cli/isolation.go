package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/apigw/apigw/internal/lambda"
)

// sandboxCommand is the hidden command apigw re-executes itself with as
// each function's sandbox init (lambda.SandboxInit); usage does not list
// it.
const sandboxCommand = "__sandbox-init"

func init() {
	register(sandboxCommand, func(args []string, _ Streams) int { return lambda.SandboxInit(args) })
}

// hidden reports whether a command is apigw's own business, not the user's.
func hidden(name string) bool { return strings.HasPrefix(name, "__") }

// sandbox is how this apigw starts functions (DESIGN section 1, "Function
// isolation"): through itself as their init, in their own namespaces when
// it can. When functions cannot be kept apart, it says so once on stderr.
func sandbox(stderr io.Writer) lambda.Sandbox {
	sb, note := lambda.DetectSandbox([]string{"/proc/self/exe", sandboxCommand})
	if note != "" {
		fmt.Fprintln(stderr, "apigw: warning:", note)
	}
	return sb
}
