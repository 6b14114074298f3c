// Command apigw serves an API defined in a SAM template or an OpenAPI
// document as Amazon API Gateway would. See internal/cli for the commands.
package main

import (
	"os"

	"github.com/apigw/apigw/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
