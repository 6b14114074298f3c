package integration

import (
	"github.com/apigw/apigw/internal/request"
)

// Top-level keys of the payload 1.0 event (L-1), in AWS's order.
const (
	keyResource          = "resource"
	keyPath              = "path"
	keyHTTPMethod        = "httpMethod"
	keyHeaders           = "headers"
	keyMultiValueHeaders = "multiValueHeaders"
	keyQuery             = "queryStringParameters"
	keyMultiValueQuery   = "multiValueQueryStringParameters"
	keyPathParameters    = "pathParameters"
	keyStageVariables    = "stageVariables"
	keyRequestContext    = "requestContext"
	keyBody              = "body"
	keyIsBase64Encoded   = "isBase64Encoded"
)

// The objects the 1.0 event builds from fields (L-1: raw names, empty is
// null). Headers keep their names but Authorization's (L-1) and leave out
// the dropped ones (L-6, L-7) and those API Gateway sets itself (L-5).
var (
	singleObject    = fieldObject{mode: lastValue}
	multiObject     = fieldObject{mode: allValues}
	singleHeadersV1 = fieldObject{mode: lastValue, skip: isDropped, rename: eventHeaderName}
	multiHeadersV1  = fieldObject{mode: allValues, skip: isDropped, rename: eventHeaderName}
)

// addedValueScratch is the stack space for one added header's value.
const addedValueScratch = 128

// appendEventV1 appends the payload 1.0 event for req (L-1).
func (l *lambdaIntegration) appendEventV1(b []byte, req *request.Request, auth *Authorization) []byte {
	parts := l.partsV1(req)
	b = parts.appendTop(b, l, req)
	b = appendString(b, req.Path)
	b = appendString(appendKey(b, keyHTTPMethod, false), req.Method)
	b = appendHeadersV1(appendKey(b, keyHeaders, false), req, singleHeadersV1)
	b = appendHeadersV1(appendKey(b, keyMultiValueHeaders, false), req, multiHeadersV1)
	b = singleObject.appendFields(appendKey(b, keyQuery, false), req.Query)
	b = multiObject.appendFields(appendKey(b, keyMultiValueQuery, false), req.Query)
	b = singleObject.appendFields(appendKey(b, keyPathParameters, false), req.PathParams)
	b = appendStringMap(appendKey(b, keyStageVariables, false), req.StageVariables)
	b = l.appendContextV1(appendKey(b, keyRequestContext, false), req, auth, parts)
	binary := l.binary.requestIsBinary(req)
	b = appendBody(appendKey(b, keyBody, false), req.Body, binary)
	b = appendBool(appendKey(b, keyIsBase64Encoded, false), binary)
	return append(b, '}')
}

// appendHeadersV1 appends the client's headers as o writes them, then
// those API Gateway adds (L-5): one value each, or a one-element list when
// o lists every value.
func appendHeadersV1(b []byte, req *request.Request, o fieldObject) []byte {
	b, first := o.appendMembers(append(b, '{'), req.Headers, true)
	var scratch [addedValueScratch]byte
	for _, name := range addedHeaders {
		b = appendKey(b, name, first)
		first = false
		v := bytesString(req.AppendAddedValue(scratch[:0], name))
		if o.mode == allValues {
			b = append(appendString(append(b, '['), v), ']')
		} else {
			b = appendString(b, v)
		}
	}
	return append(b, '}')
}

// Keys of requestContext in the 1.0 event (L-1, DG-CTX).
const (
	keyAccountID         = "accountId"
	keyAPIID             = "apiId"
	keyDeploymentID      = "deploymentId"
	keyOperationName     = "operationName"
	keyResourceID        = "resourceId"
	keyResourcePath      = "resourcePath"
	keyStage             = "stage"
	keyRequestID         = "requestId"
	keyExtendedRequestID = "extendedRequestId"
	keyRequestTime       = "requestTime"
	keyRequestTimeEpoch  = "requestTimeEpoch"
	keyProtocol          = "protocol"
	keyDomainName        = "domainName"
	keyDomainPrefix      = "domainPrefix"
	keyIdentity          = "identity"
	keyAuthorizer        = "authorizer"
)

// requestTimeLayout is $context.requestTime's format (CLF).
const requestTimeLayout = "02/Jan/2006:15:04:05 -0700"

