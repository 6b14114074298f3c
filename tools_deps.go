//go:build tools

package tools

import (
	_ "github.com/aws/aws-lambda-go/events"
	_ "github.com/aws/aws-lambda-go/lambda"
	_ "github.com/getkin/kin-openapi/openapi3"
	_ "github.com/getkin/kin-openapi/openapi2conv"
	_ "github.com/google/uuid"
	_ "github.com/maypok86/otter/v2"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/sync/singleflight"
)
