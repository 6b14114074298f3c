package integration

import (
	"strings"
	"unicode/utf8"

	"github.com/apigw/apigw/internal/request"
)

// Keys of the payload 2.0 event (DG-HTTP-LAMBDA) besides those 1.0 shares.
const (
	keyVersion        = "version"
	keyRouteKey       = "routeKey"
	keyRawPath        = "rawPath"
	keyRawQueryString = "rawQueryString"
	keyHTTP           = "http"
	keyMethod         = "method"
	keyTime           = "time"
	keyTimeEpoch      = "timeEpoch"
	keyLambda         = "lambda"
	payloadVersion2   = "2.0"
	headerCookie      = "cookie"
)

// The objects the 2.0 event builds from fields: header names lower-cased
// and repeats comma-joined, cookies moved to their own list; query repeats
// comma-joined.
var (
	headersV2 = fieldObject{mode: joinedValues, fold: true, skip: skippedV2}
	queryV2   = fieldObject{mode: joinedValues}
)

// appendEventV2 appends the payload 2.0 event for req; empty optional
// members are left out, as AWS does.
func (l *lambdaIntegration) appendEventV2(b []byte, req *request.Request, auth *Authorization) []byte {
	b = appendString(appendKey(append(b, '{'), keyVersion, true), payloadVersion2)
	b = appendString(appendKey(b, keyRouteKey, false), l.routeKey(req))
	b = appendString(appendKey(b, keyRawPath, false), rawPath(req))
	b = appendString(appendKey(b, keyRawQueryString, false), req.RawQuery)
	b = appendCookies(b, req.Headers)
	b = appendHeadersV2(appendKey(b, keyHeaders, false), req)
	if len(req.Query) > 0 {
		b = queryV2.appendFields(appendKey(b, keyQuery, false), req.Query)
	}
	if len(req.PathParams) > 0 {
		b = singleObject.appendFields(appendKey(b, keyPathParameters, false), req.PathParams)
	}
	b = l.appendContextV2(appendKey(b, keyRequestContext, false), req, auth)
	if len(req.StageVariables) > 0 {
		b = appendStringMap(appendKey(b, keyStageVariables, false), req.StageVariables)
	}
	binary := bodyIsBinaryV2(req)
	if len(req.Body) > 0 {
		b = appendBody(appendKey(b, keyBody, false), req.Body, binary)
	}
	b = appendBool(appendKey(b, keyIsBase64Encoded, false), binary)
	return append(b, '}')
}

func (l *lambdaIntegration) routeKey(req *request.Request) string {
	if l.opts.RouteKey != "" {
		return l.opts.RouteKey
	}
	return req.Method + " " + req.Resource
}

// rawPath is the request path as sent, stage prefix included.
func rawPath(req *request.Request) string { return stagePath(req) }

// bodyIsBinary2 decides isBase64Encoded for payload 2.0: a body that is
// not text by its Content-Type (or not UTF-8) is base64-encoded.
func bodyIsBinaryV2(req *request.Request) bool {
	if len(req.Body) == 0 {
		return false
	}
	if ct, ok := req.Header(headerContentType); ok && !isTextLike(ct) {
		return true
	}
	return !utf8.Valid(req.Body)
}

func isCookie(name string) bool { return strings.EqualFold(name, headerCookie) }

// addedV2 are the headers API Gateway sets itself in a 2.0 event (V-2:
// x-amzn-trace-id, x-forwarded-for/-port/-proto); the client's are
// replaced.
var addedV2 = newFoldSet(addedHeaders[:]...)

// skippedV2: cookies go to their own list, added headers are API
// Gateway's.
func skippedV2(name string) bool { return isCookie(name) || addedV2.has(name) }

// appendHeadersV2 appends the client's headers, then those API Gateway
// adds, every name lower-case (V-2, V-10).
func appendHeadersV2(b []byte, req *request.Request) []byte {
	b, first := headersV2.appendMembers(append(b, '{'), req.Headers, true)
	var scratch [addedValueScratch]byte
	for _, name := range addedHeaders {
		b = appendKey(b, strings.ToLower(name), first)
		b = appendString(b, bytesString(req.AppendAddedValue(scratch[:0], name)))
		first = false
	}
	return append(b, '}')
}

// appendCookies appends "cookies": each cookie of every Cookie header,
// when there are any.
func appendCookies(b []byte, headers []request.Field) []byte {
	first := true
	for _, h := range headers {
		if !strings.EqualFold(h.Name, headerCookie) {
			continue
		}
		for c := range strings.SplitSeq(h.Value, ";") {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			if first {
				b = append(appendKey(b, keyCookies, false), '[')
			} else {
				b = append(b, ',')
			}
			b = appendString(b, c)
			first = false
		}
	}
	if !first {
		b = append(b, ']')
	}
	return b
}

func (l *lambdaIntegration) appendContextV2(b []byte, req *request.Request, auth *Authorization) []byte {
	b = appendString(appendKey(append(b, '{'), keyAccountID, true), l.accountID(req))
	b = appendString(appendKey(b, keyAPIID, false), req.APIID)
	switch {
	case auth != nil && auth.JWT != nil:
		b = appendJWTAuthorizer(appendKey(b, keyAuthorizer, false), auth.JWT)
	case auth != nil:
		b = appendLambdaAuthorizer(appendKey(b, keyAuthorizer, false), auth)
	}
	b = appendString(appendKey(b, keyDomainName, false), req.Host)
	b = appendString(appendKey(b, keyDomainPrefix, false), domainPrefix(req.Host))
	b = appendHTTPV2(appendKey(b, keyHTTP, false), req)
	b = appendString(appendKey(b, keyRequestID, false), req.RequestID)
	b = appendString(appendKey(b, keyRouteKey, false), l.routeKey(req))
	b = appendString(appendKey(b, keyStage, false), req.Stage)
	b = appendKey(b, keyTime, false)
	b = append(req.ReceivedAt.UTC().AppendFormat(append(b, '"'), requestTimeLayout), '"')
	b = appendInt(appendKey(b, keyTimeEpoch, false), req.ReceivedAt.UnixMilli())
	return append(b, '}')
}

// appendLambdaAuthorizer appends {"lambda":{context}} (V-8).
func appendLambdaAuthorizer(b []byte, auth *Authorization) []byte {
	b = append(appendKey(append(b, '{'), keyLambda, true), '{')
	var buf [smallMap]string
	for n, k := range sortedKeys(buf[:0], auth.Context) {
		if n > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = appendString(append(b, ':'), auth.Context[k])
	}
	return append(b, '}', '}')
}

// appendHTTPV2 appends requestContext.http.
func appendHTTPV2(b []byte, req *request.Request) []byte {
	b = appendString(appendKey(append(b, '{'), keyMethod, true), req.Method)
	b = appendStagePath(appendKey(b, keyPath, false), req)
	b = appendString(appendKey(b, keyProtocol, false), req.Protocol)
	b = appendString(appendKey(b, keySourceIP, false), req.SourceIP)
	ua, _ := req.Header("User-Agent")
	b = appendString(appendKey(b, keyUserAgent, false), ua)
	return append(b, '}')
}