func (l *lambdaIntegration) appendContextV1(b []byte, req *request.Request, auth *Authorization, parts *routeParts) []byte {
	b = parts.appendContextHead(b, l, req)
	b = appendStagePath(b, req)
	b = appendString(appendKey(b, keyHTTPMethod, false), req.Method)
	b = parts.appendStage(b, l, req)
	b = appendString(b, req.RequestID)
	b = l.appendExtendedOrSame(appendKey(b, keyExtendedRequestID, false), req)
	b = appendKey(b, keyRequestTime, false)
	b = append(req.ReceivedAt.UTC().AppendFormat(append(b, '"'), requestTimeLayout), '"')
	b = appendInt(appendKey(b, keyRequestTimeEpoch, false), req.ReceivedAt.UnixMilli())
	b = appendString(appendKey(b, keyProtocol, false), req.Protocol)
	b = appendString(appendKey(b, keyDomainName, false), req.Host)
	b = appendString(appendKey(b, keyDomainPrefix, false), domainPrefix(req.Host))
	b = appendIdentity(appendKey(b, keyIdentity, false), req)
	switch {
	case auth != nil && auth.JWT != nil:
		b = appendClaimsV1(appendKey(b, keyAuthorizer, false), auth.JWT, l.opts.HTTPAPI)
	case auth != nil && l.opts.HTTPAPI:
		b = appendHTTPAuthorizerV1(appendKey(b, keyAuthorizer, false), auth)
	case auth != nil:
		b = appendAuthorizerV1(appendKey(b, keyAuthorizer, false), auth)
	}
	return append(b, '}')
}

// Keys of requestContext.identity; AWS sends those it cannot fill as null.
const (
	keySourceIP  = "sourceIp"
	keyUserAgent = "userAgent"
)

// identityNulls are the identity keys that are null without IAM or Cognito
// authorization, in AWS's order (DG-LPI sample). There is no apiKey or
// apiKeyId: apigw never matches a request to an API key (L-10).
var identityNulls = []string{
	"cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "accessKey",
}

// identityNullsAfter follow sourceIp in AWS's order.
var identityNullsAfter = []string{
	"principalOrgId", "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn",
}

func appendIdentity(b []byte, req *request.Request) []byte {
	b = append(b, identityHead...)
	b = appendStringOrNull(b, req.SourceIP)
	b = append(b, identityMiddle...)
	ua, _ := req.Header("User-Agent")
	b = appendStringOrNull(b, ua)
	return append(b, identityTail...)
}

// The identity object around its two values, written once: up to the
// sourceIp key, from there to the userAgent key, and after it.
var (
	identityHead   = appendNulls([]byte{'{'}, identityNulls, true, keySourceIP)
	identityMiddle = appendNulls(nil, identityNullsAfter, false, keyUserAgent)
	identityTail   = append(append(appendKey(nil, "user", false), "null"...), '}')
)

// appendNulls appends each of keys as a null member (the first without a
// comma when first), then the key next.
func appendNulls(b []byte, keys []string, first bool, next string) []byte {
	for n, k := range keys {
		b = append(appendKey(b, k, first && n == 0), "null"...)
	}
	return appendKey(b, next, false)
}

// appendHTTPAuthorizerV1 appends an HTTP API Lambda authorizer's context
// as a 1.0 event carries it: "claims" and "scopes" null, then the context
// keys, and no principalId or integrationLatency (V-8). claims and scopes
// are reserved: a context key of either name is left out (V-4).
func appendHTTPAuthorizerV1(b []byte, auth *Authorization) []byte {
	b = append(appendKey(append(b, '{'), keyClaims, true), "null"...)
	b = append(appendKey(b, keyScopes, false), "null"...)
	var buf [smallMap]string
	for _, k := range sortedKeys(buf[:0], auth.Context) {
		if k != keyClaims && k != keyScopes {
			b = appendString(append(appendString(append(b, ','), k), ':'), auth.Context[k])
		}
	}
	return append(b, '}')
}

// Reserved keys of an HTTP API 1.0 event's requestContext.authorizer (V-8).
const (
	keyClaims = "claims"
	keyScopes = "scopes"
)

// Keys of requestContext.authorizer for a Lambda authorizer (L-1).
const (
	keyPrincipalID        = "principalId"
	keyIntegrationLatency = "integrationLatency"
)

// appendAuthorizerV1 appends principalId, the context values as strings
// (O-5) and integrationLatency. A context key that collides with either
// fixed key is left out: the authorizer cannot overwrite them.
func appendAuthorizerV1(b []byte, auth *Authorization) []byte {
	b = appendString(appendKey(append(b, '{'), keyPrincipalID, true), auth.PrincipalID)
	var buf [smallMap]string
	for _, k := range sortedKeys(buf[:0], auth.Context) {
		if k == keyPrincipalID || k == keyIntegrationLatency {
			continue
		}
		b = appendString(append(b, ','), k)
		b = appendString(append(b, ':'), auth.Context[k])
	}
	b = appendInt(appendKey(b, keyIntegrationLatency, false), auth.IntegrationLatencyMs)
	return append(b, '}')
}
