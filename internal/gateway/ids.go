package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/request"
	"github.com/google/uuid"
)

func init() { uuid.EnableRandPool() }

// newRequestID returns a UUID, as x-amzn-RequestId carries.
func newRequestID() string { return uuid.NewString() }

// newIDs makes a request id (a new UUID, as newRequestID) and its
// extended request id (x-amz-apigw-id, integration.ExtendedRequestID),
// both carved from s.
func (s *requestStrings) newIDs() (requestID, extendedID string) {
	start := len(s.b)
	requestID = s.take(appendUUID(s.b, uuid.New()), start)
	start = len(s.b)
	return requestID, s.take(integration.AppendExtendedRequestID(s.b, requestID), start)
}

// idsLen is the room newIDs takes.
const idsLen = uuidLen + integration.ExtendedRequestIDLen

// appendUUID appends u as UUID.String writes it: 8-4-4-4-12 hex digits.
func appendUUID(b []byte, u uuid.UUID) []byte {
	b = hex.AppendEncode(b, u[:4])
	for _, g := range [...][2]int{{4, 6}, {6, 8}, {8, 10}, {10, 16}} {
		b = hex.AppendEncode(append(b, '-'), u[g[0]:g[1]])
	}
	return b
}

// stringsRoom is the room a request's strings need in the gateway beyond
// its header block and query: its ids, its path and its method ARN, for
// a method of methodLen bytes and a raw path of pathLen (the decoded path
// in the ARN is no longer).
func (g *Gateway) stringsRoom(methodLen, pathLen int) int {
	n := idsLen + pathLen
	if g.arnRoom > 0 {
		n += g.arnRoom + methodLen + pathLen
	}
	return n
}

// methodARNRoom is the room any method ARN of g takes beyond its method
// and path (arn.AppendMethodARN), 0 when no API of g builds one (none has
// an authorizer or a resource policy).
func (g *Gateway) methodARNRoom() int {
	n := 0
	for _, st := range g.apis {
		if len(st.authorizers) > 0 || st.policy != nil {
			n = max(n, len(st.api.ID)+len(st.api.Stage))
		}
	}
	if n == 0 {
		return 0
	}
	return len(arn.Prefix) + len(g.cfg.Region) + len(g.cfg.AccountID) + n + len("::///") // the separators
}

// addIDs adds the identifiers every API Gateway response carries (G-6) to
// resp, the answer, whose headers are its own (Response.answer).
// x-amz-apigw-id is the extendedRequestId the Lambda-proxy event carries.
// An HTTP API's responses carry apigw-requestid instead.
func addIDs(x *exchange, resp *Response) {
	if x.isHTTP() {
		addHTTPAPIID(x, resp)
		return
	}
	resp.Headers = append(resp.Headers,
		request.Field{Name: HeaderRequestID, Value: x.req.RequestID},
		request.Field{Name: HeaderAPIGWID, Value: x.extendedID},
	)
}

// resourceID derives a stable 10-character resource id from the API id and
// the resource path, as API Gateway gives every resource one.
func resourceID(apiID, path string) string {
	sum := sha256.Sum256([]byte(apiID + path))
	return hex.EncodeToString(sum[:5])
}

// deploymentID derives a stable 6-character [a-z0-9] id for the deployment
// a stage serves, shaped like API Gateway's ("ab12cd"; L-1).
func deploymentID(apiID, stage string) string {
	return api.IDFor(apiID + "/" + stage)[:deploymentIDLen]
}

const deploymentIDLen = 6

// decodedPath percent-decodes a request path for the method ARN (P-1:
// decoded); the router has already rejected bad escapes.
func decodedPath(raw string) string {
	p, err := url.PathUnescape(raw)
	if err != nil {
		return raw
	}
	return p
}
