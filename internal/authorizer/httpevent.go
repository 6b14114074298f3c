package authorizer

import (
	"net/http"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// Event shapes of HTTP API Lambda authorizers (V-2, V-3). The request's
// ResourceID is its route key and Resource its route path (the gateway
// sets them so for HTTP APIs, V-11); ids are the identity values in
// configured order (AWS's order is not stable, V-2).

const (
	eventVersion1 = "1.0"
	eventVersion2 = "2.0"
	// timeLayout is $context.requestTime's format (CLF).
	timeLayout = "02/Jan/2006:15:04:05 -0700"
)

// httpEventV2 is the 2.0 event (V-2; aws-lambda-go's
// APIGatewayV2CustomAuthorizerV2Request decodes it). Empty optional
// members are absent, never null or {}.
type httpEventV2 struct {
	Version               string            `json:"version"`
	Type                  string            `json:"type"`
	RouteArn              string            `json:"routeArn"`
	IdentitySource        []string          `json:"identitySource,omitempty"`
	RouteKey              string            `json:"routeKey"`
	RawPath               string            `json:"rawPath"`
	RawQueryString        string            `json:"rawQueryString"`
	Cookies               []string          `json:"cookies,omitempty"`
	Headers               map[string]string `json:"headers"`
	QueryStringParameters map[string]string `json:"queryStringParameters,omitempty"`
	RequestContext        httpContextV2     `json:"requestContext"`
	PathParameters        map[string]string `json:"pathParameters,omitempty"`
	StageVariables        map[string]string `json:"stageVariables,omitempty"`
}

type httpContextV2 struct {
	AccountID    string         `json:"accountId"`
	APIID        string         `json:"apiId"`
	DomainName   string         `json:"domainName"`
	DomainPrefix string         `json:"domainPrefix"`
	HTTP         httpDescriptor `json:"http"`
	RequestID    string         `json:"requestId"`
	RouteKey     string         `json:"routeKey"`
	Stage        string         `json:"stage"`
	Time         string         `json:"time"`
	TimeEpoch    int64          `json:"timeEpoch"`
}

type httpDescriptor struct {
	Method    string `json:"method"`
	Path      string `json:"path"`
	Protocol  string `json:"protocol"`
	SourceIP  string `json:"sourceIp"`
	UserAgent string `json:"userAgent"`
}

// HTTPEventV2 returns the 2.0 authorizer event for req (V-2).
func HTTPEventV2(req *request.Request, routeARN string, ids []string) ([]byte, error) {
	ua, _ := req.Header("User-Agent")
	return marshal(httpEventV2{
		Version: eventVersion2, Type: eventTypeRequest, RouteArn: routeARN, IdentitySource: ids,
		RouteKey: req.ResourceID, RawPath: rawPath(req), RawQueryString: req.RawQuery,
		Cookies: cookies(req.Headers), Headers: headersV2(req), QueryStringParameters: joined(req.Query, false),
		RequestContext: httpContextV2{
			AccountID: req.AccountID, APIID: req.APIID, DomainName: req.Host, DomainPrefix: domainPrefix(req.Host),
			HTTP:      httpDescriptor{Method: req.Method, Path: rawPath(req), Protocol: req.Protocol, SourceIP: req.SourceIP, UserAgent: ua},
			RequestID: req.RequestID, RouteKey: req.ResourceID, Stage: req.Stage,
			Time: req.ReceivedAt.UTC().Format(timeLayout), TimeEpoch: req.ReceivedAt.UnixMilli(),
		},
		PathParameters: request.SingleMap(req.PathParams), StageVariables: req.StageVariables,
	})
}

// httpEventV1 is the 1.0 event of an HTTP API authorizer (V-3): not
// REST's REQUEST event. No multi-value maps; empty maps are {}.
type httpEventV1 struct {
	Version               string            `json:"version"`
	Type                  string            `json:"type"`
	MethodArn             string            `json:"methodArn"`
	IdentitySource        string            `json:"identitySource"`
	AuthorizationToken    string            `json:"authorizationToken"`
	Resource              string            `json:"resource"`
	Path                  string            `json:"path"`
	HTTPMethod            string            `json:"httpMethod"`
	Headers               map[string]string `json:"headers"`
	QueryStringParameters map[string]string `json:"queryStringParameters"`
	PathParameters        map[string]string `json:"pathParameters"`
	StageVariables        map[string]string `json:"stageVariables"`
	RequestContext        httpContextV1     `json:"requestContext"`
}

type httpContextV1 struct {
	AccountID         string         `json:"accountId"`
	APIID             string         `json:"apiId"`
	DomainName        string         `json:"domainName"`
	DomainPrefix      string         `json:"domainPrefix"`
	ExtendedRequestID string         `json:"extendedRequestId"`
	HTTPMethod        string         `json:"httpMethod"`
	Identity          httpIdentityV1 `json:"identity"`
	Path              string         `json:"path"`
	Protocol          string         `json:"protocol"`
	RequestID         string         `json:"requestId"`
	RequestTime       string         `json:"requestTime"`
	RequestTimeEpoch  int64          `json:"requestTimeEpoch"`
	ResourceID        string         `json:"resourceId"`
	ResourcePath      string         `json:"resourcePath"`
	Stage             string         `json:"stage"`
}

// httpIdentityV1 is requestContext.identity: every member null but the
// source IP and user agent (V-3).
type httpIdentityV1 struct {
	AccessKey                     *string `json:"accessKey"`
	AccountID                     *string `json:"accountId"`
	Caller                        *string `json:"caller"`
	CognitoAmr                    *string `json:"cognitoAmr"`
	CognitoAuthenticationProvider *string `json:"cognitoAuthenticationProvider"`
	CognitoAuthenticationType     *string `json:"cognitoAuthenticationType"`
	CognitoIdentityID             *string `json:"cognitoIdentityId"`
	CognitoIdentityPoolID         *string `json:"cognitoIdentityPoolId"`
	PrincipalOrgID                *string `json:"principalOrgId"`
	SourceIP                      string  `json:"sourceIp"`
	User                          *string `json:"user"`
	UserAgent                     string  `json:"userAgent"`
	UserArn                       *string `json:"userArn"`
}

// HTTPEventV1 returns the 1.0 authorizer event for req (V-3).
func HTTPEventV1(req *request.Request, routeARN string, ids []string) ([]byte, error) {
	ua, _ := req.Header("User-Agent")
	token := strings.Join(ids, ",")
	return marshal(httpEventV1{
		Version: eventVersion1, Type: eventTypeRequest, MethodArn: routeARN, IdentitySource: token, AuthorizationToken: token,
		Resource: req.Resource, Path: rawPath(req), HTTPMethod: req.Method, Headers: headersV1(req),
		QueryStringParameters: nonNil(joined(req.Query, false)), PathParameters: nonNil(request.SingleMap(req.PathParams)),
		StageVariables: nonNil(req.StageVariables),
		RequestContext: httpContextV1{
			AccountID: req.AccountID, APIID: req.APIID, DomainName: req.Host, DomainPrefix: domainPrefix(req.Host),
			ExtendedRequestID: req.RequestID, HTTPMethod: req.Method, Path: rawPath(req), Protocol: req.Protocol,
			Identity:  httpIdentityV1{SourceIP: req.SourceIP, UserAgent: ua},
			RequestID: req.RequestID, RequestTime: req.ReceivedAt.UTC().Format(timeLayout), RequestTimeEpoch: req.ReceivedAt.UnixMilli(),
			ResourceID: req.ResourceID, ResourcePath: req.Resource, Stage: req.Stage,
		},
	})
}

// rawPath is the path as the route saw it, with the stage segment of a
// named stage (V-2: none on $default; with a named stage UNCONFIRMED,
// recommended).
func rawPath(req *request.Request) string {
	if req.Stage == "" || req.Stage == api.DefaultStage {
		return req.Path
	}
	return "/" + req.Stage + req.Path
}

// domainPrefix is the first label of the host name.
func domainPrefix(host string) string {
	if i := strings.IndexAny(host, ".:"); i >= 0 {
		return host[:i]
	}
	return host
}

const headerCookie = "cookie"

// cookies are the cookies of every Cookie header, in order (V-2).
func cookies(headers []request.Field) []string {
	var out []string
	for _, h := range headers {
		if !strings.EqualFold(h.Name, headerCookie) {
			continue
		}
		for c := range strings.SplitSeq(h.Value, ";") {
			if c = strings.TrimSpace(c); c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// joined maps each name to its values comma-joined, names lower-cased
// when fold; nil when there is none.
func joined(fields []request.Field, fold bool) map[string]string {
	if len(fields) == 0 {
		return nil
	}
	m := make(map[string]string, len(fields))
	for _, f := range fields {
		name := f.Name
		if fold {
			name = strings.ToLower(name)
		}
		if v, ok := m[name]; ok {
			m[name] = v + "," + f.Value
		} else {
			m[name] = f.Value
		}
	}
	return m
}

// addedHeaders are the headers API Gateway sets itself (V-2), with the
// values request.AppendAddedValue gives the Lambda proxy event too.
func addedHeaders(req *request.Request) [len(request.AddedHeaders)][2]string {
	var out [len(request.AddedHeaders)][2]string
	for i, name := range request.AddedHeaders {
		out[i] = [2]string{name, string(req.AppendAddedValue(nil, name))}
	}
	return out
}

// headersV2 are the 2.0 event's headers: names lower-case, repeats
// comma-joined, cookies left to their own list, API Gateway's own added.
func headersV2(req *request.Request) map[string]string {
	m := joined(req.Headers, true)
	if m == nil {
		m = map[string]string{}
	}
	delete(m, headerCookie)
	for _, h := range addedHeaders(req) {
		m[strings.ToLower(h[0])] = h[1]
	}
	return m
}

// canonicalV1 are the client headers whose names the 1.0 event writes in
// canonical casing (V-3, recommended); the others keep the client's.
var canonicalV1 = []string{"Host", "User-Agent", "Content-Length"}

// headersV1 are the 1.0 event's headers: repeats comma-joined, casing as
// V-3 recommends, API Gateway's own added.
func headersV1(req *request.Request) map[string]string {
	m := map[string]string{}
	for name, v := range joined(req.Headers, false) {
		for _, c := range canonicalV1 {
			if strings.EqualFold(name, c) {
				name = c
			}
		}
		m[name] = v
	}
	for _, h := range addedHeaders(req) {
		for name := range m {
			if strings.EqualFold(name, h[0]) {
				delete(m, name)
			}
		}
		m[http.CanonicalHeaderKey(h[0])] = h[1]
	}
	return m
}
