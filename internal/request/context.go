package request

import "strconv"

// Names of $context variables a request can answer (DG-CTX), as used by
// identity sources ("context.httpMethod") and gateway-response templates.
const (
	CtxAccountID      = "accountId"
	CtxAPIID          = "apiId"
	CtxDeploymentID   = "deploymentId"
	CtxHTTPMethod     = "httpMethod"
	CtxPath           = "path"
	CtxProtocol       = "protocol"
	CtxRequestID      = "requestId"
	CtxResourceID     = "resourceId"
	CtxResourcePath   = "resourcePath"
	CtxStage          = "stage"
	CtxDomainName     = "domainName"
	CtxSourceIP       = "identity.sourceIp"
	CtxUserAgent      = "identity.userAgent"
	CtxRequestTimeEpo = "requestTimeEpoch"
)

// ContextValue returns the value of the $context variable name (without the
// "context." prefix) for this request, and whether apigw knows it.
func (r *Request) ContextValue(name string) (string, bool) {
	switch name {
	case CtxAccountID:
		return r.AccountID, true
	case CtxAPIID:
		return r.APIID, true
	case CtxDeploymentID:
		return r.DeploymentID, true
	case CtxHTTPMethod:
		return r.Method, true
	case CtxPath:
		return "/" + r.Stage + r.Path, true
	case CtxProtocol:
		return r.Protocol, true
	case CtxRequestID:
		return r.RequestID, true
	case CtxResourceID:
		return r.ResourceID, true
	case CtxResourcePath:
		return r.Resource, true
	case CtxStage:
		return r.Stage, true
	case CtxDomainName:
		return r.Host, true
	case CtxSourceIP:
		return r.SourceIP, true
	case CtxUserAgent:
		return r.Header("User-Agent")
	case CtxRequestTimeEpo:
		return strconv.FormatInt(r.ReceivedAt.UnixMilli(), 10), true
	}
	return "", false
}
