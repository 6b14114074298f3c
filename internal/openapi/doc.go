// Package openapi reads an OpenAPI 3.x or Swagger 2.0 document carrying
// API Gateway's x-amazon-apigateway-* extensions into the api model: routes
// with their integrations, Lambda authorizers, gateway responses and binary
// media types.
//
// It owns the meaning of the extensions, not of CloudFormation: a caller
// (internal/sam) resolves intrinsics first, so every value it sees is plain
// data, and resolves Lambda ARNs to function logical ids through
// Options.FunctionByARN. A bare document served on its own (LoadFile) has no
// functions, so Lambda integrations and authorizers in it are errors.
//
// Invariants:
//   - Load never panics on any input: it returns a Definition or an error.
//   - The x-amazon-apigateway-* parts are read strictly: an unknown field
//     inside a known extension, a value of the wrong type or out of AWS's
//     range is an error. A feature API Gateway serves and apigw cannot yet
//     (IAM authorization, non-proxy integrations needing VTL,
//     response streaming, VPC links, a Lambda integration called with GET)
//     is a finding in Definition.Unsupported and a Gap on the route's
//     integration or on the authorizer, which the route still names. What is safe to serve without (request
//     validators, documentation, CORS, compression, ...) and unknown
//     x-amazon-apigateway-* extensions become one warning line each.
//     Nothing is dropped silently.
//   - API keys: a security scheme of type apiKey without API Gateway's
//     authorizer extensions is an API key requirement for usage plans.
//     API Gateway says not to use API keys for authorization, and apigw
//     has no usage plans, so it serves such routes without checking
//     x-api-key and says so in one warning per scheme. A cognito_user_pools
//     authorizer is read into an api.Authorizer of type COGNITO_USER_POOLS
//     (its providerARNs' issuers) and the scopes of the routes using it.
//     Every other scheme that is not a Lambda authorizer (a Cognito
//     authtype without the authorizer extension, IAM, OAuth2, HTTP bearer)
//     becomes, where a route uses it, an authorizer with a Gap: the route
//     fails closed, never served without it.
//   - Documents API Gateway imports and the OpenAPI libraries refuse are
//     read as API Gateway reads them: unquoted versions, servers written as
//     a mapping (ignored), references to the predefined Empty and Error
//     models, a trailing "/" in a path.
//   - A route whose operation has no x-amazon-apigateway-integration has a
//     zero Integration, for internal/sam to fill from a function's Api
//     event; Definition.CheckIntegrations reports the ones left.
//   - The rest of the document is not validated against the OpenAPI schema:
//     API Gateway exports that are not schema-perfect still load.
//   - Every error is an *api.Error naming file, location and field (a
//     dotted path such as paths./pets.get.x-amazon-apigateway-integration.uri)
//     with its api.Kind: KindInvalid for what API Gateway would refuse,
//     KindIO for a file LoadFile cannot read; findings are KindUnsupported;
//     some carry one of this package's Err* causes too. Load reports every
//     error it finds, joined.
//   - Routes are sorted by path, then method, so output is deterministic.
package openapi
