package sam

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// Serverless::Api property names.
const (
	propStageName        = "StageName"
	propVariables        = "Variables"
	propAuth             = "Auth"
	propGatewayResponses = "GatewayResponses"
	propBinaryMediaTypes = "BinaryMediaTypes"
	propDefinitionBody   = "DefinitionBody"
	propDefinitionURI    = "DefinitionUri"
	propCors             = "Cors"
	propMergeDefinitions = "MergeDefinitions"
)

var readAPIProps = []string{propStageName, propVariables, propAuth, propGatewayResponses, propBinaryMediaTypes,
	propDefinitionBody, propDefinitionURI, propCors, propPolicy, propMergeDefinitions}

// safeAPIProps change nothing a local gateway does.
var safeAPIProps = []string{"Name", "Description", "Tags", "TracingEnabled", "MethodSettings", "AccessLogSetting",
	"CanarySetting", "CacheClusterEnabled", "CacheClusterSize", "EndpointConfiguration", "OpenApiVersion",
	"MinimumCompressionSize", "Mode", "AlwaysDeploy", "DisableExecuteApiEndpoint", "ApiKeySourceType",
	"FailOnWarnings", "PropagateTags", "Domain", "Models"}

// apiBuild is one API being assembled from its resource, its definition
// and the functions' events.
type apiBuild struct {
	a   *api.API
	loc api.Location // of its Properties
	// defaultAuth is Auth.DefaultAuthorizer ("" for none).
	defaultAuth string
	serverless  bool
	// http marks an HTTP or WebSocket API (loaded with a Gap).
	http bool
	// own: the API has its own definition (a body or a file), which SAM
	// leaves alone unless merge (MergeDefinitions: true); defined are the
	// routes it declares.
	own, merge bool
	defined    map[*api.Route]bool
	cors       *cors
	// corsAuth is AddDefaultAuthorizerToCorsPreflight (SAM's default: true).
	corsAuth bool
	// policyProp is the Policy property; apiPolicy the API's
	// Auth.ResourcePolicy (at most one), eventPolicies its events'.
	policyProp    *api.ResourcePolicy
	apiPolicy     []pathPolicy
	eventPolicies []pathPolicy
	// authScopes are the AuthorizationScopes of JWT and Cognito
	// authorizers, by name: the default of routes that name none.
	authScopes map[string][]string
}

func (l *loader) newAPI(id string, loc api.Location) *apiBuild {
	b := &apiBuild{loc: loc, defined: map[*api.Route]bool{}, a: &api.API{LogicalID: id, ID: api.IDFor(id),
		Authorizers: map[string]*api.Authorizer{}, GatewayResponses: map[api.ResponseType]*api.GatewayResponse{}}}
	l.apis[id] = b
	return b
}

// serverlessAPI loads an AWS::Serverless::Api (or the implicit one).
func (l *loader) serverlessAPI(id string, props *yaml.Node, loc api.Location, implicit bool) {
	f := l.fields(loc, props)
	b := l.newAPI(id, loc)
	b.serverless, b.corsAuth = true, true
	b.a.Stage = ImplicitStage
	if !implicit {
		b.a.Stage = f.str(propStageName, "")
		if b.a.Stage == "" {
			f.fail(propStageName, "an AWS::Serverless::Api needs a StageName")
		}
	}
	b.a.StageVariables = f.strMap(propVariables)
	b.a.AccessLog = l.accessLog(f, propAccessLogSetting)
	l.readPolicyProperty(f, b)
	l.auth(f.sub(propAuth), b)
	l.samGatewayResponses(f.sub(propGatewayResponses), b.a)
	b.a.BinaryMediaTypes = mediaTypes(f.strings(propBinaryMediaTypes))
	b.merge = f.boolean(propMergeDefinitions)
	l.definition(f, b, propDefinitionBody, propDefinitionURI)
	if f.has(propCors) {
		b.cors = l.readCors(f)
	}
	f.unused(readAPIProps, safeAPIProps)
}

// mediaTypes undoes SAM's ~1 escape of "/" in BinaryMediaTypes.
func mediaTypes(in []string) []string {
	for i, s := range in {
		in[i] = strings.ReplaceAll(s, "~1", "/")
	}
	return in
}
