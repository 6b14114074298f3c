// Package sam loads a SAM or CloudFormation template into the api model:
// functions (AWS::Serverless::Function, AWS::Lambda::Function), REST APIs
// (AWS::Serverless::Api, SAM's implicit ServerlessRestApi,
// AWS::ApiGateway::RestApi with a Body), their authorizers, gateway
// responses and OpenAPI definitions (through internal/openapi), and the
// routes of functions' Api events.
//
// Invariants: loading is strict. What apigw would serve differently from
// API Gateway is an error (*api.Error) naming the file, logical id and
// field, of KindInvalid when CloudFormation or SAM would refuse it too,
// KindUnsupported when it would deploy and apigw cannot serve it yet,
// KindIO when a file cannot be read; an authorizer apigw cannot run stays
// in the model, marked Unsupported, so routes never lose it; what is
// safe to serve without (tables, queues, roles, unused properties) becomes a
// warning in Template.Warnings, one line per kind; nothing is dropped
// silently. A model returned without error has passed api.Template.Validate.
// Relative paths (CodeUri, DefinitionUri, AWS::Include) are resolved
// against the template's folder.
package sam
