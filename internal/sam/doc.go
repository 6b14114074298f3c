// Package sam loads a SAM or CloudFormation template into the api model:
// functions (AWS::Serverless::Function, AWS::Lambda::Function, with their
// layers: AWS::Serverless::LayerVersion and AWS::Lambda::LayerVersion of
// local content, read once however many functions list them), REST APIs
// (AWS::Serverless::Api, SAM's implicit ServerlessRestApi,
// AWS::ApiGateway::RestApi with a Body or assembled from Resource, Method
// and Authorizer resources), their authorizers, gateway responses and
// OpenAPI definitions (through internal/openapi), the routes of functions'
// Api events as SAM's transform adds them (an API with its own definition
// gets none unless MergeDefinitions), HTTP APIs (AWS::Serverless::HttpApi
// and SAM's implicit ServerlessHttpApi, AWS::ApiGatewayV2::Api, HttpApi
// events; api.KindHTTP, route keys, their Lambda authorizers from
// Auth.Authorizers, AWS::ApiGatewayV2::Authorizer and the definition's
// x-amazon-apigateway-authorizer; JWT authorizers from the same places,
// with route AuthorizationScopes; HTTP proxy integrations with their
// parameter mapping, checked by package mapping at load; CORS
// configurations; AWS service integrations and mappings from the body as
// Gaps), REST APIs' Cognito user pool authorizers (UserPoolArn, and
// through internal/openapi the others), and WebSocket APIs
// with a Gap. CDK's output loads as any CloudFormation template: a
// function's code is the local asset its aws:asset:path metadata names.
// Nested stacks (AWS::CloudFormation::Stack with a local TemplateURL,
// AWS::Serverless::Application with a local Location, or CDK's nested
// template asset) are loaded as templates of their own with the
// Parameters passed down; the parent reads their Outputs through
// Fn::GetAtt Stack.Outputs.Name, and their APIs and functions join the
// model after the parent's, renamed Stack/LogicalId (a nested function
// without a FunctionName is named Stack-LogicalId, so a parent API
// integrating the function a stack's output names reaches that one); a
// remote one is a finding.
//
// Invariants: a template CloudFormation would deploy loads. Only what
// CloudFormation or SAM would refuse too (KindInvalid) and a file that
// cannot be read (KindIO) are errors (*api.Error naming file, logical id
// and field). What would deploy and apigw cannot serve yet is a finding
// (KindUnsupported) in Template.Unsupported, listed once, and a Gap on the
// part that needs it (the API, an authorizer, a route's integration, a
// function), so its routes are routed and fail closed: never a route
// without the authorizer it names. Values only a deployment knows
// (parameters without a value, SSM parameters, Fn::ImportValue, deployed
// attributes) get placeholders and one warning naming them; where one
// decides routing or authorization (a path, a function, a backend URL, a
// compared resource policy value) that part gets a Gap instead. What is
// safe to serve without (tables, queues, roles, unused properties) becomes
// a warning in Template.Warnings, one line per kind; nothing is dropped
// silently. A model returned without error has passed
// api.Template.Validate. Relative paths (CodeUri, DefinitionUri,
// AWS::Include) are resolved against the template's folder.
package sam
