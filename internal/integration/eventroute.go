package integration

import (
	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// routeParts are the bytes of a 1.0 event (L-1) that depend only on what
// the gateway fills in once the route is known (account, API, deployment,
// resource, stage) and on the integration's options. They are written by
// the same functions a request without them uses, for the route's first
// request, and kept by the integration, which owns them; immutable once
// stored. A request with other values (none, in practice: a route serves
// one API, stage and resource) has its event written in full.
type routeParts struct {
	key      partsKey
	top      []byte // from the event's '{' to its path's key
	ctxHead  []byte // requestContext from its '{' to its path's key
	ctxStage []byte // from the operationName (if any) to the requestId key
}

// partsKey is the request's values routeParts were written from.
type partsKey struct {
	accountID, apiID, deploymentID, resourceID, resource, stage string
}

// partsV1 returns the integration's parts when req carries the values they
// were written from (writing and storing them for the first request), or
// nil.
func (l *lambdaIntegration) partsV1(req *request.Request) *routeParts {
	k := partsKey{l.accountID(req), req.APIID, req.DeploymentID, req.ResourceID, req.Resource, req.Stage}
	p := l.parts.Load()
	if p == nil {
		l.parts.CompareAndSwap(nil, l.newPartsV1(k, req))
		p = l.parts.Load()
	}
	if p.key != k {
		return nil
	}
	return p
}

func (l *lambdaIntegration) newPartsV1(k partsKey, req *request.Request) *routeParts {
	return &routeParts{
		key:      k,
		top:      l.writeTopV1(nil, req),
		ctxHead:  l.writeContextHeadV1(nil, req),
		ctxStage: l.writeStageV1(nil, req),
	}
}

// appendTop appends the event's start, up to the path's value.
func (p *routeParts) appendTop(b []byte, l *lambdaIntegration, req *request.Request) []byte {
	if p == nil {
		return l.writeTopV1(b, req)
	}
	return append(b, p.top...)
}

// appendContextHead appends requestContext's start, up to its path's value.
func (p *routeParts) appendContextHead(b []byte, l *lambdaIntegration, req *request.Request) []byte {
	if p == nil {
		return l.writeContextHeadV1(b, req)
	}
	return append(b, p.ctxHead...)
}

// appendStage appends requestContext from after httpMethod's value up to
// requestId's.
func (p *routeParts) appendStage(b []byte, l *lambdaIntegration, req *request.Request) []byte {
	if p == nil {
		return l.writeStageV1(b, req)
	}
	return append(b, p.ctxStage...)
}

func (l *lambdaIntegration) writeTopV1(b []byte, req *request.Request) []byte {
	b = append(b, '{')
	if l.opts.HTTPAPI { // an HTTP API's 1.0 event names its version (V-3, DG-HTTP-LAMBDA)
		b = append(appendString(appendKey(b, keyVersion, true), api.PayloadV1), ',')
	}
	b = appendString(appendKey(b, keyResource, true), req.Resource)
	return appendKey(b, keyPath, false)
}

func (l *lambdaIntegration) writeContextHeadV1(b []byte, req *request.Request) []byte {
	b = appendString(appendKey(append(b, '{'), keyAccountID, true), l.accountID(req))
	b = appendString(appendKey(b, keyAPIID, false), req.APIID)
	b = appendString(appendKey(b, keyDeploymentID, false), req.DeploymentID)
	b = appendString(appendKey(b, keyResourceID, false), req.ResourceID)
	b = appendString(appendKey(b, keyResourcePath, false), req.Resource)
	return appendKey(b, keyPath, false)
}

func (l *lambdaIntegration) writeStageV1(b []byte, req *request.Request) []byte {
	if l.opts.OperationName != "" {
		b = appendString(appendKey(b, keyOperationName, false), l.opts.OperationName)
	}
	b = appendString(appendKey(b, keyStage, false), req.Stage)
	return appendKey(b, keyRequestID, false)
}
